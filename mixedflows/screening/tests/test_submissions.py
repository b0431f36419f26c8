"""Importing ODK Central and Kobo submissions: all or nothing, idempotent, edits update, versions map answers."""

import json

import pytest
from django.core.management import CommandError, call_command

from mixedflows.core.models import AuditEvent
from mixedflows.screening.codes import ProfileCategory, Urgency
from mixedflows.screening.models import Screening
from mixedflows.screening.submissions import ImportFailed, read_submissions, screenings_import
from mixedflows.screening.tests.submission_files import central, kobo


@pytest.fixture
def girl(register):
    return register(given_name="Senait", sex="F", age=15, guardian=True)


@pytest.fixture
def man(register):
    return register(given_name="Yonas", age=40)


GIRL_SECTIONS = {
    "child": {"travels_with": "alone"},
    "smuggling": {"paid_smuggler": "yes", "amount_paid": 3000, "owes_smuggler": "yes"},
    "trafficking": {"control_methods": "debt_bondage withheld_documents"},
}


def test_an_odk_central_export_becomes_screenings_with_their_outcome(world, girl, man):
    result = screenings_import(
        actor=world.alice,
        submissions=[
            central(girl, **GIRL_SECTIONS),
            central(man, protection={"fear_of_return": "yes"}),
        ],
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    screening = Screening.objects.get(person=girl)
    assert screening.source == Screening.Source.ODK and screening.status == Screening.Status.COMPLETED
    assert set(screening.categories) == {
        ProfileCategory.UNACCOMPANIED_CHILD,
        ProfileCategory.SMUGGLED_MIGRANT,
        ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING,
    }
    assert screening.urgency == Urgency.IMMEDIATE
    assert screening.answers["amount_paid"] == 3000
    assert screening.site == world.quay
    assert (screening.started_at.isoformat(), screening.completed_at.isoformat()) == (
        "2026-11-20T04:12:00+00:00",
        "2026-11-20T04:31:00+00:00",
    )
    assert Screening.objects.get(person=man).categories == [ProfileCategory.ASYLUM_SEEKER]
    event = AuditEvent.objects.filter(action="import", object_type="screening").get()
    assert event.detail["created"] == 2 and len(event.detail["batch_digest"]) == 64


def test_a_kobo_export_with_flat_paths_imports_too(world, girl):
    submission = kobo(girl, child__travels_with="relatives", health__pregnancy="pregnant")
    screenings_import(actor=world.alice, submissions=read_submissions(json.dumps({"results": [submission]})))
    screening = Screening.objects.get(person=girl)
    assert set(screening.categories) == {
        ProfileCategory.SEPARATED_CHILD,
        ProfileCategory.PREGNANT_OR_LACTATING,
    }
    assert screening.submission_id == submission["_uuid"]


def test_one_broken_submission_imports_nothing_and_is_named_with_its_field(world, girl, man):
    broken = central(man, instance="uuid:broken-one", smuggling={"amount_paid": "a lot"})
    with pytest.raises(ImportFailed) as failure:
        screenings_import(actor=world.alice, submissions=[central(girl, **GIRL_SECTIONS), broken])
    assert [str(p) for p in failure.value.problems] == [
        "submission broken-one: amount_paid: enter a whole number, 0 or more"
    ]
    assert not Screening.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_an_unknown_registration_number_and_an_unknown_option_are_both_reported(world, girl, man):
    stranger = central(man, instance="uuid:stranger")
    stranger["registration_number"] = "ALP-NOSUCH00"
    odd = central(girl, instance="uuid:odd", child={"travels_with": "cousin"})
    with pytest.raises(ImportFailed) as failure:
        screenings_import(actor=world.alice, submissions=[stranger, odd])
    assert {(p.submission, p.field) for p in failure.value.problems} == {
        ("stranger", "registration_number"),
        ("odd", "travels_with"),
    }


def test_an_unknown_form_version_is_refused(world, girl):
    with pytest.raises(ImportFailed, match="form version: 7 is not a loaded instrument version"):
        screenings_import(actor=world.alice, submissions=[central(girl, version="7")])
    assert not Screening.objects.exists()


def test_another_agencys_person_cannot_be_screened_by_import(world, girl):
    with pytest.raises(ImportFailed, match="registration_number: no person of your agency has it"):
        screenings_import(actor=world.bob, submissions=[central(girl)])


def test_re_importing_the_same_file_changes_nothing(world, girl, man):
    batch = [central(girl, **GIRL_SECTIONS), central(man)]
    screenings_import(actor=world.alice, submissions=batch)
    before = list(Screening.objects.order_by("pk").values())
    result = screenings_import(actor=world.alice, submissions=batch)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert list(Screening.objects.order_by("pk").values()) == before


def test_an_edited_submission_updates_its_screening(world, girl):
    original = central(girl, instance="uuid:first", child={"travels_with": "parents"})
    screenings_import(actor=world.alice, submissions=[original])
    assert Screening.objects.get().categories == []

    edited = central(girl, instance="uuid:second", deprecated="uuid:first", child={"travels_with": "alone"})
    result = screenings_import(actor=world.alice, submissions=[edited])
    assert (result.created, result.updated) == (0, 1)
    screening = Screening.objects.get()
    assert screening.categories == [ProfileCategory.UNACCOMPANIED_CHILD]
    assert screening.submission_versions == ["first", "second"]
    # The older export again: the edit stays.
    assert screenings_import(actor=world.alice, submissions=[original]).unchanged == 1
    assert Screening.objects.get().categories == [ProfileCategory.UNACCOMPANIED_CHILD]


def test_an_edit_without_a_root_id_finds_its_screening_by_the_replaced_instance(world, girl):
    screenings_import(actor=world.alice, submissions=[kobo(girl, instance="k1")])
    edit = kobo(girl, instance="k2", child__travels_with="alone")
    edit["meta/deprecatedID"] = "uuid:k1"
    screenings_import(actor=world.alice, submissions=[edit])
    assert Screening.objects.get().categories == [ProfileCategory.UNACCOMPANIED_CHILD]


def test_the_command_imports_a_file_and_reports_problems(world, girl, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"value": [central(girl, **GIRL_SECTIONS)]}))
    call_command("screening", "import-submissions", str(good), "--user", "alice")
    assert Screening.objects.count() == 1

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([central(girl, instance="uuid:v9", version="9")]))
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("screening", "import-submissions", str(bad), "--user", "alice")
    assert "submission v9: form version" in capsys.readouterr().err


def test_a_file_that_is_not_json_is_refused(world):
    with pytest.raises(ImportFailed, match="not valid JSON"):
        read_submissions(b"<html>")


def test_a_select_multiple_answer_given_as_a_number_refuses_the_batch_naming_it(world, girl, man):
    numeric = central(man, instance="uuid:numeric", trafficking={"control_methods": 3})
    with pytest.raises(ImportFailed) as failure:
        screenings_import(actor=world.alice, submissions=[central(girl, **GIRL_SECTIONS), numeric])
    assert [str(p) for p in failure.value.problems] == [
        "submission numeric: control_methods: expected the chosen options as text separated by spaces"
    ]
    assert not Screening.objects.exists()


def test_json_nested_100000_deep_is_refused_naming_the_submission(world, girl):
    deep = "[" + json.dumps(central(girl, instance="uuid:fine"))
    deep += ', {"meta": {"instanceID": "uuid:deep"}, "notes": ' + "[" * 100_000 + "]" * 100_000 + "}]"
    with pytest.raises(ImportFailed) as failure:
        read_submissions(deep.encode())
    assert [str(p) for p in failure.value.problems] == [
        "submission #2: JSON: nested more than 32 levels deep"
    ]
    # Deep enough to hurt but parseable: named by its instanceID, in a file or handed over by a pull.
    nested: dict = {}
    for _ in range(500):
        nested = {"group": nested}
    submissions = [central(girl, instance="uuid:fine"), {**central(girl, instance="uuid:deep"), "x": nested}]
    with pytest.raises(ImportFailed, match="submission deep: JSON: nested more than 32 levels deep"):
        read_submissions(json.dumps(submissions))
    with pytest.raises(ImportFailed, match="submission deep: JSON: nested more than 32 levels deep"):
        screenings_import(actor=world.alice, submissions=submissions)
    assert not Screening.objects.exists()


def test_the_same_instance_twice_with_different_answers_refuses_the_batch(world, girl):
    first = central(girl, instance="uuid:twice", child={"travels_with": "parents"})
    second = central(girl, instance="uuid:twice", child={"travels_with": "alone"})
    with pytest.raises(ImportFailed) as failure:
        screenings_import(actor=world.alice, submissions=[first, second])
    assert [str(p) for p in failure.value.problems] == [
        "submission twice: meta/instanceID: appears as submissions #1 and #2 of the batch with different answers"
    ]
    assert not Screening.objects.exists()
    # The same submission twice (an export concatenated with itself) is one screening.
    result = screenings_import(actor=world.alice, submissions=[first, dict(first)])
    assert (result.created, result.unchanged) == (1, 1)
