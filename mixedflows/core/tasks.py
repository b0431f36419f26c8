"""Progress of background work: tasks update a Job row that pages poll and the command line prints."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from mixedflows.core.models import Job, JobKind, User


def job_start(*, actor: User, kind: JobKind, total: int = 0) -> Job:
    """The Job row of long work the actor starts, in the actor's agency; the task reports on it (JobProgress)."""
    try:
        kind = JobKind(kind)
    except ValueError:
        raise ValueError(f"unknown job kind {kind!r}: add it to core.models.JobKind") from None
    return Job.objects.create(kind=kind.value, organisation=actor.organisation, created_by=actor, total=total)


class JobProgress:
    """Report progress to a Job row (throttled) and, on the command line, to a progress bar."""

    def __init__(self, job: Job | None = None, *, total: int = 0, bar=None, every: int = 1):
        self.job, self.bar, self.every = job, bar, max(every, 1)
        self.done = 0
        if job is not None:
            job.total, job.status = total, Job.Status.RUNNING
            job.save(update_fields=["total", "status"])

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.job is not None and (self.done % self.every < n or message):
            Job.objects.filter(pk=self.job.pk).update(
                done=self.done, message=message[:300] or self.job.message
            )

    def finish(self, result: dict | None = None, *, failed: str = "") -> None:
        if self.bar is not None:
            self.bar.close()
        if self.job is not None:
            Job.objects.filter(pk=self.job.pk).update(
                done=self.done,
                status=Job.Status.FAILED if failed else Job.Status.DONE,
                message=failed[:300],
                result=result or {},
                finished_at=timezone.now(),
            )


def run_with_progress(job: Job | None, total: int, work: Callable[[JobProgress], dict], bar=None) -> dict:
    progress = JobProgress(job, total=total, bar=bar, every=max(total // 100, 1))
    try:
        result = work(progress)
    except Exception as error:
        progress.finish(failed=f"{type(error).__name__}: {error}")
        raise
    progress.finish(result)
    return result


@task
def audit_verify_task(job_uuid: str) -> dict:
    """Recompute the audit chain in the background (a supervisor's check), reporting on a Job row."""
    from mixedflows.core.audit import audit_verify
    from mixedflows.core.models import AuditEvent

    job = Job.objects.get(uuid=job_uuid)

    def work(progress: JobProgress) -> dict:
        result = audit_verify(progress=lambda n: progress.advance())
        return {"checked": result.checked, "ok": result.ok, "problems": result.problems}

    return run_with_progress(job, AuditEvent.objects.count(), work)


@task
def audit_head_export_task() -> dict:
    """Keep the chain head in the write-once head directory, then queue the next export."""
    from mixedflows.core.audit import export_head

    path = export_head()
    audit_head_export_schedule(after_minutes=settings.AUDIT_HEAD_MINUTES)
    return {"path": str(path)}


def audit_head_export_schedule(*, after_minutes: int = 0) -> bool:
    """Queue the head export unless one is already waiting; `mixedflows demo` and the command call it."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=audit_head_export_task.module_path, status="READY").exists():
        return False
    run_after = timezone.now() + datetime.timedelta(minutes=after_minutes)
    audit_head_export_task.using(run_after=run_after).enqueue()
    return True
