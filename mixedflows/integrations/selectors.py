"""Reads of tokens, service accounts and webhooks; each starts from `visible_to(user)`."""

import hashlib
import hmac
from uuid import UUID

from django.db.models import QuerySet

from mixedflows.core.access import access_suspended
from mixedflows.core.models import User
from mixedflows.integrations.models import ApiToken, ServiceAccount, WebhookDelivery, WebhookEndpoint

TOKEN_PREFIX = "mfx"


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_for_secret(raw: str) -> ApiToken | None:
    """The active token a caller presents, or None (unknown, revoked, expired or malformed)."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.active().select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_digest(raw)):
        return None
    if not token.user.is_active or access_suspended(token.user):
        return None
    return token


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, and as an administrator those of the agency's service accounts."""
    own = ApiToken.objects.visible_to(user).filter(user=user)
    if user.can("core.manage_users"):
        own = ApiToken.objects.visible_to(user).filter(user__service_account__isnull=False) | own
    return own.select_related("user").order_by("-created_at")


def token_for(*, user: User, uuid: UUID | str) -> ApiToken:
    return tokens_of(user=user).get(uuid=uuid)


def service_accounts_of(*, user: User) -> QuerySet[ServiceAccount]:
    return ServiceAccount.objects.visible_to(user).select_related("user").order_by("name")


def service_account_for(*, user: User, uuid: UUID | str) -> ServiceAccount:
    return service_accounts_of(user=user).get(uuid=uuid)


def endpoints_of(*, user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.visible_to(user)


def endpoint_for(*, user: User, uuid: UUID | str) -> WebhookEndpoint:
    return endpoints_of(user=user).get(uuid=uuid)


def deliveries_of(*, user: User, endpoint: WebhookEndpoint, limit: int = 100) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.visible_to(user).filter(endpoint=endpoint)[:limit]


def delivery_for(*, user: User, uuid: UUID | str) -> WebhookDelivery:
    return WebhookDelivery.objects.visible_to(user).select_related("endpoint").get(uuid=uuid)
