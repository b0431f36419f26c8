"""Writes of the flows app: monitoring points, registry entries, routes and publications."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.flows.models import (
    COUNT_FIELDS,
    Direction,
    MonitoringPoint,
    Observation,
    Publication,
    Route,
    RouteStop,
)
from mixedflows.lib import disclosure
from mixedflows.lib.codes import is_country


def _require(actor: User, permission: str) -> None:
    if not actor.can(permission) or actor.organisation is None:
        raise PermissionDenied(permission)


@transaction.atomic
def point_create(
    *,
    actor: User,
    name: str,
    kind: str,
    country: str,
    directions: list[str],
    admin_area: str = "",
    site: Site | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> MonitoringPoint:
    _require(actor, Perm.RECORD_FLOWS)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the point a name.")
    elif MonitoringPoint.objects.visible_to(actor).filter(name=name.strip()).exists():
        errors["name"] = _("Your agency already has a point with this name.")
    if not is_country(country):
        errors["country"] = _("Choose a country (ISO 3166-1 alpha-3).")
    if not directions or set(directions) - set(Direction.values):
        errors["directions"] = _("Tick at least one direction observed.")
    if site is not None and not Site.objects.of_organisation(actor.organisation).filter(pk=site.pk).exists():
        errors["site"] = _("Your agency does not work at this site.")
    if errors:
        raise ValidationError(errors)
    point = MonitoringPoint.objects.create(
        organisation=actor.agency,
        name=name.strip(),
        kind=kind,
        country=country.upper(),
        admin_area=admin_area,
        site=site,
        latitude=latitude,
        longitude=longitude,
        directions=sorted(directions),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="flows.point",
        object_id=point.uuid,
        fields=["name", "kind", "country", "directions"],
    )
    return point


@dataclass
class ObservationInput:
    date: datetime.date
    direction: str
    movement: str
    nationality: str = ""
    previous_place: str = ""
    next_place: str = ""
    final_destination: str = ""
    transport: str = ""
    counts: dict | None = None


@transaction.atomic
def observation_record(*, actor: User, point: MonitoringPoint, data: ObservationInput) -> Observation:
    """Record one observed group. Counts are people seen, not a total of people on the move."""
    _require(actor, Perm.RECORD_FLOWS)
    if point.organisation_id != actor.agency.pk:
        raise PermissionDenied("point")
    counts = {f: int((data.counts or {}).get(f) or 0) for f in COUNT_FIELDS}
    errors = {}
    if data.direction not in point.directions:
        errors["direction"] = _("This point observes %(directions)s movements only.") % {
            "directions": ", ".join(str(Direction(d).label).lower() for d in point.directions)
        }
    if any(v < 0 for v in counts.values()):
        errors["counts"] = _("Counts cannot be negative.")
    elif sum(counts.values()) == 0:
        errors["counts"] = _("Enter how many people were seen in the group.")
    if data.date > datetime.date.today() + datetime.timedelta(days=1):
        errors["date"] = _("The date is in the future.")
    for field in ("nationality", "final_destination"):
        if getattr(data, field) and not is_country(getattr(data, field)):
            errors[field] = _("Use an ISO 3166-1 alpha-3 country code.")
    if errors:
        raise ValidationError(errors)
    row = Observation.objects.create(
        organisation=actor.agency,
        point=point,
        date=data.date,
        direction=data.direction,
        movement=data.movement,
        nationality=data.nationality.upper(),
        previous_place=data.previous_place,
        next_place=data.next_place,
        final_destination=data.final_destination.upper(),
        transport=data.transport,
        total=sum(counts.values()),
        recorded_by=actor,
        **counts,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="flows.observation",
        object_id=row.uuid,
        fields=["date", "direction", "movement", "counts"],
    )
    return row


@transaction.atomic
def route_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    sites: Sequence[Site] = (),
    points: Sequence[MonitoringPoint] = (),
    via_countries: Sequence[str] = (),
) -> Route:
    """A route: sites and points in order (departure first), optionally limited to arrivals from some countries."""
    _require(actor, Perm.VIEW_FLOWS)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the route a name.")
    elif Route.objects.visible_to(actor).filter(name=name.strip()).exists():
        errors["name"] = _("Your agency already has a route with this name.")
    if not sites and not points:
        errors["sites"] = _("Choose at least one site or monitoring point.")
    if any(p.organisation_id != actor.agency.pk for p in points):
        errors["points"] = _("Only your agency's monitoring points.")
    if any(not is_country(c) for c in via_countries):
        errors["via_countries"] = _("Use ISO 3166-1 alpha-3 country codes.")
    if errors:
        raise ValidationError(errors)
    route = Route.objects.create(
        organisation=actor.agency,
        name=name.strip(),
        description=description,
        via_countries=[c.upper() for c in via_countries],
        created_by=actor,
    )
    stops = [RouteStop(route=route, position=i, point=p) for i, p in enumerate(points)]
    stops += [RouteStop(route=route, position=len(stops) + i, site=s) for i, s in enumerate(sites)]
    RouteStop.objects.bulk_create(stops)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="flows.route",
        object_id=route.uuid,
        fields=["name", "stops", "via_countries"],
    )
    return route


@transaction.atomic
def publication_table(
    *,
    actor: User,
    title: str,
    spec: dict,
    table: disclosure.ProtectedTable,
    snapshot_at: datetime.datetime | None = None,
) -> Publication:
    """Keep a published table (suppressed cells removed) with the rules applied, and audit who published what."""
    _require(actor, Perm.PUBLISH_STATISTICS)
    if not title.strip():
        raise ValidationError({"title": _("Give the table a title.")})
    if disclosure.determined_cells(table.rows, table.cols, table.values, table.suppressed):
        raise ValidationError(_("The table is not protected: a suppressed cell could be recomputed."))
    rules = {
        "threshold": spec.get("threshold", disclosure.DEFAULT_THRESHOLD),
        "rounding_base": table.rounding_base,
        "secondary_suppression": "exact (no suppressed cell can be recomputed from the margins)",
        "primary_cells": len(table.primary),
        "suppressed_cells": len(table.suppressed),
    }
    publication = Publication.objects.create(
        organisation=actor.agency,
        kind=Publication.Kind.TABLE,
        title=title.strip(),
        spec=spec,
        rules=rules,
        content={"grid": table.grid(), **_pcodes(actor, spec.get("rows"), table.rows)},
        snapshot_at=snapshot_at,
        published_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="flows.publication",
        object_id=publication.uuid,
        detail={"kind": "table", "rules": rules, "rows": spec.get("rows"), "cols": spec.get("cols")},
    )
    return publication


def _pcodes(actor: User, dimension: str | None, names: list[str]) -> dict:
    """{"pcodes": {row: [adm1, adm2]}} for a table by site or monitoring point whose sites have p-codes."""
    found: Iterable[tuple[str, str, str]]
    if dimension == "site":
        found = Site.objects.filter(organisations=actor.organisation, name__in=names).values_list(
            "name", "adm1_pcode", "adm2_pcode"
        )
    elif dimension == "point":
        found = MonitoringPoint.objects.filter(
            organisation=actor.agency, name__in=names, site__isnull=False
        ).values_list("name", "site__adm1_pcode", "site__adm2_pcode")
    else:
        return {}
    pcodes = {name: [adm1, adm2] for name, adm1, adm2 in found if adm1 or adm2}
    return {"pcodes": pcodes} if pcodes else {}


@transaction.atomic
def publication_microdata(
    *,
    actor: User,
    title: str,
    spec: dict,
    records: list[dict],
    quasi_identifiers: list[str],
    k: int = disclosure.DEFAULT_K,
    snapshot_at: datetime.datetime | None = None,
) -> Publication:
    """Publish a microdata extract only if it is k-anonymous on the chosen quasi-identifiers; otherwise refuse."""
    _require(actor, Perm.PUBLISH_STATISTICS)
    check = disclosure.k_anonymity(records, quasi_identifiers, k=k)
    if not check.ok:
        raise ValidationError(check.reason)
    rules = {"k": k, "quasi_identifiers": quasi_identifiers, "smallest_group": check.smallest_group}
    publication = Publication.objects.create(
        organisation=actor.agency,
        kind=Publication.Kind.MICRODATA,
        title=title.strip() or "Extract",
        spec=spec,
        rules=rules,
        content={"records": records},
        snapshot_at=snapshot_at,
        published_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="flows.publication",
        object_id=publication.uuid,
        detail={"kind": "microdata", "rules": rules, "records": len(records)},
    )
    return publication
