"""HTML to PDF with WeasyPrint, in the fonts shipped beside this module (Latin, Arabic and Ge'ez script).

The fonts travel with the package so a report looks the same on a field laptop and on the
server, whatever fonts the machine has; Pango and HarfBuzz shape Arabic (joined letters,
right to left) when the page says `dir="rtl"` or the text is Arabic.
"""

from pathlib import Path

FONTS = Path(__file__).with_name("fonts")
FONT_FAMILY = "MixedflowsSans"  # DejaVu Sans: Latin, Arabic
ETHIOPIC_FAMILY = "MixedflowsEthiopic"  # Noto Sans Ethiopic: Ge'ez script (Tigrinya, Amharic names)

_FONT_CSS = f"""
@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: normal;
  src: url("{(FONTS / "DejaVuSans.ttf").as_uri()}"); }}
@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: bold;
  src: url("{(FONTS / "DejaVuSans-Bold.ttf").as_uri()}"); }}
@font-face {{ font-family: "{ETHIOPIC_FAMILY}"; font-weight: normal;
  src: url("{(FONTS / "NotoSansEthiopic-Regular.ttf").as_uri()}"); }}
@font-face {{ font-family: "{ETHIOPIC_FAMILY}"; font-weight: bold;
  src: url("{(FONTS / "NotoSansEthiopic-Bold.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 18mm 16mm 20mm;
  @bottom-center {{ content: counter(page) " / " counter(pages); font-family: "{FONT_FAMILY}"; font-size: 8pt; }} }}
html {{ font-family: "{FONT_FAMILY}", "{ETHIOPIC_FAMILY}"; font-size: 10pt; line-height: 1.35; }}
"""


def render_pdf(html: str, *, stylesheet: str = "") -> bytes:
    """A PDF of `html` in the shipped fonts; `stylesheet` is extra CSS laid over the defaults.

    Nothing is fetched over the network: only the package's own files (the fonts) are read.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _package_files_only()
    fonts = FontConfiguration()
    sheets = [CSS(string=_FONT_CSS, font_config=fonts, url_fetcher=fetcher)]
    if stylesheet:
        sheets.append(CSS(string=stylesheet, font_config=fonts, url_fetcher=fetcher))
    return HTML(string=html, url_fetcher=fetcher, base_url=FONTS.as_uri() + "/").write_pdf(
        stylesheets=sheets, font_config=fonts
    )


def _package_files_only():
    from weasyprint.urls import URLFetcher

    root = Path(__file__).resolve().parents[1].as_uri()

    class PackageFilesOnly(URLFetcher):
        """Reads files of the mixedflows package (fonts, images) and nothing else: no network, no /etc."""

        def fetch(self, url, headers=None):
            if not url.startswith(root + "/") or ".." in url:
                raise ValueError("PDF rendering reads the package's own files only")
            return super().fetch(url, headers)

    return PackageFilesOnly(allowed_protocols={"file"})
