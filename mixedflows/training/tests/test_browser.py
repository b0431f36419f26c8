"""Journey 6 in Chromium: Tina downloads the template, fills in 32 officials of five institutions, uploads it (a
first try with one bad row is refused, naming the row, and enrols nobody), records two days of attendance and the
pre- and post-test scores, and the annual report counts officials trained by institution and country."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from mixedflows.training.models import Attendance, Participant
from mixedflows.training.tests.conftest import make_course, make_event, rows
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_into(page, field, text):
    field.click()
    page.keyboard.type(text, delay=100)


def _filled(template: bytes, records) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book["participants"]
    header = [c.value for c in sheet[1]]
    for record in records:
        sheet.append([record.get(name, "") for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_trainer_imports_32_officials_records_the_workshop_and_the_report_counts_them(
    page, live_server, trainers, tmp_path
):
    world = trainers
    event = make_event(world, make_course(world), days_ago=7)
    first, second = event.days

    sign_in(page, live_server, "tina")
    page.get_by_role("navigation").get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("link", name="Import participants").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    template = download.value.path().read_bytes()

    # A first file with one bad row: refused, the row named, nobody enrolled.
    officials = rows(32)
    bad = [*officials[:9], {**officials[9], "sex": "male?"}, *officials[10:]]
    (tmp_path / "bad.xlsx").write_bytes(_filled(template, bad))
    page.get_by_label("Filled template (.xlsx or .csv)").set_input_files(tmp_path / "bad.xlsx")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-errors")).to_have_text("Row 11: sex is “male?”: write F, M or X.")
    assert not Participant.objects.exists()

    (tmp_path / "officials.xlsx").write_bytes(_filled(template, officials))
    page.get_by_label("Filled template (.xlsx or .csv)").set_input_files(tmp_path / "officials.xlsx")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text("32 participants enrolled.")
    expect(page.locator("#participants h2")).to_have_text("32 participants")

    # Attendance: everyone both days but Official 05 (never came) and Official 12 (the first day only).
    page.get_by_role("link", name="Attendance").click()
    for n in range(1, 33):
        for day in (first, second):
            if n == 5 or (n == 12 and day == second):
                continue
            page.get_by_label(f"Official {n:02d} present on {day.isoformat()}").check()
    page.screenshot(path="/tmp/training-attendance.png", full_page=True)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".messages")).to_contain_text("Attendance saved.")
    assert Attendance.objects.filter(present=True).count() == 64 - 3

    # Scores typed at a person's pace: pre 40-49, post 30 points higher; Official 05 has none.
    page.get_by_role("link", name="Test scores").click()
    for n in range(1, 33):
        if n == 5:
            continue
        type_into(page, page.get_by_label(f"Pre-test of Official {n:02d}"), str(40 + n % 10))
        type_into(page, page.get_by_label(f"Post-test of Official {n:02d}"), str(70 + n % 10))
    page.get_by_role("button", name="Save scores").click()
    expect(page.locator(".messages")).to_contain_text("Scores saved.")
    official = Participant.objects.get(full_name="Official 12")
    assert (official.pre_score, official.post_score) == (42, 72)

    # The annual report: 31 officials trained (Official 05 never came), by institution and by country.
    page.get_by_role("navigation").get_by_role("link", name="Training reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Officials trained in {event.starts_on.year}")

    page.screenshot(path="/tmp/training-report.png", full_page=True)

    def cells(table_id, label):
        row = page.locator(f"#{table_id} tr", has=page.locator("td, th", has_text=label)).first
        return row.locator("td.num, th.num").all_inner_texts()

    assert cells("by-kind", "Ministry") == ["4", "3", "0", "7"]
    assert cells("by-kind", "Police") == ["2", "3", "0", "5"]
    assert cells("by-country", "Tunisia") == ["13", "13", "0", "26"]
    assert cells("by-country", "Algeria") == ["2", "3", "0", "5"]
    assert page.locator("#by-country tfoot th.num").all_inner_texts() == ["15", "16", "0", "31"]
    assert cells("by-institution", "Police nationale (DZA)") == ["2", "3", "0", "5"]
    expect(page.locator("#gain tfoot")).to_contain_text("31")
    expect(page.locator("#gain tfoot")).to_contain_text("30.0")

    # The same report in Arabic, right to left, by the switcher.
    page.click("header button[name=language][value=ar]")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"الموظفون المدرَّبون في {event.starts_on.year}")
    expect(page.locator("#by-country caption")).to_have_text("الموظفون المدرَّبون حسب البلد")
    expect(page.locator("#by-country tbody tr").first).to_contain_text("تونس")
    assert page.locator("#by-country tfoot th.num").all_inner_texts() == ["15", "16", "0", "31"]
    page.screenshot(path="/tmp/training-report-ar.png", full_page=True)
