"""Background work: importing a file of ODK/Kobo submissions, with progress on a core.Job row."""

from pathlib import Path

from django.tasks import task

from mixedflows.core.models import Job
from mixedflows.core.tasks import run_with_progress
from mixedflows.lib.env import data_dir
from mixedflows.screening.submissions import ImportFailed, read_submissions, screenings_import


def upload_path(job: Job) -> Path:
    """Uploaded files wait here (in the data directory, never in logs) until the task has read them."""
    folder = data_dir() / "screening-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{job.uuid}.json"


@task()
def import_submissions_task(job_uuid: str) -> dict:
    job = Job.objects.select_related("created_by").get(uuid=job_uuid)
    path = upload_path(job)
    actor = job.created_by
    if actor is None:
        raise ValueError("a screening import is always started by a user")
    try:
        submissions = read_submissions(path.read_bytes())

        def work(progress):
            return screenings_import(
                actor=actor, submissions=submissions, progress=lambda n: progress.advance(n)
            ).as_dict()

        try:
            return run_with_progress(job, len(submissions), work)
        except ImportFailed as error:
            Job.objects.filter(pk=job.pk).update(
                message=str(error)[:300], result={"problems": [str(p) for p in error.problems[:200]]}
            )
            return {"problems": len(error.problems)}
    except ImportFailed as error:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            message=str(error)[:300],
            result={"problems": [str(p) for p in error.problems]},
        )
        return {"problems": len(error.problems)}
    finally:
        path.unlink(missing_ok=True)
