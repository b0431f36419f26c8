"""Counselling sessions at migrant resource centres: anonymous unless the person asks for follow-up and consents."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.project_models import Project
from mixedflows.core.services.projects import project_usable
from mixedflows.lib.codes import is_country
from mixedflows.outreach.codes import AgeBand, Decision, Onward, Sex, Topic
from mixedflows.outreach.models import CounsellingSession, FollowUpContact
from mixedflows.outreach.services.common import require_recorder

SESSION_FIELDS = [
    "held_on",
    "sex",
    "age_band",
    "nationality",
    "area",
    "topics",
    "decision",
    "onward",
    "project",
]


@dataclass
class SessionInput:
    held_on: datetime.date
    sex: str
    age_band: str
    decision: str
    topics: list[str] = field(default_factory=list)
    nationality: str = ""
    area: str = ""
    onward: list[str] = field(default_factory=list)
    # Only when the person asks for follow-up and consents; otherwise the session keeps no name.
    follow_up: bool = False
    consent: bool = False
    name: str = ""
    contact: str = ""
    # The funded project whose indicators count the session (issue 13).
    project: Project | None = None


def _check(data: SessionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.held_on > timezone.localdate():
        errors["held_on"] = _("A session cannot be in the future.")
    if data.sex not in Sex.values:
        errors["sex"] = _("Choose one.")
    if data.age_band not in AgeBand.values:
        errors["age_band"] = _("Choose one.")
    if data.decision not in Decision.values:
        errors["decision"] = _("Choose one.")
    if not data.topics:
        errors["topics"] = _("Tick at least one topic discussed.")
    elif any(t not in Topic.values for t in data.topics):
        errors["topics"] = _("Unknown topic.")
    if any(o not in Onward.values for o in data.onward):
        errors["onward"] = _("Unknown referral.")
    if data.nationality and not is_country(data.nationality):
        errors["nationality"] = _("Not a country: type its name or its ISO code (ETH, ERI, SDN).")
    named = bool(data.name.strip() or data.contact.strip())
    if named and not (data.follow_up and data.consent):
        errors["consent"] = _(
            "A name or contact is kept only when the person asks for follow-up and consents: "
            "tick both, or leave the name and contact empty."
        )
    elif data.follow_up and data.consent and not named:
        errors["contact"] = _("Follow-up needs a name or a way to reach the person.")
    if Onward.REFERRAL_SYSTEM in data.onward and not data.consent:
        errors["onward"] = _("A referral through the referral system needs the person's consent.")
    return errors


@transaction.atomic
def session_record(*, actor: User, site: Site, data: SessionInput) -> CounsellingSession:
    """One counselling session at a migrant resource centre of the actor's agency."""
    organisation = require_recorder(actor)
    if (
        site.kind != Site.Kind.MIGRANT_RESOURCE_CENTRE
        or not Site.objects.usable_by(actor).filter(pk=site.pk).exists()
    ):
        raise PermissionDenied(_("Sessions are recorded only at a resource centre of your agency."))
    if errors := _check(data):
        raise ValidationError(errors)
    project_usable(actor=actor, project=data.project)
    keep_contact = data.follow_up and data.consent
    session = CounsellingSession.objects.create(
        organisation=organisation,
        created_by=actor,
        site=site,
        held_on=data.held_on,
        sex=data.sex,
        age_band=data.age_band,
        nationality=data.nationality.upper(),
        area=data.area.strip(),
        topics=[t for t in Topic.values if t in data.topics],
        decision=data.decision,
        onward=[o for o in Onward.values if o in data.onward],
        follow_up=keep_contact,
        project=data.project,
    )
    fields = list(SESSION_FIELDS)
    if keep_contact:
        FollowUpContact.objects.create(
            organisation=organisation,
            created_by=actor,
            session=session,
            name=data.name.strip(),
            contact=data.contact.strip(),
            consent_given_on=timezone.localdate(),
        )
        fields += ["follow_up", "name", "contact", "consent"]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="outreach_session",
        object_id=session.uuid,
        fields=fields,
    )
    return session


@transaction.atomic
def sessions_tag_project(
    *, actor: User, site: Site, project: Project, start: datetime.date, end: datetime.date
) -> int:
    """Tag the sessions the actor's agency held at a centre between two days (both included) that no project
    counts yet (sessions logged before the project was set up); returns how many. A session already counted for
    a project keeps it: moving it is done on its own page, so another project's figures never shift unseen."""
    organisation = require_recorder(actor)
    if not Site.objects.usable_by(actor).filter(pk=site.pk).exists():
        raise PermissionDenied(_("Sessions are recorded only at a resource centre of your agency."))
    if end < start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    project_usable(actor=actor, project=project)
    sessions = CounsellingSession.objects.filter(
        organisation=organisation, site=site, held_on__range=(start, end), project__isnull=True
    )
    tagged = sessions.update(project=project)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="outreach_centre",
        object_id=site.uuid,
        fields=["project"],
        detail={
            "project": str(project.uuid),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "sessions": tagged,
        },
    )
    return tagged
