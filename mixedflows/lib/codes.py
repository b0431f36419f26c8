"""Country and language codes from pycountry (ISO 3166-1 alpha-3, ISO 639-3)."""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_3, c.name) for c in pycountry.countries), key=lambda c: c[1])


# Languages heard on the Mediterranean and Horn of Africa routes that have no ISO 639-1 code.
ROUTE_LANGUAGES = {
    "tir",
    "apd",
    "apc",
    "arz",
    "aeb",
    "ary",
    "arq",
    "ayl",
    "prs",
    "pbu",
    "fuf",
    "fuv",
    "dyu",
    "bam",
    "tig",
    "bej",
    "kri",
    "men",
    "snk",
    "wol",
    "mnk",
    "hau",
    "ckb",
    "kmr",
    "bal",
    "ful",
    "mey",
    "rhg",
}


@cache
def language_choices() -> list[tuple[str, str]]:
    """Languages to offer in pick lists: those with an ISO 639-1 code plus the routes' own; any ISO 639-3 code is accepted."""
    languages = [
        (lang.alpha_3, lang.name)
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2") or lang.alpha_3 in ROUTE_LANGUAGES
    ]
    return sorted(languages, key=lambda lang: lang[1])


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code.upper()) is not None if len(code) == 3 else False


def is_language(code: str) -> bool:
    return len(code) == 3 and pycountry.languages.get(alpha_3=code.lower()) is not None


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code) if code else None
    return country.name if country else (code or "")


def _local_catalogue(domain: str) -> gettext.NullTranslations:
    """pycountry's own catalogue of `domain` (iso3166-1, iso639-3, iso4217) in the active interface language."""
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name_local(code: str) -> str:
    """The country's name in the active interface language; the stored value stays the ISO code."""
    return _local_catalogue("iso3166-1").gettext(country_name(code)) if code else ""


def language_name_local(code: str) -> str:
    return _local_catalogue("iso639-3").gettext(language_name(code)) if code else ""


def local_country_choices() -> list[tuple[str, str]]:
    names = _local_catalogue("iso3166-1")
    return sorted(((code, names.gettext(name)) for code, name in country_choices()), key=lambda c: c[1])


def local_language_choices() -> list[tuple[str, str]]:
    names = _local_catalogue("iso639-3")
    return sorted(((code, names.gettext(name)) for code, name in language_choices()), key=lambda c: c[1])


def local_currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 currencies as `EUR · Euro`, the name in the interface language, in code order."""
    names = _local_catalogue("iso4217")
    return sorted((c.alpha_3, f"{c.alpha_3} · {names.gettext(c.name)}") for c in pycountry.currencies)


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_3=code) if code else None
    return language.name if language else (code or "")


def _code_of(text: str, database, *, case) -> str:
    """Accept a code of three letters, a shorter code or a name; return the three-letter code (or the input, to be
    refused by the service)."""
    text = (text or "").strip()
    if not text:
        return ""
    code = case(text.split(" ")[0])
    if len(code) == 3 and database.get(alpha_3=code):
        return code
    try:
        return database.lookup(text).alpha_3
    except LookupError:
        return text


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-3 code from an alpha-3 or alpha-2 code or a country name."""
    return _code_of(text, pycountry.countries, case=str.upper)


def language_code(text: str) -> str:
    """An ISO 639-3 code from a three- or two-letter code or a language name."""
    return _code_of(text, pycountry.languages, case=str.lower)
