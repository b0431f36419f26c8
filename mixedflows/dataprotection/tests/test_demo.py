"""The demo's data-subject requests: one of each kind at AGM, seen by agm.dpo, the overdue objection first."""

from django.urls import reverse

from mixedflows.core.models import User
from mixedflows.dataprotection.selectors import subject_requests_of
from mixedflows.demo.dataprotection import add_dataprotection_demo
from mixedflows.demo.world import ensure_world


def test_the_demo_officer_sees_one_request_of_each_kind(client, db):
    world = ensure_world()
    assert add_dataprotection_demo(world, seed=2026) == 5
    dpo = User.objects.get(username="agm.dpo")
    requests = list(subject_requests_of(user=dpo))
    assert sorted(r.kind for r in requests) == ["access", "correction", "erasure", "objection", "restriction"]
    assert requests[0].kind == "objection" and requests[0].overdue
    restricted = next(r for r in requests if r.kind == "restriction")
    assert restricted.status == "answered" and restricted.person.restricted_at is not None
    assert next(r for r in requests if r.kind == "erasure").status == "refused"
    client.force_login(dpo)
    page = client.get(reverse("dataprotection:subject_requests")).content.decode()
    assert "overdue by 10 days" in page and "Hawa" not in page
