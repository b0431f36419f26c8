"""Sign-in throttling without locking the owner out (ASVS V6): a growing delay, never a 30-minute lock.

Failures are counted per username and per client address. Past `MIXEDFLOWS_LOGIN_FAILURE_LIMIT`
failures for a username (or `MIXEDFLOWS_LOGIN_ADDRESS_LIMIT` from one address: officers at a landing
point share one), each further attempt must wait a delay that doubles, from 15 seconds up to
`MIXEDFLOWS_LOGIN_MAX_DELAY_SECONDS`. Guessing becomes hopeless; the owner waits seconds or minutes.
A success clears the username's count. Keys are keyed hashes: no username or address in clear.
The client address is REMOTE_ADDR, or behind a proxy listed in `MIXEDFLOWS_TRUSTED_PROXIES` the
nearest address in X-Forwarded-For that is not one of those proxies.
"""

import datetime
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mixedflows.core.models import SignInThrottle

FIRST_DELAY_SECONDS = 15


def _networks():
    return [ipaddress.ip_network(p.strip(), strict=False) for p in settings.TRUSTED_PROXIES if p.strip()]


def client_address(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as the configured proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()

    def trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)

    if not networks or not trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop
    return hops[0] if hops else remote


def _key(kind: str, value: str) -> str:
    return salted_hmac(
        "mixedflows.signin-throttle", f"{kind}:{value.strip().lower()}", algorithm="sha256"
    ).hexdigest()


def username_key(username: str) -> str:
    return _key("user", username)


@dataclass
class Throttle:
    wait_seconds: int
    by_username: bool


def _delay(failures: int, limit: int) -> int:
    if failures < limit:
        return 0
    return int(min(FIRST_DELAY_SECONDS * math.pow(2, failures - limit), settings.LOGIN_MAX_DELAY_SECONDS))


def throttle_for(username: str, address: str) -> Throttle | None:
    """The wait before this attempt may be checked, or None when it may be checked now."""
    now = timezone.now()
    rows = {
        row.key: row
        for row in SignInThrottle.objects.filter(key__in=[username_key(username), _key("address", address)])
    }
    for key, limit, by_username in (
        (username_key(username), settings.LOGIN_FAILURE_LIMIT, True),
        (_key("address", address), settings.LOGIN_ADDRESS_LIMIT, False),
    ):
        row = rows.get(key)
        if row is None:
            continue
        until = row.last_failure_at + datetime.timedelta(seconds=_delay(row.failures, limit))
        if until > now:
            return Throttle(wait_seconds=math.ceil((until - now).total_seconds()), by_username=by_username)
    return None


@transaction.atomic
def record_failure(username: str, address: str) -> int:
    """Count a failed sign-in; returns the username's failures so far."""
    now = timezone.now()
    failures = 0
    for key in (username_key(username), _key("address", address)):
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure_at": now}
        )
        row.failures += 1
        row.last_failure_at = now
        row.save(update_fields=["failures", "last_failure_at"])
        failures = failures or row.failures
    return failures


def record_success(username: str) -> None:
    SignInThrottle.objects.filter(key=username_key(username)).delete()


def throttled_usernames(usernames) -> dict[str, int]:
    """Of these usernames, those whose sign-ins are being slowed down, with their failure counts."""
    keys = {username_key(u): u for u in usernames}
    return {
        keys[row.key]: row.failures
        for row in SignInThrottle.objects.filter(key__in=keys, failures__gte=settings.LOGIN_FAILURE_LIMIT)
    }
