from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mixedflows.core.models import Organisation, Owned, User
from mixedflows.core.roles import Perm


def require_recorder(actor: User) -> Organisation:
    """The actor's agency, when the actor may record outreach for it."""
    if not actor.can(Perm.RECORD_OUTREACH):
        raise PermissionDenied(Perm.RECORD_OUTREACH)
    return actor.agency


def require_own(actor: User, obj: Owned) -> None:
    """Only the owning agency adds to or changes its campaigns and sessions."""
    if actor.organisation is None or obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied(_("This record belongs to another agency: nothing was written."))
