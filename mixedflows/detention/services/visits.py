import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.core.selectors import agreement_between
from mixedflows.detention.checklists import all_items
from mixedflows.detention.models import HEADCOUNT_GROUPS, ConditionRating, Facility, Finding, Visit
from mixedflows.detention.services.checklists import current_checklist
from mixedflows.detention.services.common import require_monitor, require_own
from mixedflows.lib.codes import is_country

SOURCES = {"reported": "reported by the authority", "observed": "observed"}


def _check_headcounts(totals: dict, headcounts: dict, nationalities: dict, errors: dict) -> None:
    """Each breakdown adds up to its total: sex and age groups exactly, nationalities at most."""
    for source, label in SOURCES.items():
        total = totals.get(source)
        groups = {g: n for g, n in (headcounts.get(source) or {}).items() if n is not None}
        if set(groups) - set(HEADCOUNT_GROUPS) or any(
            not isinstance(n, int) or n < 0 for n in groups.values()
        ):
            errors[f"{source}_total"] = "Counts are whole numbers of people, 0 or more."
            continue
        if groups and total is None:
            errors[f"{source}_total"] = f"Give the total {label} as well as its breakdown."
        elif groups and sum(groups.values()) != total:
            errors[f"{source}_total"] = (
                f"The headcount {label} does not add up: men, women, boys and girls make "
                f"{sum(groups.values())}, the total is {total}."
            )
        by_nationality = nationalities.get(source) or {}
        bad = [code for code in by_nationality if not is_country(code)]
        if bad:
            errors[f"{source}_nationalities"] = (
                f"Unknown country code {bad[0]!r} (use ISO 3166 alpha-3, e.g. ERI)."
            )
        elif total is not None and sum(by_nationality.values()) > total:
            errors[f"{source}_nationalities"] = (
                f"The nationalities {label} add up to {sum(by_nationality.values())}, more than the total of {total}."
            )


@transaction.atomic
def visit_record(
    *,
    actor: User,
    facility: Facility,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    announced: bool,
    access: str,
    team: list[User],
    partners: Sequence[Organisation] = (),
    areas_visited: str = "",
    areas_refused: str = "",
    reported_total: int | None = None,
    observed_total: int | None = None,
    headcounts: dict | None = None,
    nationalities: dict | None = None,
    children_with_families: str = Visit.ChildrenWithFamilies.NOT_KNOWN,
    longest_detention_days: int | None = None,
    summary: str = "",
) -> Visit:
    """Record a monitoring visit with the newest conditions checklist; its ratings come after."""
    require_monitor(actor)
    require_own(actor, facility)
    headcounts, nationalities = headcounts or {}, nationalities or {}
    errors: dict[str, str] = {}
    if ended_at <= started_at:
        errors["ended_at"] = "The visit ends before it starts: the time out must be after the time in."
    elif ended_at - started_at > datetime.timedelta(hours=24):
        errors["ended_at"] = "A visit lasts at most a day: record a second visit for the next day."
    if started_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["started_at"] = "The visit has not happened yet."
    if access not in Visit.Access.values:
        errors["access"] = "Say whether access was granted."
    if access == Visit.Access.PARTIAL and not areas_refused.strip():
        errors["areas_refused"] = "Name the areas the team could not enter."
    if children_with_families not in Visit.ChildrenWithFamilies.values:
        errors["children_with_families"] = "Choose whether children were with their families."
    if not team:
        errors["team"] = "Name at least one member of the team."
    elif any(member.organisation is None or member.organisation.pk != actor.agency.pk for member in team):
        errors["team"] = "Team members of your agency only; partner agencies are listed apart."
    for partner in partners:
        if partner.pk == actor.agency.pk or not (
            agreement_between(actor.agency, partner) or agreement_between(partner, actor.agency)
        ):
            errors["partners"] = f"No agreement in force with {partner.short_name}: it cannot be on the team."
    _check_headcounts(
        {"reported": reported_total, "observed": observed_total}, headcounts, nationalities, errors
    )
    observed_children = sum(int((headcounts.get("observed") or {}).get(g) or 0) for g in ("boys", "girls"))
    if observed_children and children_with_families == Visit.ChildrenWithFamilies.NO_CHILDREN:
        errors["children_with_families"] = f"The team counted {observed_children} children."
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        organisation=actor.agency,
        created_by=actor,
        facility=facility,
        checklist=current_checklist(),
        started_at=started_at,
        ended_at=ended_at,
        announced=announced,
        access=access,
        areas_visited=areas_visited.strip(),
        areas_refused=areas_refused.strip(),
        reported_total=reported_total,
        observed_total=observed_total,
        headcounts={
            s: {g: n for g, n in (headcounts.get(s) or {}).items() if n is not None} for s in SOURCES
        },
        nationalities={s: dict(nationalities.get(s) or {}) for s in SOURCES},
        children_with_families=children_with_families,
        longest_detention_days=longest_detention_days,
        summary=summary.strip(),
    )
    visit.team.set(team)
    visit.partner_organisations.set(partners)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="detention_visit",
        object_id=visit.uuid,
        fields=["facility", "times", "access", "team", "headcounts"],
    )
    return visit


@transaction.atomic
def checklist_save(*, actor: User, visit: Visit, ratings: dict[str, tuple[str, str]]) -> list[str]:
    """Rate the visit's checklist items ({item: (rating, note)}); returns the items that changed."""
    require_monitor(actor)
    require_own(actor, visit)
    items = all_items(visit.checklist.definition)
    errors = {}
    for key, (rating, _note) in ratings.items():
        if key not in items:
            errors[key] = f"{key!r} is not an item of {visit.checklist}."
        elif rating and rating not in ConditionRating.Rating.values:
            errors[key] = "Choose met, partly met, not met or not observed."
    if errors:
        raise ValidationError(errors)
    existing = {r.item: r for r in visit.ratings.all()}
    changed = []
    for key, (rating, note) in ratings.items():
        note = note.strip()
        current = existing.get(key)
        if not rating:
            if current:
                current.delete()
                changed.append(key)
            continue
        if current is None:
            ConditionRating.objects.create(
                organisation=actor.agency,
                created_by=actor,
                visit=visit,
                item=key,
                rating=rating,
                note=note,
            )
            changed.append(key)
        elif (current.rating, current.note) != (rating, note):
            current.rating, current.note = rating, note
            current.save(update_fields=["rating", "note"])
            changed.append(key)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="detention_visit",
            object_id=visit.uuid,
            fields=["conditions"],
        )
    return changed


@transaction.atomic
def finding_add(*, actor: User, visit: Visit, severity: str, text: str, items: list[str]) -> Finding:
    require_monitor(actor)
    require_own(actor, visit)
    errors = {}
    if severity not in Finding.Severity.values:
        errors["severity"] = "Choose urgent, serious or concerning."
    if not text.strip():
        errors["text"] = "Say what the team found."
    unknown = set(items) - set(all_items(visit.checklist.definition))
    if unknown:
        errors["items"] = f"Not an item of {visit.checklist}: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        organisation=actor.agency,
        created_by=actor,
        visit=visit,
        severity=severity,
        text=text.strip(),
        items=items,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="detention_finding",
        object_id=finding.uuid,
        fields=["severity", "text", "items"],
    )
    return finding
