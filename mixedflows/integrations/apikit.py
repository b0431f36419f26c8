"""The JSON API's thin adapter (django-ninja): token authentication, scopes, errors as stable codes,
idempotent POSTs and one audit event per call. Routers in each app's `api.py` use these pieces and
call the same services and selectors as the pages; no business logic lives here."""

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestValidationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import ConfigDict

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.integrations.models import ApiToken, IdempotencyRecord
from mixedflows.integrations.selectors import token_for_secret

IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"
# Every refusal the API gives, each with an `Error` body.
REFUSALS = frozenset({400, 401, 403, 404, 405, 409, 413, 422, 429})


class In(Schema):
    """Request bodies refuse unknown fields: a misspelt field is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | list[dict[str, Any]] | None = None


class ApiError(HttpError):
    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(status_code, message)
        self.code = code


class ApiRequest(HttpRequest):
    """The request an endpoint receives: TokenAuth has put the token's user (a staff member) on it."""

    user: User
    api_token: ApiToken


class TokenExpired(AuthenticationError):
    pass


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mfx_...`: the token's user acts, within the token's scopes."""

    openapi_description = (
        "A personal access token or a service account's token (settings page or `mixedflows token create`)."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = getattr(request, "api_token", None) or token_for_secret(token)
        if found is None:
            if _expired(token):
                raise TokenExpired(401, "token_expired")
            return None
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


def _expired(raw: str) -> bool:
    parts = raw.split("_", 2)
    return (
        len(parts) == 3 and ApiToken.objects.filter(prefix=parts[1], expires_at__lte=timezone.now()).exists()
    )


def scoped(scope: str) -> Callable:
    """The operation needs this scope on the token (on top of the user's own permissions)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            token = getattr(request, "api_token", None)
            if token is None or scope not in token.scopes:
                raise ApiError(
                    403, "scope_missing", _("This token has no %(scope)s scope.") % {"scope": scope}
                )
            return view(request, *args, **kwargs)

        wrapper.__doc__ = (view.__doc__ or "").strip() + f"\n\nScope: `{scope}`."
        wrapper.required_scope = scope  # type: ignore[attr-defined]
        return wrapper

    return decorator


def error_code(error: ValidationError) -> str:
    """A service's domain error as a stable snake_case code: ConsentMissing -> consent_missing."""
    if type(error) is not ValidationError:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()
    return getattr(error, "code", None) or "invalid"


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, errors=None
) -> HttpResponse:
    body = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Every failure answers `{"code": ..., "message": ...}` with a 4xx; nothing is written on a refusal."""

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else None
        message = "; ".join(exc.messages) if exc.messages else _("The request is not valid.")
        return _respond(api, request, 422, error_code(exc), message, errors)

    def on_request_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(
            api, request, 422, "invalid_request", _("The request does not match the schema."), exc.errors
        )

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 404, "not_found", _("Not found."))

    def on_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 403, "permission_denied", _("You may not do this."))

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, ApiError):
            return _respond(api, request, exc.status_code, exc.code, exc.message)
        if isinstance(exc, TokenExpired):
            return _respond(api, request, 401, "token_expired", _("This token has expired."))
        if isinstance(exc, AuthenticationError):
            return _respond(
                api, request, 401, "unauthorized", _("A valid token is needed (Authorization: Bearer ...).")
            )
        if isinstance(exc, Throttled):
            return _respond(
                api, request, 429, "rate_limited", _("Too many requests with this token; wait a little.")
            )
        return _respond(api, request, exc.status_code, "http_error", str(exc))

    def on_too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 413, "too_large", _("The request body is too large."))

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(RequestValidationError, on_request_validation)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RequestDataTooBig, on_too_big)


def throttle() -> AuthRateThrottle:
    return AuthRateThrottle(getattr(settings, "MIXEDFLOWS_API_RATE", "600/m"))


# --- Django-level wrapper around every API URL: idempotency and the audit event -------------------------


def _stored(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body or b""), status=record.status_code, content_type="application/json"
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _error(status: int, code: str, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"code": code, "message": message}), status=status, content_type="application/json"
    )


def _bearer(request: HttpRequest) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    return token_for_secret(raw.strip()) if scheme.lower() == "bearer" and raw else None


def api_view(view: Callable) -> Callable:
    """Wrap one ninja URL: POSTs with an Idempotency-Key are done once; every call is one audit event."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.META.get(IDEMPOTENCY_HEADER, "").strip()
        token = _bearer(request) if request.method == "POST" and key else None
        if token is not None:
            request.api_token = token  # type: ignore[attr-defined]
            response = _idempotent(request, token, key[:200], lambda: view(request, *args, **kwargs))
        else:
            response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            match = request.resolver_match
            audit_record(
                actor=token.user,
                action=AuditAction.API,
                object_type=((match.url_name if match else None) or "api")[:64],
                object_id=str(kwargs.get("uuid", ""))[:64],
                detail={"token": str(token.uuid), "method": request.method, "status": response.status_code},
            )
        return response

    wrapper.login_required = False  # type: ignore[attr-defined]
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _idempotent(
    request: HttpRequest, token: ApiToken, key: str, run: Callable[[], HttpResponse]
) -> HttpResponse:
    try:
        body = request.body
    except RequestDataTooBig:
        return _error(413, "too_large", _("The request body is too large."))
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode() + body).hexdigest()
    existing = IdempotencyRecord.objects.filter(user=token.user, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = IdempotencyRecord.objects.create(
                    organisation=token.organisation, user=token.user, key=key, request_hash=digest
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=token.user, key=key)
        else:
            response = run()
            if response.status_code >= 500:
                existing.delete()
            else:
                existing.status_code, existing.response_body = response.status_code, response.content
                existing.save(update_fields=["status_code", "response_body"])
            return response
    if existing.request_hash != digest:
        return _error(422, "idempotency_key_reused", _("This Idempotency-Key was used for another request."))
    if existing.status_code is None:
        return _error(409, "idempotency_in_progress", _("The first request with this key is still running."))
    return _stored(existing)


def router(tag: str) -> Router:
    return Router(tags=[tag])


# --- Cursor pagination: keyset on (a time field, uuid), so no row id ever appears, even encoded --------------


class PageQuery(Schema):
    cursor: str | None = Field(None, description="`next` of the previous page")
    limit: int = Field(50, ge=1, le=200)


def keyset_page(queryset, page: PageQuery, *, order: str, out: Callable[[Any], dict]) -> dict:
    """One page of `queryset` ordered by `order` (a field, `-` for newest first) then uuid; `next` is opaque."""
    field = order.lstrip("-")
    descending = order.startswith("-")
    queryset = queryset.order_by(order, f"{'-' if descending else ''}uuid")
    if page.cursor:
        try:
            value, last = json.loads(base64.urlsafe_b64decode(page.cursor.encode()))
        except (ValueError, TypeError, binascii.Error) as error:
            raise ApiError(422, "invalid_cursor", _("This cursor is not one this API gave.")) from error
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"uuid__{op}": last}))
    rows = list(queryset[: page.limit + 1])
    following = None
    if len(rows) > page.limit:
        tail = rows[page.limit - 1]
        stamp = getattr(tail, field)
        following = base64.urlsafe_b64encode(
            json.dumps([stamp.isoformat() if hasattr(stamp, "isoformat") else stamp, str(tail.uuid)]).encode()
        ).decode()
    return {"results": [out(r) for r in rows[: page.limit]], "next": following}


class ProjectRef(Schema):
    """The funded project a record is tagged with (the project register's code and title)."""

    id: uuid.UUID
    code: str
    title: str


def project_ref(project: Any) -> dict | None:
    return {"id": project.uuid, "code": project.code, "title": project.title} if project else None


def answers(ok: dict) -> dict:
    """An operation's documented answers: its success shape, and `Error` for every refusal."""
    return {**ok, REFUSALS: Error}
