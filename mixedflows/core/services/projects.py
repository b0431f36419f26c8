"""Writes of the project register: projects, their indicators, and tagging an activity with a project.

Projects live in `core` because every app tags its activities with one and only `core` sits below them all.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core import indicators
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.core.project_models import Indicator, Project
from mixedflows.core.roles import Perm
from mixedflows.lib.codes import is_country

PROJECT_FIELDS = [
    "code",
    "title",
    "donors",
    "partner_organisations",
    "countries",
    "dates",
    "budget",
    "currency",
]
INDICATOR_FIELDS = ["code", "wording", "unit", "baseline", "target", "counter", "disaggregations"]


def _require_manager(actor: User, project: Project | None = None) -> None:
    if not actor.can(Perm.MANAGE_PROJECTS):
        raise PermissionDenied(Perm.MANAGE_PROJECTS)
    if project is not None and project.organisation_id != getattr(actor.organisation, "pk", None):
        raise PermissionDenied(_("Only the implementing agency changes a project."))


def _clean_project(
    *,
    code: str,
    title: str,
    countries: list[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    currency: str,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Give the project a code.")
    if not title.strip():
        errors["title"] = _("Give the project a title.")
    bad = [c for c in countries if not is_country(c)]
    if bad:
        errors["countries"] = _("Unknown country code “%(country)s”.") % {"country": bad[0]}
    if ends_on < starts_on:
        errors["ends_on"] = _("A project cannot end before it starts.")
    if currency and (len(currency) != 3 or not currency.isalpha()):
        errors["currency"] = _("A currency is three letters (ISO 4217), e.g. EUR.")
    if errors:
        raise ValidationError(errors)
    return {"code": code.strip(), "title": title.strip(), "countries": [c.upper() for c in countries]}


@transaction.atomic
def project_create(
    *,
    actor: User,
    code: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    donors: list[str] = [],  # noqa: B006 (never mutated)
    partner_organisations: list[Organisation] = [],  # noqa: B006
    countries: list[str] = [],  # noqa: B006
    budget: Decimal | None = None,
    currency: str = "",
) -> Project:
    """A project implemented by the actor's agency, with its partner agencies."""
    _require_manager(actor)
    organisation = actor.agency
    clean = _clean_project(
        code=code, title=title, countries=countries, starts_on=starts_on, ends_on=ends_on, currency=currency
    )
    if Project.objects.owned_by(organisation).filter(code=clean["code"]).exists():
        raise ValidationError({"code": _("Your agency already has a project with this code.")})
    partners = [p for p in partner_organisations if p != organisation]
    project = Project.objects.create(
        organisation=organisation,
        created_by=actor,
        donors=[d.strip() for d in donors if d.strip()],
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        currency=currency.upper(),
        **clean,
    )
    project.partner_organisations.set(partners)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="project",
        object_id=project.uuid,
        fields=PROJECT_FIELDS,
    )
    return project


def _clean_indicator(
    *, project: Project, code: str, counter: str, disaggregations: list[str]
) -> dict[str, Any]:
    found = indicators.counter(counter)
    if found is None:
        raise ValidationError({"counter": _("No counter “%(key)s” is registered.") % {"key": counter}})
    extra = [d for d in disaggregations if d not in found.dimensions]
    if extra:
        raise ValidationError(
            {
                "disaggregations": _("“%(counter)s” cannot be disaggregated by %(dimensions)s.")
                % {
                    "counter": found.label,
                    "dimensions": ", ".join(indicators.dimension_label(d) for d in extra),
                }
            }
        )
    if not code.strip():
        raise ValidationError({"code": _("Give the indicator a code.")})
    return {"code": code.strip(), "counter": counter, "disaggregations": list(dict.fromkeys(disaggregations))}


@transaction.atomic
def indicator_add(
    *,
    actor: User,
    project: Project,
    code: str,
    wording: str,
    unit: str,
    counter: str,
    disaggregations: list[str] = [],  # noqa: B006
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> Indicator:
    """An indicator of the project's results framework: what it counts (a registered counter) and by what."""
    _require_manager(actor, project)
    clean = _clean_indicator(project=project, code=code, counter=counter, disaggregations=disaggregations)
    if project.indicators.filter(code=clean["code"]).exists():
        raise ValidationError({"code": _("This project already has an indicator with this code.")})
    if not wording.strip():
        raise ValidationError({"wording": _("Say what the indicator measures.")})
    indicator = Indicator.objects.create(
        project=project,
        wording=wording.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        position=project.indicators.count(),
        **clean,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="project_indicator",
        object_id=indicator.uuid,
        fields=INDICATOR_FIELDS,
        detail={"project": str(project.uuid)},
    )
    return indicator


def project_usable(*, actor: User, project: Project | None) -> None:
    """Refuse to tag an activity with a project the actor's agency neither implements nor partners in."""
    if project is not None and not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        raise ValidationError({"project": _("Your agency is not part of this project.")})


@transaction.atomic
def activity_tag_project(*, actor: User, activity: Any, project: Project | None) -> Any:
    """Tag (or untag, with None) one of the actor's agency's activities with a project it takes part in.

    `activity` is any record of an app with an `organisation` and a nullable `project` field (a screening, a
    case, a fund request, a detention visit, a training event...); each app's own services may also set it.
    """
    if getattr(activity, "organisation_id", None) != getattr(actor.organisation, "pk", None):
        raise PermissionDenied(_("Only the agency that recorded an activity tags it with a project."))
    project_usable(actor=actor, project=project)
    activity.project = project
    activity.save(update_fields=["project"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type=activity._meta.label_lower.replace(".", "_"),
        object_id=activity.uuid,
        fields=["project"],
        detail={"project": str(project.uuid) if project else ""},
    )
    return activity
