"""Writes of tokens, service accounts and webhooks: keyword-only, one transaction, audited inside it."""

import datetime
import json
import secrets
import urllib.error
import urllib.request
import uuid as uuid_lib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.core.services import user_create
from mixedflows.integrations import scopes as scope_sets
from mixedflows.integrations.models import ApiToken, ServiceAccount, WebhookDelivery, WebhookEndpoint
from mixedflows.integrations.selectors import TOKEN_PREFIX, token_digest
from mixedflows.integrations.signing import HEADER, sign

MAX_TOKEN_DAYS = 365
# Delays before the 2nd, 3rd, ... attempt (seconds): exponential, about a day in all.
RETRY_DELAYS = (30, 120, 600, 3600, 4 * 3600, 12 * 3600)
DELIVERY_TIMEOUT_SECONDS = 10


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _require(actor: User, permission: str) -> Organisation:
    """The actor's agency, once the actor holds the permission there."""
    if not actor.can(permission) or actor.organisation is None:
        raise PermissionDenied(permission)
    return actor.organisation


@transaction.atomic
def token_create(
    *, actor: User, name: str, scopes: list[str], expires_days: int, user: User | None = None
) -> NewToken:
    """A token for the actor, or (by the agency administrator) for one of the agency's service accounts."""
    holder = user or actor
    if actor.organisation is None:
        raise PermissionDenied("tokens belong to an agency's users")
    if holder.pk != actor.pk:
        account = ServiceAccount.objects.filter(user=holder, organisation=actor.organisation).first()
        if account is None:
            raise PermissionDenied("tokens of another user")
        _require(actor, Perm.MANAGE_USERS)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the token a name that says what uses it.")
    try:
        expanded = scope_sets.expand(scopes)
    except ValueError as error:
        errors["scopes"] = _("Unknown scope %(scope)s.") % {"scope": error.args[0]}
        expanded = []
    if not expanded and "scopes" not in errors:
        errors["scopes"] = _("Give the token at least one scope.")
    if not 1 <= expires_days <= MAX_TOKEN_DAYS:
        errors["expires_days"] = _("A token expires after 1 to %(days)s days.") % {"days": MAX_TOKEN_DAYS}
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=actor.organisation,
        user=holder,
        name=name.strip()[:120],
        prefix=prefix,
        secret_hash=token_digest(secret),
        scopes=expanded,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=expires_days),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="api_token",
        object_id=token.uuid,
        fields=["name", "scopes", "expires_at"],
        detail={"holder": holder.get_username(), "scopes": expanded},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.organisation_id != getattr(actor.organisation, "pk", None):
        raise PermissionDenied("token of another agency")
    if token.user_id != actor.pk:
        _require(actor, Perm.MANAGE_USERS)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.REVOKE, object_type="api_token", object_id=token.uuid)
    return token


@transaction.atomic
def service_account_create(*, actor: User, name: str, roles: list[str]) -> ServiceAccount:
    """An integration's own user in the agency, with roles and no password: it signs in only with tokens."""
    organisation = _require(actor, Perm.MANAGE_USERS)
    if not name.strip():
        raise ValidationError({"name": _("Name the integration.")})
    username = f"svc-{organisation.short_name.lower()}-{secrets.token_hex(3)}"
    user = user_create(actor=actor, username=username, password=secrets.token_urlsafe(30), roles=roles)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account = ServiceAccount.objects.create(
        organisation=organisation, user=user, name=name.strip()[:120], created_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="service_account",
        object_id=account.uuid,
        fields=["name", "roles"],
    )
    return account


@transaction.atomic
def webhook_endpoint_save(*, actor: User, url: str, events: list[str]) -> WebhookEndpoint:
    organisation = _require(actor, Perm.MANAGE_USERS)
    unknown = set(events) - set(WebhookEndpoint.Event.values)
    if not events or unknown:
        raise ValidationError({"events": _("Choose the events to send.")})
    if not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("Give an http or https address.")})
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation,
        url=url,
        secret=secrets.token_urlsafe(32),
        events=sorted(events),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="webhook_endpoint",
        object_id=endpoint.uuid,
        fields=["url", "events"],
    )
    return endpoint


def event_emit(*, event: str, organisations: list[Organisation], data: dict) -> list[WebhookDelivery]:
    """Queue `event` for the subscribed endpoints of each organisation, sent once the change commits.

    `data` carries identifiers and codes only (the caller chooses them per DESIGN's data minimisation)."""
    deliveries = []
    now = timezone.now()
    for endpoint in WebhookEndpoint.objects.filter(organisation__in=organisations, active=True):
        if event not in endpoint.events:
            continue
        delivery_id = uuid_lib.uuid4()
        payload = {"id": str(delivery_id), "event": event, "occurred_at": now.isoformat(), "data": data}
        deliveries.append(
            WebhookDelivery.objects.create(
                uuid=delivery_id,
                organisation=endpoint.organisation,
                endpoint=endpoint,
                event=event,
                payload=payload,
                next_attempt_at=now,
            )
        )
    if deliveries:
        from mixedflows.integrations.tasks import deliver_webhook

        ids = [str(d.uuid) for d in deliveries]
        transaction.on_commit(lambda: [deliver_webhook.enqueue(i) for i in ids])
    return deliveries


def delivery_attempt(delivery: WebhookDelivery) -> datetime.datetime | None:
    """POST one delivery, signed; record the outcome. Returns when to try again, or None when done."""
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "mixedflows-webhooks/1",
            HEADER: sign(delivery.endpoint.secret, body),
        },
    )
    delivery.attempts += 1
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_SECONDS) as response:  # noqa: S310 - the agency's own URL
            code = response.status
    except urllib.error.HTTPError as failure:
        code, error = failure.code, f"HTTP {failure.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as failure:
        error = type(failure).__name__
    delivery.last_status_code, delivery.last_error = code, error[:200]
    retry_at = None
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts <= len(RETRY_DELAYS):
        retry_at = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[delivery.attempts - 1])
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, retry_at
    else:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.GAVE_UP, None
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return retry_at


@transaction.atomic
def delivery_replay(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (after the receiver was fixed), whatever its state."""
    organisation = _require(actor, Perm.MANAGE_USERS)
    if delivery.organisation_id != organisation.pk:
        raise PermissionDenied("delivery of another agency")
    delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.PENDING, timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        actor=actor, action=AuditAction.REPLAY, object_type="webhook_delivery", object_id=delivery.uuid
    )
    from mixedflows.integrations.tasks import deliver_webhook

    delivery_id = str(delivery.uuid)
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery_id))
    return delivery
