import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


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
