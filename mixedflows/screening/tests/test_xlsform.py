"""The XLSForm for ODK Collect and KoboToolbox: converted by pyxform and checked by ODK Validate (Java)."""

import os
import shutil
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from mixedflows.screening.services import current_instrument
from mixedflows.screening.xlsform import xlsform_check, xlsform_workbook

JAVA = shutil.which("java")


def _validate() -> bool:
    """ODK Validate runs wherever Java is; only a machine without Java and not in CI may skip it."""
    if JAVA:
        return True
    if os.environ.get("MIXEDFLOWS_REQUIRE_BROWSER"):
        pytest.fail("Java is required in CI to run ODK Validate (apt-get install default-jre-headless).")
    return False


def test_the_form_passes_pyxform_and_odk_validate_and_carries_the_version(db):
    instrument = current_instrument()
    data = xlsform_workbook(instrument)
    xform = xlsform_check(data, validate=_validate())
    assert 'id="mixedflows_protection" version="2"' in xform
    assert "<registration_number/>" in xform and "<instrument_version/>" in xform
    assert 'src="jr://file-csv/people.csv"' in xform  # the entity list the person is chosen from
    book = load_workbook(BytesIO(data))
    settings = list(book["settings"].values)
    assert settings[0] == ("form_title", "form_id", "version") and settings[1][2] == "2"
    survey = {row[1]: row for row in book["survey"].values}
    assert survey["person"][0] == "select_one_from_file people.csv"
    assert survey["registration_scan"][0] == "barcode" and survey["registration_typed"][0] == "text"
    assert survey["registration_number"][0] == "calculate"  # from the entity, else the scan, else typed
    assert survey["control_methods"][0] == "select_multiple control_methods"
    assert survey["legal_basis"][4] == "yes"


def test_a_broken_form_fails_the_check(db):
    # The check is real: a select without its choice list does not convert.
    book = load_workbook(BytesIO(xlsform_workbook(current_instrument())))
    book["survey"].append(["select_one no_such_list", "extra", "Extra", "", "", ""])
    out = BytesIO()
    book.save(out)
    with pytest.raises(Exception, match="no_such_list"):
        xlsform_check(out.getvalue(), validate=False)


def test_the_command_writes_the_file(db, tmp_path):
    out = tmp_path / "form.xlsx"
    call_command("screening", "export-xlsform", "--out", str(out), *([] if JAVA else ["--no-validate"]))
    assert load_workbook(out)["settings"]["C2"].value == "2"


def test_the_command_needs_no_database(tmp_path):
    # A fresh data directory: no SQLite file, nothing migrated; the instrument is a file in the package.
    from mixedflows.core.tests.test_security import _env, _mixedflows

    out = tmp_path / "form.xlsx"
    args = ["screening", "export-xlsform", "--out", str(out), *([] if JAVA else ["--no-validate"])]
    result = _mixedflows(*args, env=_env(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "protection v2 written" in result.stdout
    assert load_workbook(out)["settings"]["C2"].value == "2"


def test_an_officer_downloads_the_form(client, world):
    client.force_login(world.alice)
    response = client.get(reverse("screening:xlsform"))
    assert response["Content-Disposition"] == 'attachment; filename="mixedflows_protection-v2.xlsx"'
    assert load_workbook(BytesIO(response.content))["settings"]["B2"].value == "mixedflows_protection"


def test_odk_validate_runs_and_catches_what_pyxform_alone_misses(db):
    if not _validate():
        pytest.skip("Java is not installed (and this is not CI): ODK Validate cannot run here")
    from pyxform.validators.odk_validate import ODKValidateError

    book = load_workbook(BytesIO(xlsform_workbook(current_instrument())))
    book["survey"].append(["calculate", "broken", "", "", "", "concat('a'"])
    out = BytesIO()
    book.save(out)
    xlsform_check(out.getvalue(), validate=False)  # pyxform alone accepts the broken expression
    with pytest.raises(ODKValidateError, match="Invalid calculate"):
        xlsform_check(out.getvalue(), validate=True)
