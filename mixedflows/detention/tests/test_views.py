"""The detention pages as a monitor uses them: visit page, reports, the PDF, sharing with a partner."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mixedflows.core.models import DataSharingAgreement
from mixedflows.detention.models import PersonMet, Visit
from mixedflows.detention.services.people import person_met_register
from mixedflows.detention.services.recommendations import recommendation_add
from mixedflows.detention.services.visits import finding_add
from mixedflows.detention.tests.conftest import make_visit
from mixedflows.people.services import PersonInput


def _pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_visit_form_shows_what_does_not_add_up_and_saves_nothing(client, monitors, facility):
    client.force_login(monitors.dina)
    now = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)
    response = client.post(
        reverse("detention:visit_new", args=[facility.uuid]),
        {
            "started_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "access": "granted",
            "team": [monitors.dina.pk],
            "observed_total": "50",
            "observed_men": "30",
            "observed_women": "10",
            "children_with_families": "not_known",
        },
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "The visit ends before it starts" in content
    assert "does not add up: men, women, boys and girls make 40, the total is 50" in content
    assert Visit.objects.count() == 0


def test_a_person_is_registered_from_the_visit_page(client, monitors, facility):
    visit = make_visit(monitors, facility)
    client.force_login(monitors.dina)
    page = client.get(reverse("detention:visit", args=[visit.uuid])).content.decode()
    assert 'hx-post="/linkage/lookup/"' in page  # the existing "possibly the same person" lookup
    response = client.post(
        reverse("detention:person_met_register", args=[visit.uuid]),
        {
            "given_name": "Yonas",
            "sex": "M",
            "dob_or_age": "16",
            "reasons": ["unaccompanied_child"],
            "age_recorded": "19",
            "age_disputed": "on",
        },
    )
    assert response.status_code == 302
    met = PersonMet.objects.get()
    page = client.get(reverse("detention:visit", args=[visit.uuid])).content.decode()
    assert met.person.registration_number in page and "age disputed" in page
    assert reverse("screening:person", args=[met.person.uuid]) in page
    panel = client.get(reverse("detention:person_panel", args=[met.person.uuid])).content.decode()
    assert "age recorded by the authority: 19" in panel


def test_the_visit_report_carries_no_personal_data_unless_internal(client, monitors, facility):
    visit = make_visit(monitors, facility)
    finding_add(
        actor=monitors.dina,
        visit=visit,
        severity="urgent",
        text="Families held with unrelated men",
        items=["separation_children_families"],
    )
    recommendation_add(
        actor=monitors.dina,
        visit=visit,
        text="Move families to a separate room",
        addressed_to="Centre director",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    person_met_register(
        actor=monitors.dina,
        visit=visit,
        data=PersonInput(
            given_name="Yonas", family_name="Tekle", name_original_script="يونس", sex="M", age=16
        ),
        reasons=["unaccompanied_child"],
    )
    client.force_login(monitors.dina)
    public = client.get(reverse("detention:visit_report", args=[visit.uuid]))
    assert public["Content-Type"] == "application/pdf"
    text = _pdf_text(public)
    assert "Harbour Holding Centre" in text and "Families held with unrelated men" in text
    assert "Move families to a separate room" in text
    assert "Yonas" not in text and "Tekle" not in text and "ALP-" not in text
    internal = _pdf_text(client.get(reverse("detention:visit_report", args=[visit.uuid]) + "?internal=1"))
    assert "Yonas" in internal and "INTERNAL" in internal


def test_findings_are_shared_with_a_partner_under_an_agreement_but_not_the_people_met(
    client, monitors, facility
):
    visit = make_visit(monitors, facility)
    person_met_register(
        actor=monitors.dina, visit=visit, data=PersonInput(given_name="Yonas", sex="M", age=16), reasons=[]
    )
    client.force_login(monitors.dan)
    assert client.get(reverse("detention:visit", args=[visit.uuid])).status_code == 404
    DataSharingAgreement.objects.create(
        from_organisation=monitors.alpha,
        to_organisation=monitors.beta,
        field_groups=["visit_findings"],
        signed_on=timezone.localdate(),
    )
    page = client.get(reverse("detention:visit", args=[visit.uuid]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Yonas" not in content and "People met" not in content
    assert client.get(reverse("detention:visit_report", args=[visit.uuid]) + "?internal=1").status_code == 403
    assert "Harbour Holding Centre" in client.get(reverse("detention:dashboard")).content.decode()


def test_reports_publish_children_by_month_with_small_cells_suppressed(client, monitors, facility):
    make_visit(monitors, facility, days_ago=40)  # 20 children
    make_visit(monitors, facility, headcounts={"observed": {"men": 150, "women": 8, "boys": 2, "girls": 0}})
    client.force_login(monitors.dina)
    page = client.get(reverse("detention:reports"))
    assert page.status_code == 200
    assert (
        "script-src" in page["Content-Security-Policy"]
        and "unsafe-inline" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    rows = client.get(reverse("detention:children_csv")).content.decode().splitlines()
    months = {row.split(",")[0]: row.split(",")[1] for row in rows[1:]}
    this_month = timezone.localdate().strftime("%Y-%m")
    earlier = (timezone.now() - datetime.timedelta(days=40)).strftime("%Y-%m")
    # Two children this month are a small cell; with one country the 20 of the earlier month would give
    # them away from the total, so it is suppressed too. The total itself is published.
    assert months[this_month] == "" and months[earlier] == ""
    assert months["Total"] == "22"
