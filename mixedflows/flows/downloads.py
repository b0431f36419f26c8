"""Every file the flows app lets leave the system: each passes disclosure control and is audited.

A chart's table is protected here (small cells suppressed, then enough others that none can be recomputed
from the rest); a publication was protected when it was published and is audited each time it is downloaded.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.flows import exports
from mixedflows.flows.dashboard import Chart
from mixedflows.flows.models import Publication
from mixedflows.lib import disclosure
from mixedflows.lib.cells import csv_text

SUPPRESSED = ""  # a suppressed cell is left empty; zeros are published as 0


def protected_chart_rows(chart: Chart, *, threshold: int = disclosure.DEFAULT_THRESHOLD) -> tuple[list, int]:
    """The chart's table with disclosure control: (header and rows, number of cells suppressed).

    Counts are protected as one table (rows by count columns, with margins); a share is left out where its
    count is, since a share and its denominator give the count back.
    """
    counts = [i for i in range(1, len(chart.header)) if i not in chart.shares]
    rows, cols = [str(r) for r in range(len(chart.rows))], [str(i) for i in counts]
    table = disclosure.protect(
        rows,
        cols,
        {(str(r), str(i)): int(line[i]) for r, line in enumerate(chart.rows) for i in counts},
        threshold=threshold,
    )
    out = []
    for r, line in enumerate(chart.rows):
        line = list(line)
        for i in counts:
            value = table.published(str(r), str(i))
            line[i] = SUPPRESSED if value is None else value
        for share, count in chart.shares.items():
            if line[count] == SUPPRESSED:
                line[share] = SUPPRESSED
        out.append(line)
    inner = {cell for cell in table.suppressed if disclosure.TOTAL not in cell}
    return [chart.header, *out], len(inner)


@transaction.atomic
def chart_export(*, actor: User, chart: Chart, scopes: list[str], start, end) -> str:
    """A chart's table as CSV, protected and audited (which chart and scopes, the rules, what was suppressed)."""
    if not actor.can(Perm.VIEW_FLOWS) or actor.organisation is None:
        raise PermissionDenied(Perm.VIEW_FLOWS)
    rows, suppressed = protected_chart_rows(chart)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="flows.chart",
        detail={
            "chart": chart.slug,
            "format": "csv",
            "scopes": scopes,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "threshold": disclosure.DEFAULT_THRESHOLD,
            "suppressed": suppressed,
            "rows": len(rows) - 1,
        },
    )
    return csv_text(rows)


@transaction.atomic
def publication_export(*, actor: User, publication: Publication, fmt: str) -> tuple[str, bytes]:
    """A publication's file (protected when published), audited on every download."""
    if not actor.can(Perm.VIEW_FLOWS) or publication.organisation_id != getattr(
        actor.organisation, "pk", None
    ):
        raise PermissionDenied(Perm.VIEW_FLOWS)
    name, content = exports.publication_file(publication, fmt)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="flows.publication",
        object_id=publication.uuid,
        detail={"format": fmt, "kind": publication.kind, "rules": publication.rules},
    )
    return name, content
