from django.core.exceptions import PermissionDenied

from mixedflows.core.models import Owned, User
from mixedflows.core.roles import Perm


def require_monitor(actor: User) -> None:
    if not actor.can(Perm.MONITOR_DETENTION):
        raise PermissionDenied(Perm.MONITOR_DETENTION)


def require_own(actor: User, obj: Owned) -> None:
    """A partner agency sees shared findings; only the owning agency changes them."""
    if obj.organisation_id != actor.agency.pk:
        raise PermissionDenied("record of another organisation")
