"""The participants' spreadsheet: the template read back, all or nothing, each bad row named, the same person twice
refused (in the file and against those enrolled), and a file that is no spreadsheet refused by what it is."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from mixedflows.core.models import AuditEvent
from mixedflows.lib.cells import csv_text
from mixedflows.training.models import Institution, Participant
from mixedflows.training.services.participants import COLUMNS, participants_import
from mixedflows.training.spreadsheet import read_rows, template_csv, template_xlsx
from mixedflows.training.tests.conftest import rows


def _xlsx(records) -> bytes:
    book = load_workbook(io.BytesIO(template_xlsx()))
    sheet = book["participants"]
    for record in records:
        sheet.append([record.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(records) -> bytes:
    return (template_csv().decode() + csv_text([[r.get(c, "") for c in COLUMNS] for r in records])).encode()


def _import(world, event, data):
    return participants_import(actor=world.tina, event=event, rows=read_rows(data))


def test_32_officials_from_the_xlsx_template_are_enrolled_with_five_institutions(trainers, event):
    added = _import(trainers, event, _xlsx(rows(32)))
    assert len(added) == 32 == event.participants.count()
    assert Institution.objects.filter(organisation=trainers.alpha).count() == 5
    assert sorted(Institution.objects.values_list("kind", flat=True)) == sorted(
        ["ministry", "border_guard", "coast_guard", "social_services", "police"]
    )
    assert Participant.objects.filter(sex="F").count() == 16
    audit = AuditEvent.objects.get(action="import", object_type="training_event")
    assert audit.detail["count"] == 32 and audit.fields == ["participants"]


def test_the_csv_template_works_the_same_and_semicolons_too(trainers, event):
    assert len(_import(trainers, event, _csv(rows(3)))) == 3
    semicolons = _csv(rows(2, start=3)).decode().replace(",", ";").encode()
    assert len(_import(trainers, event, semicolons)) == 2


def test_one_bad_row_is_named_and_nothing_is_written(trainers, event):
    records = rows(5)
    records[2] = {**records[2], "sex": "Q", "country": "Atlantis"}
    with pytest.raises(ValidationError) as refused:
        _import(trainers, event, _xlsx(records))
    (message,) = refused.value.message_dict["file"]
    assert message.startswith("Row 4: ")  # the header is row 1: the third official is on row 4
    assert "sex is “Q”" in message and "country “Atlantis”" in message
    assert not Participant.objects.exists() and not Institution.objects.exists()


def test_the_same_person_twice_in_the_file_is_refused_naming_both_rows(trainers, event):
    records = rows(4)
    records.append({**records[1], "name": "  official 02 ", "email": ""})  # other spacing and case
    with pytest.raises(ValidationError) as refused:
        _import(trainers, event, _csv(records))
    assert refused.value.message_dict["file"] == ["Row 6: the same person as row 3."]
    assert not Participant.objects.exists()


def test_a_person_already_enrolled_is_refused_and_the_rest_not_written(trainers, event):
    _import(trainers, event, _xlsx(rows(3)))
    again = rows(2, start=2)  # Official 03 again, and a new one
    with pytest.raises(ValidationError) as refused:
        _import(trainers, event, _xlsx(again))
    (message,) = refused.value.message_dict["file"]
    assert message.startswith("Row 2: Official 03 of Coast Guard is already enrolled")
    assert event.participants.count() == 3


def test_the_same_institution_with_another_type_is_refused(trainers, event):
    _import(trainers, event, _xlsx(rows(1)))
    with pytest.raises(ValidationError) as refused:
        _import(trainers, event, _xlsx([{**rows(1, start=5)[0], "institution_type": "police"}]))
    assert "Ministry of Interior (TUN) is recorded as ministry, not police" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"%PDF-1.7 whatever", "This is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "old Excel (.xls)"),
        (b"PK\x03\x04 not really a workbook", "not an Excel workbook"),
        ("name,sex\n".encode("utf-16"), "not a spreadsheet or UTF-8 text"),
        (b"", "The file is empty"),
        (
            b"first,second,third\nA,B,C\n",
            "missing column(s): name, sex, institution, institution_type, country",
        ),
        (b"name,sex,institution,institution_type,country\n", "no participant rows"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_by_what_it_is(trainers, event, data, said):
    with pytest.raises(ValidationError) as refused:
        _import(trainers, event, data)
    assert said in " ".join(refused.value.messages)
    assert not Participant.objects.exists()


def test_the_template_has_the_columns_and_explains_the_codes():
    book = load_workbook(io.BytesIO(template_xlsx()))
    assert [c.value for c in book["participants"][1]] == list(COLUMNS)
    assert book["participants"].max_row == 1  # no example row that could be imported by mistake
    explained = {
        row[0]: row[2] for row in book["how to fill"].iter_rows(min_row=2, values_only=True) if row[0]
    }
    assert "border_guard" in explained["institution_type"] and "F (Female)" in explained["sex"]
    assert template_csv().decode().strip() == ",".join(COLUMNS)


def test_a_workbook_without_the_participants_sheet_is_read_from_its_first_sheet(trainers, event):
    book = Workbook()
    book.worksheets[0].append(list(COLUMNS))
    for r in rows(2):
        book.worksheets[0].append([r[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    assert len(_import(trainers, event, out.getvalue())) == 2
