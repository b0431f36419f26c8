"""The whole-registry run as a background task: progress on a core.Job row, and the same on the command line."""

import pytest
from django.core.management import call_command

from mixedflows.core.models import Job
from mixedflows.linkage.models import MatchCandidate
from mixedflows.linkage.tasks import registry_run_start


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_run_started_from_the_page_reports_its_progress_on_a_job(client, world, register, immediate_tasks):
    register(given_name="Yohannes", fathers_name="Tesfaye", sex="M", nationality="ERI")
    register(given_name="ዮሐንስ", fathers_name="ተስፋዬ", sex="M", nationality="ERI")
    client.force_login(world.adam)  # a supervisor reviews but does not run
    assert client.post("/linkage/runs/").status_code == 403
    world.adam.memberships.create(organisation=world.alpha, role="information_management_officer")
    from mixedflows.core.models import User

    im = User.objects.get(pk=world.adam.pk)
    job = registry_run_start(actor=im)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.done == job.total == 4
    assert job.result["records"] == 2
    assert MatchCandidate.objects.filter(organisation=world.alpha).count() == 1


def test_the_command_line_run_files_the_same_pairs(world, register, capsys):
    register(given_name="Yohannes", fathers_name="Tesfaye", sex="M", nationality="ERI")
    register(given_name="ዮሐንስ", fathers_name="ተስፋዬ", sex="M", nationality="ERI")
    call_command("linkage", "run")
    assert "2 records" in capsys.readouterr().out
    assert MatchCandidate.objects.count() == 1


def test_training_saves_a_new_model_version_that_the_lookup_then_uses(world, register, capsys):

    from mixedflows.lib.dates import parse_partial_date
    from mixedflows.linkage.comparisons import COMPARISONS
    from mixedflows.linkage.models import LinkageModel
    from mixedflows.linkage.selectors import active_model
    from mixedflows.linkage.synthetic import generate

    for r in generate(120, seed=5):
        dob, precision = parse_partial_date(r["date_of_birth"]) if r["date_of_birth"] else (None, "")
        register(
            given_name=r["given_name"],
            family_name=r["family_name"],
            sex=r["sex"],
            nationality=r["nationality"],
            date_of_birth=dob,
            dob_precision=precision,
        )
    call_command("linkage", "train")
    call_command("linkage", "train")
    assert "Linkage model v2 trained on" in capsys.readouterr().out
    assert list(LinkageModel.objects.values_list("version", flat=True)) == [2, 1]
    settings, version = active_model()
    assert version == 2 and settings == LinkageModel.objects.get(version=2).settings
    # Every comparison is in it, even those of an EM step too small to run (Splink had dropped them).
    assert [c["output_column_name"] for c in settings["comparisons"]] == [c.name for c in COMPARISONS]


def test_the_registry_compares_when_people_were_first_met_not_when_rows_were_made(world, register):
    """Records imported in one batch share a creation day; what counts is their earliest encounter."""
    import datetime

    from django.utils import timezone

    from mixedflows.linkage.registry import snapshot
    from mixedflows.people.models import Encounter

    landed = register(given_name="Yohannes", fathers_name="Tesfaye", sex="M", nationality="ERI")
    later = register(given_name="Yohannes", fathers_name="Tesfaye", sex="M", nationality="ERI")
    first = timezone.make_aware(datetime.datetime(2024, 3, 5, 22, 0))
    Encounter.objects.filter(person=landed).update(occurred_at=first)
    Encounter.objects.filter(person=later).update(occurred_at=first + datetime.timedelta(days=400))
    table, _ = snapshot()
    days = dict(zip(table.column("unique_id").to_pylist(), table.column("enc_day").to_pylist(), strict=True))
    assert days[str(landed.uuid)] == (first.date() - datetime.date(1970, 1, 1)).days
    assert days[str(later.uuid)] - days[str(landed.uuid)] == 400
