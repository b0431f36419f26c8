"""The shared PDF renderer: shipped fonts, Latin and Arabic text, shaped Arabic, no outside files."""

import io
import re

from pypdf import PdfReader

from mixedflows.lib.pdf import ETHIOPIC_FAMILY, FONT_FAMILY, render_pdf


def _reader(html: str) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(html)))


def _glyphs_for(reader: PdfReader, char: str) -> set[str]:
    """Glyph ids that the embedded fonts' ToUnicode maps give for one character."""
    code = f"{ord(char):04X}"
    glyphs: set[str] = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
        glyphs.update(re.findall(rf"<([0-9A-Fa-f]+)>\s*<{code}>", cmap))
    return glyphs


def test_latin_and_arabic_text_are_in_the_shipped_font():
    reader = _reader('<p>Centre de rétention</p><p dir="rtl" lang="ar">تقرير الزيارة</p>')
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all(name.endswith(FONT_FAMILY) for name in fonts), fonts

    text = reader.pages[0].extract_text()
    assert "Centre de rétention" in text
    assert "الزيارة" in text or "ةرايزلا" in text


def test_geez_names_are_drawn_in_the_shipped_ethiopic_font():
    reader = _reader("<p>Yonas ዮናስ ተክለ</p>")
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(name.endswith(ETHIOPIC_FAMILY) for name in fonts), fonts
    assert "ዮናስ" in reader.pages[0].extract_text()


def test_arabic_letters_are_joined():
    # Meem starts and sits inside "محمد": shaped text draws two different glyphs for it
    # (initial and medial forms); unshaped text would draw the isolated form twice.
    reader = _reader('<p dir="rtl" lang="ar">محمد</p>')
    assert len(_glyphs_for(reader, "م")) == 2


def test_files_outside_the_package_are_not_read(tmp_path):
    from PIL import Image

    picture = tmp_path / "outside.png"
    Image.new("RGB", (20, 20), "red").save(picture)
    reader = _reader(f'<p>x</p><img src="{picture.as_uri()}"><img src="http://127.0.0.1:9/x.png">')
    assert not reader.pages[0]["/Resources"]["/XObject"]
