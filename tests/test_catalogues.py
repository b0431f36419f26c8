"""The translation catalogues are complete, compile cleanly and match the code (docs/languages.md).

For every app with a `locale/` directory (and the project's own): each `.po` compiles with
`msgfmt --check`, has no untranslated or fuzzy entry, and is not stale: `makemessages` run on a
temporary copy of the app finds no string that the committed catalogue lacks. For the apps whose
templates are fully marked, no template text is left outside `{% translate %}`.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from mixedflows.lib.catalogues import IGNORED, PACKAGE_DIR, po_files, translated_languages

APPS_WITH_CATALOGUES = sorted(
    p.parent.name for p in PACKAGE_DIR.glob("*/locale") if (p.parent / "apps.py").exists()
)
# Apps whose every template string is marked: a new unmarked text in their templates fails.
# Every app's templates are fully marked (and the project's own: base, sign-in, error pages): a new unmarked
# text in any template fails.
FULLY_MARKED_TEMPLATES = [
    ".",  # mixedflows/templates
    *sorted(p.parent.name for p in PACKAGE_DIR.glob("*/templates") if (p.parent / "apps.py").exists()),
]
# Not language: file format names and the brand are the same in every interface language.
NOT_LANGUAGE = {"XLSX", "PDF", "CSV", "mixedflows", "· mixedflows"}


def _po_files_of(app: str) -> list[Path]:
    return [p for p in po_files() if p.is_relative_to(PACKAGE_DIR / app / "locale")]


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def test_the_catalogued_apps_include_screening_and_referrals():
    assert {"core", "people", "screening", "referrals"} <= set(APPS_WITH_CATALOGUES)


@pytest.mark.parametrize("po", po_files(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_the_catalogue_compiles_cleanly_and_is_complete(po, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(str(po))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{po}: not translated: {untranslated}"
    assert not fuzzy, f"{po}: fuzzy (check the guess, then remove the flag): {fuzzy}"
    if po.parent.parent.name == "ar":
        assert "nplurals=6;" in catalogue.metadata.get("Plural-Forms", "")
        for entry in catalogue:
            if entry.msgid_plural:
                assert len(entry.msgstr_plural) == 6 and all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_the_catalogue_is_not_stale(app, tmp_path, settings):
    """What makemessages extracts from the code now is all in the committed catalogue."""
    copy = tmp_path / app
    shutil.copytree(
        PACKAGE_DIR / app, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo", "static")
    )
    if (PACKAGE_DIR / app / "static").exists():
        # JavaScript strings go to djangojs.po: keep the scripts, not the images and vendored files.
        shutil.copytree(
            PACKAGE_DIR / app / "static", copy / "static", ignore=shutil.ignore_patterns("vendor", "*.min.js")
        )
    settings.LOCALE_PATHS = []
    domains = sorted({p.stem for p in _po_files_of(app)})
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        for domain in domains:
            call_command(
                "makemessages",
                locale=translated_languages(),
                domain=domain,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    missing = {}
    for po in _po_files_of(app):
        committed = {_key(e) for e in polib.pofile(str(po)) if not e.obsolete}
        extracted = {_key(e) for e in polib.pofile(str(copy / po.relative_to(PACKAGE_DIR / app)))}
        if lacking := sorted(extracted - committed):
            missing[str(po.relative_to(PACKAGE_DIR))] = lacking
    assert not missing, f"run `mixedflows messages` and translate: {missing}"


_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]*>", re.DOTALL)
_BLOCK = re.compile(
    r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end(blocktranslate|blocktrans)\s*%}"
    r"|<(script|style)\b.*?</(script|style)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r'\b(title|placeholder|aria-label|alt)="([^"{]*[A-Za-z][^"{]*)"')


@pytest.mark.parametrize("app", FULLY_MARKED_TEMPLATES)
def test_every_template_text_is_marked(app):
    unmarked = []
    for template in sorted((PACKAGE_DIR / app / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        unmarked += [f"{template.name}: {m.group(0)}" for m in _ATTRIBUTE.finditer(text)]
        for piece in _TAG.split(_BLOCK.sub(" ", text)):
            words = piece.strip()
            if re.search(r"[A-Za-z]{2,}", words) and words not in NOT_LANGUAGE:
                unmarked.append(f"{template.name}: {words[:60]}")
    assert not unmarked, unmarked
