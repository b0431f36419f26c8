"""The upload page runs the import as a task and shows its progress and, on failure, every problem."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixedflows.core.models import Job
from mixedflows.screening.models import Screening
from mixedflows.screening.tasks import upload_path
from mixedflows.screening.tests.submission_files import central


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _upload(client, payload):
    upload = SimpleUploadedFile("export.json", json.dumps(payload).encode(), content_type="application/json")
    return client.post(reverse("screening:import"), {"file": upload}, follow=True)


def test_alice_uploads_an_export_and_sees_what_was_imported(client, world, register):
    girl = register(given_name="Senait", sex="F", age=15, guardian=True)
    client.force_login(world.alice)
    response = _upload(client, {"value": [central(girl, child={"travels_with": "alone"})]})
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.result == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "flagged": 0,
        "refused": 0,
    }
    assert "Created 1, updated 0, unchanged 0." in response.content.decode()
    assert Screening.objects.get().categories == ["unaccompanied_child"]
    assert not upload_path(job).exists()


def test_a_bad_upload_lists_each_problem_and_imports_nothing(client, world, register):
    girl = register(given_name="Senait", sex="F", age=15, guardian=True)
    client.force_login(world.alice)
    response = _upload(
        client, [central(girl), central(girl, instance="uuid:bad", gbv={"gbv_disclosed": "perhaps"})]
    )
    assert "submission bad: gbv_disclosed: not an option: perhaps" in response.content.decode()
    assert Job.objects.get().status == Job.Status.FAILED
    assert not Screening.objects.exists()


def test_the_result_panel_polls_until_the_job_is_finished(client, world):
    job = Job.objects.create(
        kind="Screening import", organisation=world.alpha, created_by=world.alice, status=Job.Status.RUNNING
    )
    client.force_login(world.alice)
    url = reverse("screening:import_job", args=[job.uuid])
    assert 'hx-trigger="every 2s"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result={"created": 3, "updated": 0, "unchanged": 1}
    )
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Created 3, updated 0, unchanged 1." in html and "every 2s" not in html
