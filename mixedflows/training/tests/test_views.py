"""Tina's pages: the import through the upload form, attendance and scores from the grids, the certificate and its
public check, the report; and what other people see of them (nothing)."""

import datetime
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from mixedflows.lib.pdf import FONT_FAMILY
from mixedflows.training.models import Attendance, Participant
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record
from mixedflows.training.tests.conftest import rows
from mixedflows.training.tests.test_import import _csv, _xlsx


@pytest.fixture
def tina(client, trainers):
    client.force_login(trainers.tina)
    return client


def test_the_dashboard_lists_the_agency_s_events_only(client, trainers, event):
    client.force_login(trainers.tina)
    assert event.title in client.get(reverse("training:dashboard")).content.decode()
    client.force_login(trainers.tom)
    assert event.title not in client.get(reverse("training:dashboard")).content.decode()
    client.force_login(trainers.alice)  # a protection officer: no training permission
    assert client.get(reverse("training:dashboard")).status_code == 403


def test_a_course_and_an_event_are_made_from_the_forms(tina, trainers):
    response = tina.post(
        reverse("training:course_new"),
        {
            "title": "Protection-sensitive entry",
            "topic": "protection_sensitive_entry",
            "modules": "Who arrives\nScreening at the border\n",
            "languages": ["fra", "eng"],
        },
    )
    assert response.status_code == 302
    course = (
        trainers.tina.organisation
        and __import__("mixedflows.training.models", fromlist=["Course"]).Course.objects.get()
    )
    assert course.modules == ["Who arrives", "Screening at the border"]
    refused = tina.post(
        reverse("training:event_new", args=[course.uuid]),
        {
            "title": "Entry",
            "place": "Sfax",
            "country": "TUN",
            "starts_on": "2025-05-02",
            "ends_on": "2025-05-01",
            "format": "online",
            "organiser": "Alpha",
        },
    )
    assert refused.status_code == 200 and "The last day is before the first day." in refused.content.decode()
    made = tina.post(
        reverse("training:event_new", args=[course.uuid]),
        {
            "title": "Entry",
            "place": "Sfax",
            "country": "TUN",
            "starts_on": "2025-05-01",
            "ends_on": "2025-05-02",
            "format": "online",
            "organiser": "Alpha",
        },
    )
    assert made.status_code == 302
    page = tina.get(made["Location"]).content.decode()
    assert "2025-05-01 – 2025-05-02" in page and "Online" in page


def test_the_upload_enrols_the_list_or_names_the_bad_row(tina, event):
    url = reverse("training:participants_import", args=[event.uuid])
    records = rows(4)
    records[3] = {**records[3], "institution_type": "army"}
    refused = tina.post(url, {"file": SimpleUploadedFile("list.xlsx", _xlsx(records))})
    assert refused.status_code == 422
    assert "Row 5: institution_type “army” is not one of" in refused.content.decode()
    assert not Participant.objects.exists()
    wrong = tina.post(url, {"file": SimpleUploadedFile("list.pdf", b"%PDF-1.4 ...")})
    assert "This is a PDF document, not a spreadsheet" in wrong.content.decode()
    done = tina.post(url, {"file": SimpleUploadedFile("list.csv", _csv(rows(4)))}, follow=True)
    assert "4 participants enrolled." in done.content.decode()
    assert event.participants.count() == 4


def test_the_templates_download(tina):
    xlsx = tina.get(reverse("training:template_xlsx"))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["participants", "how to fill"]
    assert tina.get(reverse("training:template_csv")).content.decode().startswith("name,sex,institution,")


def test_attendance_and_scores_from_their_grids(tina, trainers, event):
    a, b = participants_import(actor=trainers.tina, event=event, rows=rows(2))
    first, second = event.days
    page = tina.get(reverse("training:attendance", args=[event.uuid])).content.decode()
    assert f'name="present-{a.uuid}-{first.isoformat()}"' in page
    tina.post(
        reverse("training:attendance", args=[event.uuid]),
        {
            f"day-{first.isoformat()}": "1",
            f"day-{second.isoformat()}": "1",
            f"present-{a.uuid}-{first.isoformat()}": "1",
            f"present-{a.uuid}-{second.isoformat()}": "1",
            f"present-{b.uuid}-{second.isoformat()}": "1",
        },
    )
    assert set(Attendance.objects.filter(present=True).values_list("participant", "day")) == {
        (a.pk, first),
        (a.pk, second),
        (b.pk, second),
    }
    url = reverse("training:scores", args=[event.uuid])
    before = (event.starts_on - datetime.timedelta(days=2)).isoformat()
    refused = tina.post(
        url, {"pre_test_on": before, "post_test_on": before, f"pre-{a.uuid}": "35", f"post-{a.uuid}": "70"}
    )
    assert refused.status_code == 422 and "before the event began" in refused.content.decode()
    assert 'value="70"' in refused.content.decode()  # what was typed stays in the grid
    saved = tina.post(
        url,
        {
            "pre_test_on": event.starts_on.isoformat(),
            "post_test_on": event.ends_on.isoformat(),
            f"pre-{a.uuid}": "35",
            f"post-{a.uuid}": "70",
            f"pre-{b.uuid}": "forty",
        },
    )
    assert saved.status_code == 422 and "percentage from 0 to 100" in saved.content.decode()
    tina.post(
        url,
        {
            "pre_test_on": event.starts_on.isoformat(),
            "post_test_on": event.ends_on.isoformat(),
            f"pre-{a.uuid}": "35",
            f"post-{a.uuid}": "70",
        },
    )
    a.refresh_from_db()
    assert (a.pre_score, a.post_score) == (35, 70)


def _pdf_text(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    resources: Any = reader.pages[0]["/Resources"]
    fonts = {str(f.get_object()["/BaseFont"]) for f in resources["/Font"].values()}
    return reader.pages[0].extract_text(), fonts


def test_the_certificate_carries_a_code_that_the_public_page_checks_and_shows_nothing_else(
    client, trainers, event
):
    people = participants_import(
        actor=trainers.tina,
        event=event,
        rows=[{**rows(1)[0], "name": "Amal Ben Youssef"}, {**rows(1, start=1)[0], "name": "Absent Official"}],
    )
    amal, absent = people
    attendance_record(actor=trainers.tina, event=event, present={d: {amal.pk} for d in event.days})
    client.force_login(trainers.tina)
    refused = client.get(reverse("training:certificate", args=[absent.uuid]), follow=True)
    assert "present on 0 of 2 days" in refused.content.decode()
    pdf = client.get(reverse("training:certificate", args=[amal.uuid]))
    assert pdf["Content-Type"] == "application/pdf"
    amal.refresh_from_db()
    assert re.fullmatch(r"[A-Z2-7]{16}", amal.certificate_code)
    text, fonts = _pdf_text(pdf.content)
    shown = "-".join(amal.certificate_code[i : i + 4] for i in range(0, 16, 4))
    assert "Amal Ben Youssef" in text and shown in text and event.course.title in text
    assert all(FONT_FAMILY in name for name in fonts), fonts
    again = client.get(reverse("training:certificate", args=[amal.uuid]))
    amal.refresh_from_db()
    assert _pdf_text(again.content)[0].count(shown) == 1 and amal.certificate_code == shown.replace("-", "")

    client.logout()
    cache.clear()
    verify = reverse("training:verify")
    assert client.get(verify).status_code == 200
    page = client.post(verify, {"code": shown.lower()}).content.decode()
    verdict = re.search(r'<p class="card" id="verdict">(.*?)</p>', page, re.S).group(1)
    assert verdict == f"Valid certificate: {event.course.title}, completed on {event.ends_on.isoformat()}."
    for private in ("Amal", "Ben Youssef", "Ministry", "Alpha", "official1@"):
        assert private not in page
    wrong = client.post(verify, {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()
    assert "No certificate has this code." in wrong


def test_the_certificate_in_arabic_is_shaped_in_the_shipped_font(client, trainers, event):
    (amal,) = participants_import(
        actor=trainers.tina, event=event, rows=[{**rows(1)[0], "name": "أمل بن يوسف"}]
    )
    attendance_record(actor=trainers.tina, event=event, present={d: {amal.pk} for d in event.days})
    client.force_login(trainers.tina)
    pdf = client.get(reverse("training:certificate", args=[amal.uuid]), HTTP_ACCEPT_LANGUAGE="ar")
    text, fonts = _pdf_text(pdf.content)
    assert all(FONT_FAMILY in name for name in fonts), fonts
    assert "شهادة" in text or "ةداهش" in text  # "certificate", in logical or visual order
    assert "يوسف" in text or "فسوي" in text


def test_the_public_check_is_rate_limited(client, db):
    cache.clear()
    verify = reverse("training:verify")
    answers = [client.post(verify, {"code": f"CODE{n:012d}"}).status_code for n in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429
    cache.clear()


def test_the_report_page_and_its_workbook(tina, trainers, event):
    people = participants_import(actor=trainers.tina, event=event, rows=rows(5))
    attendance_record(actor=trainers.tina, event=event, present={event.starts_on: {p.pk for p in people[:4]}})
    year = event.starts_on.year
    page = tina.get(reverse("training:reports"), {"year": year}).content.decode()
    assert f"Officials trained in {year}" in page
    by_country = re.search(r'<table id="by-country">.*?</table>', page, re.S).group(0)
    assert re.search(r"<th>Total</th>.*?<th class=\"num\">4</th>\s*</tr>", by_country, re.S)
    workbook = tina.get(reverse("training:reports_xlsx"), {"year": year})
    sheet = load_workbook(io.BytesIO(workbook.content))["by_country"]
    assert [c.value for c in sheet[sheet.max_row]] == ["total", "Total", 2, 2, 0, 4]


def test_one_participant_typed_in_and_the_same_official_refused_the_second_time(tina, event):
    url = reverse("training:participant_new", args=[event.uuid])
    official = {
        "name": "Salma Trabelsi",
        "sex": "F",
        "institution": "Garde nationale",
        "institution_type": "border_guard",
        "country": "TUN",
        "position": "Lieutenant",
    }
    assert tina.post(url, official).status_code == 302
    again = tina.post(url, {**official, "name": "salma  TRABELSI"})
    assert again.status_code == 200
    assert "salma TRABELSI of Garde nationale is already enrolled in this event" in again.content.decode()
    assert event.participants.count() == 1


def test_a_trainer_we_trained_is_picked_on_the_event_page(tina, trainers, course):
    from mixedflows.training.tests.conftest import make_event

    earlier = make_event(trainers, course, days_ago=40, title="Training of trainers, Tunis")
    (alumna,) = participants_import(actor=trainers.tina, event=earlier, rows=rows(1))
    later = make_event(trainers, course, days_ago=5, title="Cascade, Sousse")
    page = tina.get(reverse("training:event", args=[later.uuid])).content.decode()
    assert "Official 01 · Ministry of Interior · Training of trainers, Tunis" in page
    tina.post(reverse("training:trainer_new", args=[later.uuid]), {"trained_as": alumna.pk})
    page = tina.get(reverse("training:event", args=[later.uuid])).content.decode()
    assert "trained by us at Training of trainers, Tunis" in page
    # The earlier event cannot name a participant of the later one: the choice is not even offered.
    (later_one,) = participants_import(actor=trainers.tina, event=later, rows=rows(1, start=3))
    refused = tina.post(reverse("training:trainer_new", args=[earlier.uuid]), {"trained_as": later_one.pk})
    assert refused.status_code == 422 and earlier.trainers.count() == 0


def test_no_certificate_before_the_event_is_over(tina, trainers, course):
    from mixedflows.training.tests.conftest import make_event

    running = make_event(trainers, course, days_ago=0, length=3, title="This week")
    (official,) = participants_import(actor=trainers.tina, event=running, rows=rows(1))
    attendance_record(actor=trainers.tina, event=running, present={running.starts_on: {official.pk}})
    refused = tina.get(reverse("training:certificate", args=[official.uuid]), follow=True)
    assert "The event is not over yet" in refused.content.decode()
    official.refresh_from_db()
    assert official.certificate_code == ""
