"""Standard operating procedures between agencies, their steps and who is responsible for each."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.cooperation.models import Document, Sop, SopStep
from mixedflows.cooperation.services import documents
from mixedflows.cooperation.services.common import require_coordinator
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User


@transaction.atomic
def sop_create(
    *,
    actor: User,
    title: str,
    scope: str,
    parties: list[Organisation],
    version: str,
    signed_on: datetime.date,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    document: UploadedFile | None = None,
) -> Sop:
    """An SOP the actor's agency keeps, agreed with the other parties; the signed text as a stored document."""
    organisation = require_coordinator(actor)
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the procedure a title.")
    if not scope.strip():
        errors["scope"] = _("Say what the procedure covers.")
    if not version.strip():
        errors["version"] = _("Give the version.")
    if not [p for p in parties if p != organisation]:
        errors["parties"] = _("A procedure between agencies has at least one other party.")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("A procedure cannot end before it comes into force.")
    if errors:
        raise ValidationError(errors)
    sop = Sop.objects.create(
        organisation=organisation,
        created_by=actor,
        title=title.strip(),
        scope=scope.strip(),
        version=version.strip(),
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    sop.parties.set({organisation, *parties})
    if document is not None:
        sop.document = documents.store(
            actor=actor, upload=document, kind=Document.Kind.SOP, title=str(sop), sop=sop
        )
        sop.save(update_fields=["document"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cooperation_sop",
        object_id=sop.uuid,
        fields=["title", "scope", "parties", "version", "dates"]
        + (["document"] if document is not None else []),
    )
    return sop


@transaction.atomic
def sop_step_add(
    *,
    actor: User,
    sop: Sop,
    title: str,
    responsible: Organisation,
    description: str = "",
    governs_service: str = "",
) -> SopStep:
    """The next step of the procedure and the party responsible for it."""
    organisation = require_coordinator(actor)
    if sop.organisation_id != organisation.pk:
        raise PermissionDenied(_("Only the agency that keeps the procedure changes it."))
    errors = {}
    if not title.strip():
        errors["title"] = _("Say what is done at this step.")
    if not sop.parties.filter(pk=responsible.pk).exists():
        errors["responsible"] = _("The responsible agency must be a party to the procedure.")
    code = governs_service.strip().lower()
    if code and not code.replace("_", "").isalnum():
        errors["governs_service"] = _(
            "A service code is letters and underscores, e.g. anti_trafficking_identification."
        )
    if errors:
        raise ValidationError(errors)
    step = SopStep.objects.create(
        sop=sop,
        position=sop.steps.count() + 1,
        title=title.strip(),
        description=description.strip(),
        responsible=responsible,
        governs_service=code,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="cooperation_sop",
        object_id=sop.uuid,
        fields=["steps"],
        detail={"step": step.position},
    )
    return step
