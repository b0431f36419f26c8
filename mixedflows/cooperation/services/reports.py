"""The donor report leaving the agency is an audited export."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.project_models import Project
from mixedflows.core.roles import Perm


@transaction.atomic
def donor_report_exported(
    *, actor: User, project: Project, start: datetime.date, end: datetime.date, file_format: str
) -> Project:
    if not actor.can(Perm.MANAGE_PROJECTS):
        raise PermissionDenied(Perm.MANAGE_PROJECTS)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="project_donor_report",
        object_id=project.uuid,
        fields=["indicators"],
        detail={"from": start.isoformat(), "to": end.isoformat(), "format": file_format},
    )
    return project
