from django.core.exceptions import PermissionDenied

from mixedflows.core.models import Organisation, Owned, User
from mixedflows.core.roles import Perm


def require_trainer(actor: User) -> Organisation:
    """The actor's agency, when the actor may record training."""
    if not actor.can(Perm.MANAGE_TRAINING):
        raise PermissionDenied(Perm.MANAGE_TRAINING)
    return actor.agency


def require_own(actor: User, obj: Owned) -> None:
    """Only the organising agency changes its training records."""
    if actor.organisation is None or obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("record of another organisation")
