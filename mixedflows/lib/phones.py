"""Phone numbers stored in E.164 (+393331234567) and shown the way people read them (phonenumbers).

A number typed without its country prefix is read as a number of the site's country; one of
another country is accepted with its + prefix (or 00). Docs: docs/languages.md, "Phone numbers".
"""

import phonenumbers
import pycountry
from django.utils.translation import gettext as _

from mixedflows.lib.codes import country_name_local
from mixedflows.lib.dates import normalise_digits


class PhoneError(ValueError):
    pass


def region_of(country: str) -> str | None:
    """phonenumbers' region (ISO 3166-1 alpha-2) of an alpha-3 country code, None when unknown."""
    found = pycountry.countries.get(alpha_3=country.upper()) if country and len(country) == 3 else None
    return found.alpha_2 if found else None


def phone_e164(text: str, *, country: str = "") -> str:
    """The E.164 form of a typed number ('' for ''), reading a number without + as one of `country`."""
    typed = normalise_digits(text).strip()
    if not typed:
        return ""
    if typed.startswith("00"):
        typed = "+" + typed[2:]
    region = region_of(country)
    try:
        number = phonenumbers.parse(typed, None if typed.startswith("+") else region)
    except phonenumbers.NumberParseException as error:
        if (
            error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
            and not typed.startswith("+")
        ):
            raise PhoneError(
                _(
                    "This number has no country prefix: type it with + and the country code, e.g. +39 333 123 4567."
                )
            ) from error
        raise PhoneError(_("This is not a phone number.")) from error
    if not phonenumbers.is_valid_number(number):
        where = pycountry.countries.get(alpha_2=phonenumbers.region_code_for_number(number) or region or "")
        country_name = country_name_local(where.alpha_3) if where else ""
        if country_name and not typed.startswith("+"):
            message = _(
                "This is not a valid phone number in %(country)s: a number of another country needs its + prefix."
            )
        else:
            message = _("This is not a valid phone number (check the country code and the number of digits).")
        raise PhoneError(message % {"country": country_name})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, *, country: str = "") -> str:
    """A stored number as people read it: the national format in its own country, the international one abroad.

    A value that is not a parseable number (an old record the migration could not read) is shown as it is.
    """
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    local = phonenumbers.region_code_for_number(number) == region_of(country)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if local else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
