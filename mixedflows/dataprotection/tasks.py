"""The anonymisation job in the background: apply an agency's retention periods, reporting on a Job row."""

from django.tasks import task

from mixedflows.core.models import Job, JobKind, User
from mixedflows.core.tasks import job_start, run_with_progress


def retention_run_start(*, actor: User) -> Job:
    """Queue the anonymisation job for the actor's agency; its progress shows on the job page."""
    from mixedflows.dataprotection.services.retention import retention_officer_agency

    retention_officer_agency(actor)
    job = job_start(actor=actor, kind=JobKind.RETENTION_RUN)
    retention_run_task.enqueue(str(job.uuid), actor.pk)
    return job


@task()
def retention_run_task(job_uuid: str, actor_id: int) -> dict:
    from mixedflows.dataprotection.services.retention import retention_run
    from mixedflows.people.models import Person

    job = Job.objects.get(uuid=job_uuid)
    actor = User.objects.get(pk=actor_id)
    total = Person.objects.filter(organisation=job.organisation, anonymised__isnull=True).count()

    def work(progress) -> dict:
        run = retention_run(actor=actor, job=job, progress=lambda n: progress.advance())
        return {"run": str(run.uuid), "counts": run.counts}

    return run_with_progress(job, total, work)
