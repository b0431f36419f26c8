"""The donor report counts training and outreach tagged with the project (issue 13, item 1), and refuses a period
that ends before it starts instead of reporting another one."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mixedflows.cooperation.tests.conftest import make_project
from mixedflows.core.models import AuditEvent, Membership, User
from mixedflows.core.roles import Role
from mixedflows.core.services.projects import indicator_add
from mixedflows.outreach.tests.conftest import add_outreach, make_session
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record
from mixedflows.training.tests.conftest import add_trainers, make_course, make_event, rows

TODAY = timezone.localdate()


@pytest.fixture
def tagged(coord):
    """PSA with an indicator on officials trained and one on counselling sessions, and Iris, Alpha's information
    management officer, who keeps projects and sees training and outreach records."""
    world = add_outreach(add_trainers(coord))
    iris = User.objects.create_user("iris", password="a-long-test-password")
    Membership.objects.create(user=iris, organisation=world.alpha, role=Role.INFORMATION_MANAGEMENT_OFFICER)
    world.iris = User.objects.get(pk=iris.pk)
    project = make_project(world, starts_on=TODAY - datetime.timedelta(days=60))
    for code, counter, dims in (
        ("4.1", "training.participants", ["institution", "sex"]),
        ("5.1", "outreach.sessions", ["sex"]),
    ):
        indicator_add(
            actor=world.cora,
            project=project,
            code=code,
            wording=counter,
            unit="people",
            counter=counter,
            disaggregations=dims,
        )
    event = make_event(world, make_course(world), project=project)
    enrolled = participants_import(actor=world.tina, event=event, rows=rows(12))
    attendance_record(actor=world.tina, event=event, present={event.days[0]: {p.pk for p in enrolled[:10]}})
    for _n in range(7):
        make_session(world.olga, world.hope, project=project)
    world.project = project
    return world


def _summary(response):
    book = load_workbook(io.BytesIO(response.content))
    return {row[0]: row for row in book["Indicators"].iter_rows(values_only=True) if row and row[0]}


def test_the_donor_report_gives_the_computed_training_and_outreach_values(client, tagged):
    client.force_login(tagged.iris)
    period = {"start": tagged.project.starts_on.isoformat(), "end": TODAY.isoformat()}
    response = client.get(reverse("cooperation:donor_report_xlsx", args=[tagged.project.uuid]), period)
    summary = _summary(response)
    assert summary["4.1"][5] == 10 and summary["4.1"][6] == "Officials trained (present on at least one day)"
    assert summary["5.1"][5] == 7 and summary["5.1"][6] == "Counselling sessions held"
    page = client.get(reverse("cooperation:project", args=[tagged.project.uuid]), period).content.decode()
    assert '<th>Ministry of Interior</th><td class="num">2</td>' in page  # exact inside the agency


def test_a_coordinator_without_training_records_is_told_so_not_given_zero(client, tagged):
    client.force_login(tagged.cora)
    page = client.get(reverse("cooperation:project", args=[tagged.project.uuid])).content.decode()
    assert "Counted from records your role does not see." in page


@pytest.mark.parametrize("name", ["donor_report_xlsx", "donor_report_pdf"])
def test_a_reversed_period_is_refused_and_no_report_is_produced(client, tagged, name):
    client.force_login(tagged.iris)
    reversed_period = {"start": TODAY.isoformat(), "end": (TODAY - datetime.timedelta(days=10)).isoformat()}
    response = client.get(reverse(f"cooperation:{name}", args=[tagged.project.uuid]), reversed_period)
    assert response.status_code == 422
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "The period ends before it starts." in page
    assert "No donor report was produced: correct the period." in page
    assert not AuditEvent.objects.filter(object_type="project_donor_report").exists()
