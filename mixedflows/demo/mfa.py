"""Demo logins whose roles need a second factor share one invented authenticator key, printed by
`mixedflows demo`; `mixedflows demo --code` prints its current code for those without a phone at hand."""

import base64
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixedflows.core.mfa import mfa_required
from mixedflows.core.models import User

# Invented for the demo, never for a real deployment: 20 bytes, as authenticator apps expect.
DEMO_TOTP_KEY_HEX = "6d69786564666c6f77732d64656d6f2d746f7470"


def demo_totp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def demo_totp_code() -> str:
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX))
    totp.time = time.time()
    return f"{totp.token():06d}"


def add_mfa_demo() -> list[str]:
    """Give every demo login that needs a second factor the demo authenticator (once); their usernames."""
    needing = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        if not mfa_required(user):
            continue
        needing.append(user.username)
        TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "demo authenticator", "key": DEMO_TOTP_KEY_HEX}
        )
    return needing
