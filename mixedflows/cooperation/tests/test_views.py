"""The pages: projects with computed indicators and the donor report, forums, meetings, action points, SOPs, the
document download, the home and referral panels."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from mixedflows.cooperation.models import ActionPoint, Meeting
from mixedflows.cooperation.services.forums import action_point_add
from mixedflows.cooperation.services.sops import sop_step_add
from mixedflows.cooperation.tests.conftest import make_meeting, make_project, make_sop, pdf
from mixedflows.core.models import AuditEvent
from mixedflows.core.project_models import Indicator
from mixedflows.core.services.projects import activity_tag_project, indicator_add

TODAY = timezone.localdate()


def _screened(world, person, project):
    from mixedflows.screening.models import Instrument, Screening

    screening = Screening.objects.create(
        organisation=world.alpha,
        person=person,
        site=world.quay,
        instrument=Instrument.objects.first(),
        status=Screening.Status.COMPLETED,
        performed_by=world.alice,
        completed_at=timezone.now(),
    )
    return activity_tag_project(actor=world.alice, activity=screening, project=project)


@pytest.fixture
def project(coord, register):
    project = make_project(coord, starts_on=TODAY - datetime.timedelta(days=30))
    indicator_add(
        actor=coord.cora,
        project=project,
        code="1.1",
        wording="People screened at disembarkation",
        unit="people",
        counter="screening.completed",
        disaggregations=["sex", "age_band"],
        target=20,
    )
    for n in range(7):
        _screened(coord, register(given_name=f"W{n}", sex="F", age=30), project)
    for n in range(2):
        _screened(coord, register(given_name=f"M{n}", sex="M", age=30), project)
    return project


def test_the_project_page_computes_each_indicator_from_the_tagged_records(client, coord, project):
    client.force_login(coord.cora)
    page = client.get(reverse("cooperation:project", args=[project.uuid])).content.decode()
    assert "People screened at disembarkation" in page
    assert '<td class="num">9 <span class="muted small">(45 %)</span></td>' in page
    assert '<th>Female</th><td class="num">7</td>' in page and '<th>Male</th><td class="num">2</td>' in page
    assert "<svg" in page


def test_the_donor_report_suppresses_small_cells_in_xlsx_and_pdf(client, coord, project):
    client.force_login(coord.cora)
    url = reverse("cooperation:donor_report_xlsx", args=[project.uuid])
    response = client.get(
        url, {"start": (TODAY - datetime.timedelta(days=30)).isoformat(), "end": TODAY.isoformat()}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="psa-')
    book = load_workbook(io.BytesIO(response.content))
    summary = [row for row in book["Indicators"].iter_rows(values_only=True)]
    assert (
        "1.1",
        "People screened at disembarkation",
        "people",
        None,
        20,
        9,
        "Screenings completed",
    ) in summary
    detail = [row for row in book.worksheets[1].iter_rows(values_only=True)]
    assert ("Female", 7) not in detail  # 2 men would follow from 9 - 7: both suppressed
    assert ("Male", "<5") in detail and ("Female", "<5") in detail and ("Total", 9) in detail
    assert book["Indicators"]._charts  # the chart travels with the workbook
    response = client.get(reverse("cooperation:donor_report_pdf", args=[project.uuid]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "People screened at disembarkation" in text and "Male <5" in text.replace("\n", " ")
    assert AuditEvent.objects.filter(object_type="project_donor_report", action="export").count() == 2


def test_an_indicator_of_another_agencys_project_is_not_found_and_nothing_leaks(client, coord, project):
    client.force_login(coord.cole)
    for name in ("project", "donor_report_xlsx", "donor_report_pdf", "indicator_new"):
        assert client.get(reverse(f"cooperation:{name}", args=[project.uuid])).status_code == 404
    page = client.get(reverse("cooperation:projects")).content.decode()
    assert "PSA" not in page
    client.force_login(coord.gus)  # a partner sees the project, counts only its own records: none
    page = client.get(reverse("cooperation:project", args=[project.uuid])).content.decode()
    assert '<td class="num">0' in page


def test_bad_indicator_input_is_shown_on_the_form(client, coord, project):
    client.force_login(coord.cora)
    response = client.post(
        reverse("cooperation:indicator_new", args=[project.uuid]),
        {
            "code": "1.1",
            "wording": "Again",
            "unit": "people",
            "counter": "detention.visits",
            "disaggregations": ["sex"],
        },
    )
    assert response.status_code == 200
    assert "cannot be disaggregated by Sex" in response.content.decode()
    assert Indicator.objects.count() == 1


def test_a_meeting_action_point_and_its_closure_through_the_pages(client, coord, forum):
    client.force_login(coord.cora)
    response = client.post(
        reverse("cooperation:meeting_new", args=[forum.uuid]),
        {
            "held_on": TODAY.isoformat(),
            "place": "Agrigento",
            "agenda": "Arrivals",
            "participants": [coord.alpha.pk, coord.gamma.pk],
            "minutes": pdf(),
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.minutes is not None
    response = client.post(
        reverse("cooperation:action_point_add", args=[meeting.uuid]),
        {"text": "Map reception places", "owner": coord.gamma.pk, "due_on": ""},
    )
    assert response.status_code == 422 and not ActionPoint.objects.exists()
    client.post(
        reverse("cooperation:action_point_add", args=[meeting.uuid]),
        {"text": "Map reception places", "owner": coord.gamma.pk, "due_on": TODAY.isoformat()},
    )
    point = ActionPoint.objects.get()
    client.force_login(coord.gus)
    response = client.post(
        reverse("cooperation:action_point", args=[point.uuid]), {"status": "done", "note": ""}
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == "done"


def test_a_meeting_posted_to_a_forum_of_which_the_agency_is_not_a_member_is_not_found(client, coord, forum):
    client.force_login(coord.cole)
    response = client.post(
        reverse("cooperation:meeting_new", args=[forum.uuid]),
        {"held_on": TODAY.isoformat(), "place": "Rome", "agenda": "x"},
    )
    assert response.status_code == 404 and not Meeting.objects.exists()


def test_documents_are_served_only_to_members_with_no_store(client, coord, forum):
    meeting = make_meeting(coord, forum, minutes=pdf())
    url = reverse("cooperation:document", args=[meeting.minutes.uuid])
    client.force_login(coord.gus)
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(object_type="cooperation_document", action="view").count() == 1
    client.force_login(coord.cole)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_overdue_action_points_are_on_the_owner_agencys_home_page(client, coord, forum):
    meeting = make_meeting(coord, forum)
    action_point_add(
        actor=coord.cora,
        meeting=meeting,
        text="Map reception places",
        owner=coord.gamma,
        due_on=TODAY - datetime.timedelta(3),
    )
    client.force_login(coord.gus)
    home = client.get(reverse("home")).content.decode()
    assert reverse("cooperation:home_panel") in home
    panel = client.get(reverse("cooperation:home_panel")).content.decode()
    assert "Map reception places" in panel and "3 days overdue" in panel
    client.force_login(coord.cora)
    assert "Map reception places" not in client.get(reverse("cooperation:home_panel")).content.decode()


def test_the_referral_panel_shows_the_sop_step_only_to_the_two_agencies(client, coord):
    sop = make_sop(coord)
    sop_step_add(
        actor=coord.cora,
        sop=sop,
        title="Identification interview",
        responsible=coord.gamma,
        governs_service="anti_trafficking_identification",
    )
    url = reverse("cooperation:referral_panel")
    query = {"service": "anti_trafficking_identification", "from": coord.alpha.uuid, "to": coord.gamma.uuid}
    client.force_login(coord.gus)
    page = client.get(url, query).content.decode()
    assert "Step 1 of" in page and "Identification interview" in page and "Gamma Relief" in page
    client.force_login(coord.cole)
    assert client.get(url, query).status_code == 404
    assert client.get(url, {"service": "x", "from": "not-a-uuid", "to": ""}).status_code == 404


def test_the_donor_report_pdf_reads_in_arabic(client, coord, project):
    """The same report in the coordinator's language: its headings in Arabic (the shared renderer's shipped font
    and shaping are tested in tests/test_pdf.py), what the agency typed unchanged."""
    import unicodedata

    from django.utils import translation

    client.force_login(coord.cora)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    response = client.get(reverse("cooperation:donor_report_pdf", args=[project.uuid]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    raw = "".join(p.extract_text() for p in reader.pages)
    text = unicodedata.normalize("NFKC", raw)
    with translation.override("ar"):
        heading, indicators = translation.gettext("Donor report"), translation.gettext("Indicators")
    assert heading != "Donor report" and indicators != "Indicators"
    words = [w for phrase in (heading, indicators) for w in phrase.split()]
    # the right-to-left text may come out of the PDF in either order; each word is there, joined or reversed
    assert all(w in text or w[::-1] in text for w in words), (words, text[:300])
    assert "Donor report" not in text and "Indicators" not in text
    assert "People screened at disembarkation" in text  # what the agency typed stays as typed
