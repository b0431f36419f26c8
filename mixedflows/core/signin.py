"""Sign-in (password, then a second factor where the role needs one), sign-out and password change: each an
event in the audit trail; sign-ins throttled (core.throttle)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from mixedflows.core import mfa, throttle
from mixedflows.core.access import access_suspended
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User


def _known(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip()).first() if username else None


def _audit_attempt(action: AuditAction, username: str, **detail) -> None:
    """A failed or slowed-down sign-in, under the user it named when there is one (never the text typed)."""
    user = _known(username)
    audit_record(
        actor="anonymous",
        action=action,
        object_type="user",
        object_id=user.uuid if user else "",
        organisation=user.organisation if user else None,
        detail={**detail, "known_user": bool(user)},
    )


class LoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = throttle.client_address(request)
        wait = throttle.throttle_for(username, address)
        if wait is not None:
            _audit_attempt(AuditAction.SIGN_IN_THROTTLED, username, wait_seconds=wait.wait_seconds)
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Too many failed sign-ins %(what)s. Wait %(seconds)s seconds and try again; "
                    "your agency's administrator can see this."
                )
                % {
                    "what": _("for this account") if wait.by_username else _("from this address"),
                    "seconds": wait.wait_seconds,
                },
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        throttle.record_success(user.get_username())
        audit_record(actor=user, action=AuditAction.SIGN_IN, object_type="user", object_id=user.uuid)
        return response

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        user = _known(username)
        if user and access_suspended(user) and user.check_password(self.request.POST.get("password", "")):
            # The right password of a suspended account: say so (to its owner), and record the refusal.
            audit_record(
                actor="anonymous",
                action=AuditAction.SIGN_IN_REFUSED,
                object_type="user",
                object_id=user.uuid,
                organisation=user.organisation,
                detail={"suspended": True},
            )
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Access of this account is suspended (a data protection measure). Your agency's data "
                    "protection officer or administrator can tell you more."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=403)
        failures = throttle.record_failure(username, throttle.client_address(self.request))
        _audit_attempt(AuditAction.SIGN_IN_FAILED, username, failures=failures)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            audit_record(actor=user, action=AuditAction.SIGN_OUT, object_type="user", object_id=user.uuid)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        audit_record(actor=user, action=AuditAction.PASSWORD_CHANGE, object_type="user", object_id=user.uuid)
        messages.success(self.request, _("Your password was changed."))
        return response


# --- Two-factor sign-in (core.mfa) ---------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_l("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_l("6 digits from your authenticator app, or one of your recovery codes"),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def mfa_verify(request):
    """The second step of signing in, and the check again before an export or a consent override."""
    if not mfa.has_mfa(request.user):
        return redirect(f"{reverse('mfa_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_verify(actor=request.user, request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error(
            "code", _("That code is not right (or was already used). Wait a moment and try the next one.")
        )
    return render(
        request,
        "core/mfa_verify.html",
        {"form": form, "next": _next(request), "again": request.GET.get("again")},
    )


def mfa_setup(request):
    """Enrol an authenticator app (first sign-in of a role that needs it), or renew the recovery codes."""
    user = request.user
    if mfa.has_mfa(user):
        if not mfa.recently_verified(request):
            return mfa.redirect_to_verify(request, request.get_full_path())
        if request.method == "POST" and request.POST.get("action") == "renew":
            codes = mfa.recovery_codes_renew(actor=user)
            return render(request, "core/mfa_codes.html", {"codes": codes, "next": reverse("mfa_setup")})
        return render(request, "core/mfa_setup.html", {"enrolled": True, "required": mfa.mfa_required(user)})
    device = mfa.totp_device_for_setup(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.mfa_enrol(actor=user, request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "core/mfa_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code is not right. Check the phone's clock and try the next one."))
    return render(
        request,
        "core/mfa_setup.html",
        {
            "form": form,
            "secret": mfa.totp_secret(device),
            "qr": mfa.qr_data_uri(device),
            "next": _next(request),
            "required": mfa.mfa_required(user),
        },
    )
