"""The audit of what leaves the system as a report: the visit report (PDF) and the published children table."""

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.detention.models import Visit


def visit_report_exported(*, actor: User, visit: Visit, internal: bool) -> Visit:
    """A visit report was downloaded; the internal one also carries the people met."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="detention_visit",
        object_id=visit.uuid,
        fields=["report"] + (["people_met"] if internal else []),
    )
    return visit


def children_table_exported(*, actor: User) -> None:
    """The children-in-detention table (after disclosure control) was downloaded."""
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type="detention_children_table", fields=["counts"]
    )
