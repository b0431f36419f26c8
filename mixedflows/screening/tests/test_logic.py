"""Skip logic and constraints: the page, the import and the XLSForm ask and refuse the same things."""

import re
import shutil
from io import BytesIO

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from mixedflows.screening.instruments import INSTRUMENT_DIR, InstrumentError, read_instrument
from mixedflows.screening.rules import Facts, evaluate
from mixedflows.screening.services import current_instrument, screening_save_section, screening_start
from mixedflows.screening.submission_json import ImportFailed
from mixedflows.screening.submissions import screenings_import
from mixedflows.screening.tests.submission_files import central
from mixedflows.screening.xlsform import xlsform_check, xlsform_workbook

V2 = yaml.safe_load((INSTRUMENT_DIR / "protection-2.yaml").read_text())


def _save(world, screening, section, raw):
    return screening_save_section(actor=world.alice, screening=screening, section_key=section, raw=raw)


def test_pregnancy_is_not_asked_of_a_man(client, world, register):
    man = register(given_name="Yonas", sex="M", age=30)
    woman = register(given_name="Hiwet", sex="F", age=24)
    for person, kept in ((man, ""), (woman, "pregnant")):
        screening = screening_start(actor=world.alice, person=person)
        _save(world, screening, "health", {"medical_needs": "no", "pregnancy": "pregnant"})
        screening.refresh_from_db()
        assert screening.answers["pregnancy"] == kept
    client.force_login(world.alice)
    for person, hidden in ((man, True), (woman, False)):
        page = client.get(reverse("screening:person", args=[person.uuid]), follow=True).content.decode()
        tag = re.search(r'<fieldset class="question" id="q-pregnancy"[^>]*>', page).group(0)
        assert ("hidden" in tag) is hidden and "data-relevant=" in tag


def test_the_child_section_is_asked_of_children_and_of_people_of_unknown_age_only(world, register):
    adult = register(given_name="Yonas", sex="M", age=30)
    unknown = register(given_name="Abel", sex="M")
    for person, kept in ((adult, ""), (unknown, "alone")):
        screening = screening_start(actor=world.alice, person=person)
        _save(world, screening, "child", {"travels_with": "alone"})
        screening.refresh_from_db()
        assert screening.answers.get("travels_with", "") == kept


def test_the_amount_is_asked_only_when_a_smuggler_was_paid_and_must_be_plausible(world, register):
    man = register(given_name="Yonas", sex="M", age=30)
    screening = screening_start(actor=world.alice, person=man)
    _save(
        world,
        screening,
        "smuggling",
        {"paid_smuggler": "no", "amount_paid": "1500", "payment_place": "Sabha"},
    )
    screening.refresh_from_db()
    assert (screening.answers["amount_paid"], screening.answers["payment_place"]) == ("", "")
    with pytest.raises(ValidationError) as caught:
        _save(world, screening, "smuggling", {"paid_smuggler": "yes", "amount_paid": "1500000"})
    assert "under 100,000" in caught.value.message_dict["amount_paid"][0]
    screening.refresh_from_db()
    assert screening.answers["paid_smuggler"] == "no"  # nothing written
    _save(world, screening, "smuggling", {"paid_smuggler": "yes", "amount_paid": "1500"})
    screening.refresh_from_db()
    assert screening.answers["amount_paid"] == 1500
    # Answering "no" afterwards drops the amount: an answer to a question no longer asked is not kept.
    _save(world, screening, "smuggling", {"paid_smuggler": "no", "amount_paid": "1500"})
    screening.refresh_from_db()
    assert screening.answers["amount_paid"] == ""


def test_the_interpreter_language_is_an_iso_639_3_code_from_a_list(client, world, register):
    man = register(given_name="Yonas", sex="M", age=30)
    screening = screening_start(actor=world.alice, person=man)
    with pytest.raises(ValidationError, match="ISO 639-3"):
        _save(
            world, screening, "information", {"information_given": "yes", "interpreter_language": "Tigrinya"}
        )
    _save(world, screening, "information", {"information_given": "yes", "interpreter_language": "tir"})
    client.force_login(world.alice)
    page = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    assert '<select id="id_interpreter_language" name="interpreter_language">' in page
    assert '<option value="tir" selected>Tigrinya (tir)</option>' in page


def test_a_child_presumed_trafficked_is_not_recommended_regular_pathways():
    answers = {"control_methods": ["forced_work"], "reasons_for_leaving": ["work"], "purpose": "work"}
    child = evaluate(V2, Facts(answers=answers, person={"age": 15, "sex": "F"}))
    adult = evaluate(V2, Facts(answers=answers, person={"age": 30, "sex": "F"}))
    assert "presumed_vot" in child.categories
    assert "regular_migration_pathways" not in child.procedures
    assert "anti_trafficking_identification" in child.procedures
    assert any(e["rule"] == "not_for_children" for e in child.explanation)
    assert "regular_migration_pathways" in adult.procedures
    assert not any(e["rule"] == "not_for_children" for e in adult.explanation)


def test_the_xlsform_carries_relevant_and_constraint_and_odk_validate_accepts_it(db):
    data = xlsform_workbook(current_instrument())
    xform = xlsform_check(data, validate=bool(shutil.which("java")))
    rows = list(load_workbook(BytesIO(data))["survey"].values)
    survey: dict[str, dict] = {}
    for row in rows[1:]:
        survey.setdefault(row[1], dict(zip(rows[0], row, strict=True)))  # a group's begin row, not its end
    assert survey["pregnancy"]["relevant"] == "not(${person_sex} = 'M')"
    assert survey["child"]["relevant"] == "not((${person_age} != '' and ${person_age} >= 18))"
    assert survey["amount_paid"]["relevant"] == "${paid_smuggler} = 'yes'"
    assert survey["amount_paid"]["constraint"] == "(. != '' and . < 100000)"
    assert "under 100,000" in survey["amount_paid"]["constraint_message"]
    assert survey["interpreter_language"]["type"] == "select_one iso639_3"
    assert "relevant=\" /data/smuggling/paid_smuggler  = 'yes'\"" in xform or "paid_smuggler" in xform


def test_an_imported_submission_that_breaks_a_constraint_is_refused_naming_it(world, register):
    man = register(given_name="Yonas", sex="M", age=30)
    submission = central(man, version="2", smuggling={"paid_smuggler": "yes", "amount_paid": 2_000_000})
    with pytest.raises(ImportFailed) as caught:
        screenings_import(actor=world.alice, submissions=[submission])
    assert "amount_paid" in str(caught.value) and "under 100,000" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][3]["questions"][1].update({"relevant": {"q": "nope", "equals": "yes"}}),
            "unknown question",
        ),
        (lambda d: d["sections"][3]["questions"][1].pop("constraint_message"), "constraint_message"),
        (
            lambda d: d["sections"][3]["questions"][1].update({"relevant": {"person": "height", "<": 2}}),
            "person fact",
        ),
    ],
)
def test_a_malformed_skip_logic_is_refused_when_the_instrument_is_read(tmp_path, change, message):
    definition = yaml.safe_load((INSTRUMENT_DIR / "protection-2.yaml").read_text())
    assert definition["sections"][3]["questions"][1]["key"] == "amount_paid"
    change(definition)
    path = tmp_path / "protection-2.yaml"
    path.write_text(yaml.safe_dump(definition, sort_keys=False))
    with pytest.raises(InstrumentError, match=message):
        read_instrument(path)
