"""The audit of what leaves the system as a report: the annual training workbook."""

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User


def report_exported(*, actor: User, year: int) -> int:
    """The annual training report was downloaded as a workbook (counts only, no participant's name)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="training_report",
        fields=["tables"],
        detail={"year": year},
    )
    return year
