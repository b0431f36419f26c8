"""Information campaigns and the reach they report, period by period."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.project_models import Project
from mixedflows.core.services.projects import project_usable
from mixedflows.lib.codes import is_language
from mixedflows.outreach.codes import PARTICIPANT_KEYS, Audience, Channel
from mixedflows.outreach.models import Campaign, ReachReport
from mixedflows.outreach.services.common import require_own, require_recorder


@dataclass
class CampaignInput:
    title: str
    channel: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    audiences: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    description: str = ""
    # The funded project whose indicators count the campaign's reach (issue 13).
    project: Project | None = None


CAMPAIGN_FIELDS = [
    "title",
    "channel",
    "starts_on",
    "ends_on",
    "audiences",
    "languages",
    "areas",
    "partners",
    "description",
    "project",
]


def _check_campaign(data: CampaignInput) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the campaign a title.")
    if data.channel not in Channel.values:
        errors["channel"] = _("Choose a channel from the list.")
    if not data.audiences:
        errors["audiences"] = _("Choose at least one audience.")
    elif unknown := [a for a in data.audiences if a not in Audience.values]:
        errors["audiences"] = _("Unknown audience: %(codes)s.") % {"codes": ", ".join(unknown)}
    if unknown := [lang for lang in data.languages if not is_language(lang)]:
        errors["languages"] = _("Not a language code of ISO 639-3: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = _("The campaign cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_save(*, actor: User, data: CampaignInput, campaign: Campaign | None = None) -> Campaign:
    """A new campaign of the actor's agency, or changes to one of its campaigns."""
    organisation = require_recorder(actor)
    if campaign is not None:
        require_own(actor, campaign)
    _check_campaign(data)
    if data.project is not None and (campaign is None or campaign.project_id != data.project.pk):
        project_usable(actor=actor, project=data.project)
    values = {name: getattr(data, name) for name in CAMPAIGN_FIELDS}
    values["title"] = values["title"].strip()
    if campaign is None:
        campaign = Campaign.objects.create(organisation=organisation, created_by=actor, **values)
        action, changed = AuditAction.CREATE, CAMPAIGN_FIELDS
    else:
        if campaign.reach_reports.exists():
            first = campaign.reach_reports.order_by("period_start").first()
            last = campaign.reach_reports.order_by("-period_end").first()
            assert first is not None and last is not None
            if data.starts_on > first.period_start or (data.ends_on and data.ends_on < last.period_end):
                raise ValidationError(
                    {
                        "starts_on": _(
                            "Reach is already reported outside these dates: change those periods first."
                        )
                    }
                )
        changed = [name for name in CAMPAIGN_FIELDS if getattr(campaign, name) != values[name]]
        for name in changed:
            setattr(campaign, name, values[name])
        campaign.save()
        action = AuditAction.CHANGE
    audit_record(
        actor=actor, action=action, object_type="outreach_campaign", object_id=campaign.uuid, fields=changed
    )
    return campaign


@dataclass
class ReachInput:
    period_start: datetime.date
    period_end: datetime.date
    listeners: int | None = None
    listeners_source: str = ""
    sessions_held: int | None = None
    sessions_source: str = ""
    participants: dict[str, int] = field(default_factory=dict)
    participants_source: str = ""
    materials_distributed: int | None = None
    materials_source: str = ""


# each figure and the field that names its source
_FIGURES = [
    ("listeners", "listeners_source"),
    ("sessions_held", "sessions_source"),
    ("participants", "participants_source"),
    ("materials_distributed", "materials_source"),
]


def _check_period(campaign: Campaign, data: ReachInput) -> dict[str, str]:
    if data.period_end < data.period_start:
        return {"period_end": _("The period ends before it starts.")}
    if data.period_end > timezone.localdate():
        return {"period_end": _("The period is not over yet: report its reach when it has ended.")}
    if data.period_start < campaign.starts_on or (campaign.ends_on and data.period_end > campaign.ends_on):
        return {"period_start": _("The period falls outside the campaign's dates.")}
    overlapping = campaign.reach_reports.filter(
        period_start__lte=data.period_end, period_end__gte=data.period_start
    ).first()
    if overlapping:
        return {
            "period_start": _("Reach for %(start)s to %(end)s is already reported: a period is counted once.")
            % {"start": overlapping.period_start.isoformat(), "end": overlapping.period_end.isoformat()}
        }
    return {}


@transaction.atomic
def reach_record(*, actor: User, campaign: Campaign, data: ReachInput) -> ReachReport:
    """A campaign's reach over one period: each figure with its source, periods never overlapping."""
    organisation = require_recorder(actor)
    require_own(actor, campaign)
    errors = _check_period(campaign, data)
    participants = {key: n for key, n in data.participants.items() if n}
    if unknown := sorted(set(participants) - set(PARTICIPANT_KEYS)):
        errors["participants"] = _("Unknown participant group: %(keys)s.") % {"keys": ", ".join(unknown)}
    if any(n < 0 for n in participants.values()) or any(
        (getattr(data, f) or 0) < 0 for f in ("listeners", "sessions_held", "materials_distributed")
    ):
        errors["__all__"] = _("A count cannot be negative.")
    given = {
        "listeners": data.listeners is not None,
        "sessions_held": data.sessions_held is not None,
        "participants": bool(participants),
        "materials_distributed": data.materials_distributed is not None,
    }
    if not any(given.values()):
        errors.setdefault("__all__", _("Give at least one figure for the period."))
    for figure, source in _FIGURES:
        if given[figure] and not getattr(data, source).strip():
            errors[source] = _("Say where this figure comes from.")
    if errors:
        raise ValidationError(errors)
    report = ReachReport.objects.create(
        organisation=organisation,
        created_by=actor,
        campaign=campaign,
        period_start=data.period_start,
        period_end=data.period_end,
        listeners=data.listeners,
        listeners_source=data.listeners_source.strip() if given["listeners"] else "",
        sessions_held=data.sessions_held,
        sessions_source=data.sessions_source.strip() if given["sessions_held"] else "",
        participants=participants,
        participants_source=data.participants_source.strip() if given["participants"] else "",
        materials_distributed=data.materials_distributed,
        materials_source=data.materials_source.strip() if given["materials_distributed"] else "",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="outreach_reach",
        object_id=report.uuid,
        fields=["period_start", "period_end", *(f for f, was in given.items() if was)],
    )
    return report
