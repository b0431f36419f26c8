"""Counts that leave the agency: protected by disclosure control, and audited on every download."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.lib import disclosure
from mixedflows.lib.cells import csv_text
from mixedflows.outreach.counts import session_tables
from mixedflows.outreach.selectors import sessions_for_counts


@transaction.atomic
def session_counts_export(
    *,
    actor: User,
    site: Site | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> str:
    """The session counts as CSV for publication: every table protected (small cells and the cells that would
    give them back are left empty; zeros are published), one audit event saying what was suppressed."""
    if not actor.can(Perm.VIEW_OUTREACH) or actor.organisation is None:
        raise PermissionDenied(Perm.VIEW_OUTREACH)
    sessions = sessions_for_counts(user=actor, site=site, start=start, end=end)
    total, tables = session_tables(sessions.values_list("sex", "age_band", "topics"))
    rows: list[list] = []
    suppressed = {}
    for table in tables:
        protected = table.published()
        suppressed[table.key] = len(protected.suppressed)
        rows.append([table.title])
        rows += [["" if value is None else value for value in row] for row in table.labelled(protected)]
        rows.append([])
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="outreach_session_counts",
        object_id=site.uuid if site else "",
        detail={
            "format": "csv",
            "start": start.isoformat() if start else "",
            "end": end.isoformat() if end else "",
            "threshold": disclosure.DEFAULT_THRESHOLD,
            "suppressed": suppressed,
            "sessions": total,
        },
    )
    return csv_text(rows)
