"""The translation catalogues: where they are, how to update them from the code and compile them.

Each app keeps `locale/<lang>/LC_MESSAGES/django.po` (and `djangojs.po` for its JavaScript); the
project's own templates (base, sign-in, error pages) and modules outside the apps use
`mixedflows/locale/`. The compiled `.mo` files are built, never committed (docs/languages.md).
"""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Never extracted: tests and invented demo data are not interface; vendored files are not ours.
IGNORED = ["tests", "static/vendor", "*.min.js"]
_UNSTABLE_HEADER = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.MULTILINE)
_TEMPLATE_HEADER = re.compile(r"\A# SOME DESCRIPTIVE TITLE.*?\n#, fuzzy\n", re.DOTALL)


def translated_languages() -> list[str]:
    """Every interface language but the source language (English is the text of the code itself)."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def po_files() -> list[Path]:
    return sorted(
        p for p in PACKAGE_DIR.rglob("locale/*/LC_MESSAGES/*.po") if not set(p.parts) & {"tests", ".venv"}
    )


def update_catalogues(languages: list[str] | None = None) -> None:
    """Extract every marked string into each app's catalogues (makemessages from the package directory,
    which puts each file's strings in the catalogue of the app that holds it)."""
    import os

    from django.core.management import call_command

    languages = languages or translated_languages()
    for app in PACKAGE_DIR.iterdir():
        if (app / "apps.py").exists():
            (app / "locale").mkdir(exist_ok=True)
    (PACKAGE_DIR / "locale").mkdir(exist_ok=True)
    cwd = os.getcwd()
    os.chdir(PACKAGE_DIR)
    try:
        for domain in ("django", "djangojs"):
            call_command(
                "makemessages",
                locale=languages,
                domain=domain,
                ignore_patterns=IGNORED,
                add_location="file",
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    for po in po_files():
        text = po.read_text(encoding="utf-8")
        # The extraction date changes on every run: parallel branches would conflict on it for nothing.
        stable = _UNSTABLE_HEADER.sub("", text).replace("PACKAGE VERSION", "mixedflows")
        stable = _new_catalogue_header(stable, language=po.parent.parent.name)
        if stable != text:
            po.write_text(stable, encoding="utf-8")


def compile_catalogues(*, check: bool = True) -> list[str]:
    """Compile each .po whose .mo is missing or older; return msgfmt's complaints (empty when clean)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return ["msgfmt not found: install gettext (apt-get install gettext) to use French and Arabic"]
    problems = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        args = [msgfmt, *(["--check"] if check else []), "-o", str(mo), str(po)]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(result.stderr.strip())
    return problems


def _new_catalogue_header(text: str, *, language: str) -> str:
    """A new catalogue gets a real header: gettext leaves it fuzzy, and msgfmt then drops the plural forms."""
    if not _TEMPLATE_HEADER.match(text):
        return text
    from datetime import UTC, datetime

    name = dict(settings.LANGUAGES).get(language, language)
    today = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    text = _TEMPLATE_HEADER.sub(
        f"# mixedflows interface in {name} ({language}). Workflow: docs/languages.md.\n", text
    )
    return (
        text.replace('"Language: \\n"', f'"Language: {language}\\n"')
        .replace("PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE", f"PO-Revision-Date: {today}")
        .replace("Last-Translator: FULL NAME <EMAIL@ADDRESS>", "Last-Translator: mixedflows translators")
        .replace("Language-Team: LANGUAGE <LL@li.org>", f"Language-Team: {name}")
    )
