"""Alpha's person, group and encounter for the cross-agency test (tests/test_cross_agency.py)."""

from django.utils import timezone

from mixedflows.people.services import EncounterContext, arrival_open


def objects(world, register):
    group = arrival_open(
        actor=world.alice,
        label="Boat 1",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )
    person = register(given_name="Senait", fathers_name="Tesfaye", group=group)
    other = register(given_name="Yonas", group=group)
    return {"person": person, "group": group, "encounter": person.encounters.first(), "other": other}


URLS = {
    "people:detail": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "people:edit": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "people:age": ("post", "alice", lambda o: {"uuid": o["person"].uuid}),
    "people:guardian": ("post", "alice", lambda o: {"uuid": o["person"].uuid}),
    "people:encounter_new": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "people:audit": ("get", "adam", lambda o: {"uuid": o["person"].uuid}),
    "people:encounter": ("get", "alice", lambda o: {"uuid": o["encounter"].uuid}),
    "people:group": ("get", "alice", lambda o: {"uuid": o["group"].uuid}),
    "people:group_row": ("post", "alice", lambda o: {"uuid": o["group"].uuid}),
    "people:group_offline": ("get", "alice", lambda o: {"uuid": o["group"].uuid}),
    "people:group_relationship": ("post", "alice", lambda o: {"uuid": o["group"].uuid}),
}
# The offline worker's script holds nothing of any agency (tests/test_browser_grid.py).
LIST_URLS = {
    "people:search",
    "people:arrival_new",
    "people:groups",
    "people:offline_worker",
    "people:home_panel",
}


# The JSON API (tests/test_api_cross_agency.py): operation id -> (owner, path parameters, body).
API = {
    "people_read": ("alice", lambda o: {"uuid": o["person"].uuid}, None),
    "people_encounters": ("alice", lambda o: {"uuid": o["person"].uuid}, None),
    "people_encounter_add": (
        "alice",
        lambda o: {"uuid": o["person"].uuid},
        lambda o: {
            "site": str(o["encounter"].site.uuid),
            "occurred_at": "2026-01-02T03:04:00Z",
            "kind": "land_border",
        },
    ),
    "groups_read": ("alice", lambda o: {"uuid": o["group"].uuid}, None),
}
# Search, registration and the group list answer only for the caller's own agency (tested in integrations).
API_LISTS = {"people_search", "people_register", "groups_list", "groups_open"}
