"""Background linkage: a whole-registry run on the db worker, with progress on a core.Job row."""

from django.tasks import task
from django.utils import timezone

from mixedflows.core.models import Job, JobKind, User
from mixedflows.core.tasks import JobProgress, job_start
from mixedflows.linkage import movements, registry
from mixedflows.linkage.selectors import active_model
from mixedflows.people.models import Person


def registry_run_start(*, actor: User) -> Job:
    from mixedflows.core.roles import Perm

    if not actor.can(Perm.RUN_LINKAGE):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(Perm.RUN_LINKAGE)
    job = job_start(actor=actor, kind=JobKind.LINKAGE_RUN)
    registry_run_task.enqueue(str(job.uuid))
    return job


def registry_run_execute(job: Job | None, bar=None) -> dict:
    """The run itself, for the task and for `mixedflows linkage run` alike."""
    total = 2 * Person.objects.filter(retired_at__isnull=True).count()  # snapshot, then scoring and filing
    progress = JobProgress(job, total=total, bar=bar, every=max(total // 100, 1))
    try:
        model, version = active_model()
        result = registry.run(model=model, model_version=version, progress=progress, job=job)
        progress.advance(0, message="movement flags")
        result["flags"] = movements.flags_compute()
    except Exception as error:
        progress.finish(failed=f"{type(error).__name__}")
        raise
    result["at"] = timezone.now().isoformat(timespec="seconds")
    progress.finish(result)
    return result


@task
def registry_run_task(job_uuid: str) -> dict:
    return registry_run_execute(Job.objects.get(uuid=job_uuid))
