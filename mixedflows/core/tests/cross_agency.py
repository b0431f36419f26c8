"""Core URLs for the cross-agency test. Sites are shared reference data; jobs belong to an agency."""

from mixedflows.core.models import Job


def objects(world, register):
    return {
        "job": Job.objects.create(kind="import", organisation=world.alpha, created_by=world.alice),
        "staff": world.alice,
    }


URLS = {
    "core:job": ("get", "alice", lambda o: {"uuid": o["job"].uuid}),
    "core:user": ("get", "ada", lambda o: {"uuid": o["staff"].uuid}),
}
# Lists scoped to the user's own agency, or reference data every agency shares (sites, organisations).
LIST_URLS = {
    "core:organisations",
    "core:sites",
    "core:site_new",
    "core:users",
    "core:agreements",
    "core:site_join",
}
