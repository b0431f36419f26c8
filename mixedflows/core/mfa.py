"""Two-factor sign-in (django-otp): TOTP with recovery codes, required for roles that see sensitive
field groups, approve money, export or administer (`roles.MFA_PERMISSIONS`), and asked again before
changing it, exporting or overriding consent (`recent_mfa_required`).

A session is two-factor once `MFA_VERIFIED_AT` is in it (a code was checked at sign-in);
`recently_verified` asks whether that was in the last `MIXEDFLOWS_MFA_REAUTH_SECONDS`.
"""

import base64
import time
from functools import wraps
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import MFA_PERMISSIONS

MFA_VERIFIED_AT = "mfa_verified_at"
RECOVERY_CODES = 10


def mfa_required(user: User) -> bool:
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.permissions & MFA_PERMISSIONS)


def has_mfa(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    return MFA_VERIFIED_AT in request.session


def recently_verified(request) -> bool:
    at = request.session.get(MFA_VERIFIED_AT)
    return at is not None and time.time() - at <= settings.MFA_REAUTH_SECONDS


def mark_verified(request, device=None) -> None:
    if device is not None:
        otp_login(request, device)
    request.session[MFA_VERIFIED_AT] = int(time.time())


def recent_mfa_required(view):
    """Ask for a code again unless one was given in the last few minutes (exports, consent override)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not recently_verified(request):
            return redirect_to_verify(request, back_url(request))
        return view(request, *args, **kwargs)

    return wrapper


def back_url(request) -> str:
    """Where to go on after the code: the page itself for a GET; the page the form was on for a POST,
    which the user sends again (a redirect cannot repeat a POST)."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return reverse("home")


def redirect_to_verify(request, next_url: str):
    target = "mfa_verify" if has_mfa(request.user) else "mfa_setup"
    return redirect(f"{reverse(target)}?{urlencode({'next': next_url, 'again': 1})}")


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once, until a code from it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, drawn here (no outside service)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def mfa_devices_remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def mfa_enrol(*, actor: User, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it; returns the new recovery codes, or None if wrong."""
    if device.user_id != actor.pk or not device.verify_token(code.strip().replace(" ", "")):
        audit_record(actor=actor, action=AuditAction.MFA_FAILED, object_type="user", object_id=actor.uuid)
        return None
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(actor)
    mark_verified(request, device)
    audit_record(
        actor=actor, action=AuditAction.MFA_ENROL, object_type="user", object_id=actor.uuid, fields=["totp"]
    )
    return codes


@transaction.atomic
def mfa_verify(*, actor: User, request, code: str) -> bool:
    """Check a code from the authenticator, or one recovery code (used once)."""
    code = code.strip().replace(" ", "").lower()
    for device in [
        *TOTPDevice.objects.filter(user=actor, confirmed=True),
        *StaticDevice.objects.filter(user=actor),
    ]:
        if device.verify_token(code):
            mark_verified(request, device)
            recovery = isinstance(device, StaticDevice)
            audit_record(
                actor=actor,
                action=AuditAction.MFA_VERIFIED,
                object_type="user",
                object_id=actor.uuid,
                detail={"recovery_code": recovery, "recovery_codes_left": device.token_set.count()}
                if recovery
                else {},
            )
            return True
    audit_record(actor=actor, action=AuditAction.MFA_FAILED, object_type="user", object_id=actor.uuid)
    return False


@transaction.atomic
def recovery_codes_renew(*, actor: User) -> list[str]:
    codes = _new_recovery_codes(actor)
    audit_record(
        actor=actor,
        action=AuditAction.MFA_CHANGE,
        object_type="user",
        object_id=actor.uuid,
        fields=["recovery_codes"],
    )
    return codes
