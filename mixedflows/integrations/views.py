"""Pages for API tokens (each user's own), service accounts and webhooks (the agency administrator's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.integrations import selectors, services
from mixedflows.integrations.forms import ServiceAccountForm, TokenForm, WebhookForm


def tokens(request):
    """The user's tokens; a new token's secret is shown once, in this answer only (never in a URL)."""
    user = request.user
    accounts = list(selectors.service_accounts_of(user=user)) if user.can(Perm.MANAGE_USERS) else []
    form = TokenForm(request.POST or None, accounts=accounts)
    created = None
    if request.method == "POST" and form.is_valid():
        holder = next((a.user for a in accounts if str(a.uuid) == form.cleaned_data.get("holder")), None)
        try:
            created = services.token_create(
                actor=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_days=form.cleaned_data["expires_days"],
                user=holder,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm(accounts=accounts)
    response = render(
        request,
        "integrations/tokens.html",
        {"tokens": selectors.tokens_of(user=user), "form": form, "created": created, "accounts": accounts},
        status=422 if form.errors else 200,
    )
    return response


@require_POST
def token_revoke(request, uuid):
    token = get_or_404(selectors.token_for, user=request.user, uuid=uuid)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("integrations:tokens")


@requires(Perm.MANAGE_USERS)
def service_accounts(request):
    form = ServiceAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_account_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Service account created; give it a token on the API page."))
            return redirect("integrations:service_accounts")
    return render(
        request,
        "integrations/service_accounts.html",
        {"accounts": selectors.service_accounts_of(user=request.user), "form": form},
        status=422 if form.errors else 200,
    )


@requires(Perm.MANAGE_USERS)
def webhooks(request):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("integrations:webhook", uuid=endpoint.uuid)
    return render(
        request,
        "integrations/webhooks.html",
        {"endpoints": selectors.endpoints_of(user=request.user), "form": form},
        status=422 if form.errors else 200,
    )


@requires(Perm.MANAGE_USERS)
def webhook(request, uuid):
    """One endpoint: its signing secret (for the receiver to check signatures) and the delivery log."""
    endpoint = get_or_404(selectors.endpoint_for, user=request.user, uuid=uuid)
    return render(
        request,
        "integrations/webhook.html",
        {"endpoint": endpoint, "deliveries": selectors.deliveries_of(user=request.user, endpoint=endpoint)},
    )


@require_POST
@requires(Perm.MANAGE_USERS)
def delivery_replay(request, uuid):
    delivery = get_or_404(selectors.delivery_for, user=request.user, uuid=uuid)
    services.delivery_replay(actor=request.user, delivery=delivery)
    messages.success(request, _("Delivery queued again."))
    return redirect("integrations:webhook", uuid=delivery.endpoint.uuid)
