"""Countries and languages by their name in the active interface language (pycountry's own catalogues); the
stored value stays the ISO code."""

import gettext

import pycountry
from django.utils.translation import get_language

from mixedflows.lib.codes import country_choices, language_choices


def _catalogue(domain: str) -> gettext.NullTranslations:
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def local_country_choices() -> list[tuple[str, str]]:
    names = _catalogue("iso3166-1")
    return sorted(((code, names.gettext(name)) for code, name in country_choices()), key=lambda c: c[1])


def local_language_choices() -> list[tuple[str, str]]:
    names = _catalogue("iso639-3")
    return sorted(((code, names.gettext(name)) for code, name in language_choices()), key=lambda c: c[1])


def local_country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code) if code else None
    return _catalogue("iso3166-1").gettext(country.name) if country else (code or "")


def local_language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_3=code) if code else None
    return _catalogue("iso639-3").gettext(language.name) if language else (code or "")


def local_currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 currencies as `EUR · Euro`, the name in the interface language, in code order."""
    names = _catalogue("iso4217")
    return sorted((c.alpha_3, f"{c.alpha_3} · {names.gettext(c.name)}") for c in pycountry.currencies)
