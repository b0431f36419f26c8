"""The emergency switch (issue 16, item 13): suspend a user's or a whole organisation's access at once.

`access_suspended(user)` is the one answer to "is this user's access suspended", and every way in asks it:
the authentication backend (sign-in refused, and each request of an open session finds no user, so the
session is over at the next click), and the API's token check (`integrations.selectors.token_for_secret`).
Suspending (`core.services.access_suspend`) also moves the users' session counter, so a session does not come
back when access is restored (`core.services.access_restore`).
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from mixedflows.core.models import AccessSuspension, Membership, User


def access_suspended(user: User) -> bool:
    """A suspension in force for this user or for an organisation they are a member of."""
    if not getattr(user, "pk", None):
        return False
    organisations = Membership.objects.filter(user_id=user.pk).values("organisation_id")
    return (
        AccessSuspension.objects.in_force()
        .filter(Q(user_id=user.pk) | Q(user__isnull=True, organisation_id__in=organisations))
        .exists()
    )


class AccessBackend(ModelBackend):
    """Django's model backend, refusing a suspended user both at sign-in and on every request of a session."""

    def user_can_authenticate(self, user) -> bool:  # Django passes AbstractBaseUser | AnonymousUser | None
        return super().user_can_authenticate(user) and user is not None and not access_suspended(user)


def suspensions_of(*, user: User):
    """The suspensions of the user's own agency (its users and the agency itself), newest first."""
    return AccessSuspension.objects.visible_to(user).select_related("user", "suspended_by", "lifted_by")


def suspension_for(*, user: User, uuid) -> AccessSuspension:
    return suspensions_of(user=user).get(uuid=uuid)


def organisations_suspended() -> set[int]:
    """Organisations whose whole access is suspended now (the platform administrator's organisations page)."""
    return set(
        AccessSuspension.objects.in_force()
        .filter(user__isnull=True)
        .values_list("organisation_id", flat=True)
    )
