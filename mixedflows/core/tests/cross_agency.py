"""Core URLs for the cross-agency test. Sites are shared reference data; jobs belong to an agency."""

from mixedflows.core.models import Job, Membership, User
from mixedflows.core.roles import Role
from mixedflows.core.services import access_suspend


def objects(world, register):
    alma = User.objects.create_user("alma", password="a-long-test-password")
    Membership.objects.create(user=alma, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    return {
        "job": Job.objects.create(kind="import", organisation=world.alpha, created_by=world.alice),
        "staff": world.alice,
        "suspension": access_suspend(
            actor=world.ada, user=User.objects.get(pk=alma.pk), reason="Lost laptop"
        ),
    }


URLS = {
    "core:job": ("get", "alice", lambda o: {"uuid": o["job"].uuid}),
    "core:user": ("get", "ada", lambda o: {"uuid": o["staff"].uuid}),
    # Posted without a reason: the owner gets the form back (422), another agency a 404.
    "core:access_restore": ("post", "ada", lambda o: {"uuid": o["suspension"].uuid}),
}
# Lists scoped to the user's own agency, or reference data every agency shares (sites, organisations).
LIST_URLS = {
    "core:organisations",
    "core:sites",
    "core:site_new",
    "core:users",
    "core:agreements",
    "core:site_join",
    "core:access",
}
