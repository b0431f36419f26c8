"""Alpha's screening, person and import job for the cross-agency test (tests/test_cross_agency.py)."""

from mixedflows.core.models import Job, Site
from mixedflows.screening.services import screening_start


def objects(world, register):
    person = register(given_name="Senait", fathers_name="Tesfaye")
    screening = screening_start(actor=world.alice, person=person)
    job = Job.objects.create(kind="Screening import", organisation=world.alpha, created_by=world.alice)
    site = Site.objects.create(name="Alpha shelter", kind=Site.Kind.SHELTER, country="ITA")
    site.organisations.set([world.alpha])
    return {"person": person, "screening": screening, "job": job, "site": site}


URLS = {
    "screening:person": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "screening:panel": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "screening:screening": ("get", "alice", lambda o: {"uuid": o["screening"].uuid}),
    "screening:section": ("post", "alice", lambda o: {"uuid": o["screening"].uuid, "section": "information"}),
    "screening:complete": ("post", "alice", lambda o: {"uuid": o["screening"].uuid}),
    "screening:project": ("post", "alice", lambda o: {"uuid": o["screening"].uuid}),
    "screening:import_job": ("get", "alice", lambda o: {"uuid": o["job"].uuid}),
    "screening:people_entities": ("post", "alice", lambda o: {"uuid": o["site"].uuid}),
}
LIST_URLS = {"screening:queue", "screening:xlsform", "screening:import"}


API: dict = {
    "screenings_read": ("alice", lambda o: {"uuid": o["screening"].uuid}, None),
    "screenings_answer": (
        "alice",
        lambda o: {"uuid": o["screening"].uuid, "section": "information"},
        lambda o: {"answers": {}},
    ),
    "screenings_complete": ("alice", lambda o: {"uuid": o["screening"].uuid}, None),
    "screenings_start": ("alice", lambda o: {}, lambda o: {"person": str(o["person"].uuid)}),
}
API_LISTS: set[str] = set()
