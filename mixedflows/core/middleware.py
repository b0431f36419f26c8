import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class IdleTimeoutMiddleware:
    """Sign out a session left idle on a shared laptop (MIXEDFLOWS_SESSION_IDLE_SECONDS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity", now)
            if now - last > settings.SESSION_IDLE_SECONDS:
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
