"""Currencies are ISO 4217 codes (pycountry); money is always a Decimal."""

from functools import cache

import pycountry


def is_currency(code: str) -> bool:
    return len(code or "") == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


@cache
def currency_choices() -> list[tuple[str, str]]:
    return sorted((c.alpha_3, f"{c.alpha_3} · {c.name}") for c in pycountry.currencies)
