"""Checks every case service makes: permission, organisation, and that a closed case is not changed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mixedflows.cases.models import Case
from mixedflows.core.models import Owned, User


def require(actor: User, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(permission)


def require_own(actor: User, obj: Owned) -> None:
    """The object (anything with organisation_id) belongs to the actor's organisation."""
    org = actor.organisation
    if org is None or obj.organisation_id != org.pk:
        raise PermissionDenied(_("object of another organisation"))


def require_editable(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed: reopen it before changing it."))


def colleague(actor: User, user: User | None, permission: str, field: str) -> User:
    """A user of the actor's organisation who holds `permission` (a caseworker, a supervisor)."""
    if user is None:
        raise ValidationError({field: _("Choose someone.")})
    if user.organisation is None or user.organisation.pk != actor.agency.pk or not user.can(permission):
        raise ValidationError(
            {
                field: _("%(user)s cannot take this role in %(agency)s.")
                % {"user": user.get_username(), "agency": actor.agency.short_name}
            }
        )
    return user
