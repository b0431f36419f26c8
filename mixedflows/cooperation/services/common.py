from django.core.exceptions import PermissionDenied

from mixedflows.core.models import Organisation, User
from mixedflows.core.roles import Perm


def require_coordinator(actor: User) -> Organisation:
    """The actor's agency, when the actor may coordinate."""
    if not actor.can(Perm.COORDINATE):
        raise PermissionDenied(Perm.COORDINATE)
    return actor.agency
