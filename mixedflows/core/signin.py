"""Sign-in, sign-out and password change: each an event in the audit trail, sign-ins throttled (core.throttle)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from mixedflows.core import throttle
from mixedflows.core.audit import audit_record
from mixedflows.core.models import User


def _known(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip()).first() if username else None


def _audit_attempt(action: str, username: str, **detail) -> None:
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
            _audit_attempt("sign_in_throttled", username, wait_seconds=wait.wait_seconds)
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
        audit_record(actor=user, action="sign_in", object_type="user", object_id=user.uuid)
        return response

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        failures = throttle.record_failure(username, throttle.client_address(self.request))
        _audit_attempt("sign_in_failed", username, failures=failures)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            audit_record(actor=user, action="sign_out", object_type="user", object_id=user.uuid)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        audit_record(actor=user, action="password_change", object_type="user", object_id=user.uuid)
        messages.success(self.request, _("Your password was changed."))
        return response
