import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from mixedflows.core.audit import AuditAction, audit_record


class IdleTimeoutMiddleware:
    """Sign out a session left idle on a shared laptop (MIXEDFLOWS_SESSION_IDLE_SECONDS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity", now)
            if now - last > settings.SESSION_IDLE_SECONDS:
                user = request.user
                audit_record(
                    actor=user,
                    action=AuditAction.SIGN_OUT,
                    object_type="user",
                    object_id=user.uuid,
                    detail={"idle": True},
                )
                logout(request)
                return redirect(reverse(settings.LOGIN_URL) + "?idle=1")
            request.session["last_activity"] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user works in the language saved on her profile; before sign-in LocaleMiddleware
    has chosen from the language cookie or the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


PERMISSIONS_POLICY = ", ".join(
    [
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "display-capture=()",
        "browsing-topics=()",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)


class PrivateResponseMiddleware:
    """No page is kept by the browser or a proxy (the back button after sign-out on a shared laptop shows
    nothing), and pages get no camera, microphone, location or other device access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(
            response, no_store=True, no_cache=True, must_revalidate=True, private=True, max_age=0
        )
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


class MFARequiredMiddleware:
    """A user whose roles need a second factor reaches only the two-factor pages (and sign-out) until a
    code from their authenticator (or a recovery code) was given in this session."""

    OPEN = {"mfa_setup", "mfa_verify", "logout", "set_language", "javascript-catalog"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from mixedflows.core import mfa

        user = request.user
        if not user.is_authenticated or mfa.is_verified(request) or not mfa.mfa_required(user):
            return None
        if request.resolver_match and request.resolver_match.url_name in self.OPEN:
            return None
        target = "mfa_verify" if mfa.has_mfa(user) else "mfa_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
