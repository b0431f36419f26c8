"""The project control on an activity's page (issue 13, item 1): a screening, a detention visit or a counselling
session recorded before its project was set up is tagged from its own page, the project's indicator then counts
it; another agency's project is refused with the field's message and nothing changes; a colleague of another
agency sees no control (and the POST is a 404: tests/test_cross_agency.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core import indicators
from mixedflows.core.models import AuditEvent
from mixedflows.core.services.projects import project_create
from mixedflows.core.tests.test_projects import _completed_screening, _project


@pytest.fixture
def activities(coord, register):
    from mixedflows.cases.services.cases import case_open
    from mixedflows.cases.tests.conftest import add_casework_users
    from mixedflows.detention.tests.conftest import add_monitors, make_facility, make_visit
    from mixedflows.outreach.tests.conftest import add_outreach, make_session

    add_monitors(coord)
    add_casework_users(coord)
    add_outreach(coord)
    coord.project = _project(coord, starts_on=timezone.localdate().replace(month=1, day=1))
    coord.beta_project = project_create(
        actor=coord.cole,
        code="BETA",
        title="Beta only",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    person = register(given_name="Amanuel", sex="M", nationality="ERI", age=30)
    return {
        "screening": (
            coord.alice,
            _completed_screening(coord, person, project=None, on=timezone.localdate()),
            "screening:screening",
            "screening:project",
        ),
        "visit": (
            coord.dina,
            make_visit(coord, make_facility(coord)),
            "detention:visit",
            "detention:visit_project",
        ),
        "case": (
            coord.carla,
            case_open(actor=coord.carla, person=person, case_type="stranded_migrant", supervisor=coord.adam),
            "cases:detail",
            "cases:project",
        ),
        "session": (
            coord.olga,
            make_session(coord.olga, coord.hope),
            "outreach:session",
            "outreach:session_project",
        ),
    }


@pytest.mark.parametrize("kind", ["screening", "visit", "case", "session"])
def test_an_activity_is_tagged_from_its_page_and_then_counted(client, coord, activities, kind):
    user, activity, page, post = activities[kind]
    client.force_login(user)
    url = reverse(page, args=[activity.uuid])
    shown = client.get(url).content.decode()
    assert "Not tagged with a project" in shown and "PSA-2026 Protection at sea arrivals" in shown
    assert "Beta only" not in shown  # only the projects her agency takes part in are offered

    refused = client.post(
        reverse(post, args=[activity.uuid]), {"project": str(coord.beta_project.uuid)}, follow=True
    )
    assert "Your agency is not part of this project." in refused.content.decode()
    activity.refresh_from_db()
    assert activity.project is None
    assert not AuditEvent.objects.filter(object_id=str(activity.uuid), fields=["project"]).exists()

    saved = client.post(
        reverse(post, args=[activity.uuid]), {"project": str(coord.project.uuid)}, follow=True
    )
    assert "Project saved." in saved.content.decode()
    assert "Counted for the project PSA-2026 Protection at sea arrivals." in saved.content.decode()
    activity.refresh_from_db()
    assert activity.project == coord.project
    assert AuditEvent.objects.filter(object_id=str(activity.uuid), fields=["project"]).count() == 1
    key = {
        "screening": "screening.completed",
        "visit": "detention.visits",
        "case": "cases.assisted",
        "session": "outreach.sessions",
    }[kind]
    counter = indicators.counter(key)
    today = timezone.localdate()
    rows = indicators.run(
        counter, project=coord.project, start=today.replace(month=1, day=1), end=today, user=user
    )
    assert indicators.tally(counter, rows, []).total == 1

    untagged = client.post(reverse(post, args=[activity.uuid]), {"project": ""}, follow=True)
    assert "No longer tagged with a project." in untagged.content.decode()
    activity.refresh_from_db()
    assert activity.project is None


def test_a_partner_agencys_colleague_sees_the_project_but_no_control(client, coord, activities):
    _, session, page, _ = activities["session"]
    session.project = coord.project
    session.save(update_fields=["project"])
    # Beta is a partner of the project; its outreach officer cannot see Alpha's session at all.
    client.force_login(coord.omar)
    assert client.get(reverse(page, args=[session.uuid])).status_code == 404
    # Alpha's coordination officer has no outreach permission: no page, no control.
    client.force_login(coord.cora)
    assert client.get(reverse(page, args=[session.uuid])).status_code == 403
