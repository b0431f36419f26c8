"""Background work: refreshing the analytics snapshot, so heavy queries never slow registration."""

from django.tasks import task

from mixedflows.core.models import Job
from mixedflows.core.tasks import JobProgress
from mixedflows.flows.snapshot import snapshot_take


def snapshot_with_progress(job: Job | None = None, bar=None) -> dict:
    progress: dict = {}

    def on_total(total: int) -> None:
        progress["p"] = JobProgress(job, total=total, bar=bar, every=max(total // 100, 1))
        if bar is not None:
            bar.total = total

    try:
        snapshot = snapshot_take(on_total=on_total, advance=lambda n: progress["p"].advance(n))
    except Exception as error:
        if "p" in progress:
            progress["p"].finish(failed=f"{type(error).__name__}: {error}")
        raise
    result = {"snapshot": str(snapshot.uuid), "rows": snapshot.rows}
    progress["p"].finish(result)
    return result


@task()
def snapshot_refresh(job_uuid: str) -> dict:
    return snapshot_with_progress(Job.objects.get(uuid=job_uuid))
