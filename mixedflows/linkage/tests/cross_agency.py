"""Linkage URLs for the cross-agency test: pairs, merges and panels belong to Alpha Agency."""

from mixedflows.linkage import services
from mixedflows.linkage.models import MatchCandidate


def objects(world, register):
    older = register(given_name="Mohamed", family_name="Abdirahman", date_of_birth=None)
    newer = register(given_name="Maxamed", family_name="Cabdiraxmaan", date_of_birth=None)
    other = register(given_name="Amina", family_name="Yusuf")
    pair = MatchCandidate.objects.create(
        organisation=world.alpha, person_a=older, person_b=newer, probability=0.9
    )
    merge = services.person_merge(actor=world.alice, survivor=older, retired=newer, reason="same person")
    return {"person": older, "other": other, "pair": pair, "merge": merge}


URLS = {
    "linkage:candidate": ("get", "alice", lambda o: {"uuid": o["pair"].uuid}),
    "linkage:merge_undo": ("post", "alice", lambda o: {"uuid": o["merge"].uuid}),
    "linkage:timeline": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "linkage:propose": ("post", "alice", lambda o: {"uuid": o["other"].uuid}),
}
# The lookup scores only records the officer may see; the queue and runs show the user's own agency.
LIST_URLS = {"linkage:lookup", "linkage:review", "linkage:runs"}


API = {"linkage_candidates": ("alice", lambda o: {"uuid": o["person"].uuid}, None)}
API_LISTS: set[str] = set()
