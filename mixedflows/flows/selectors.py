"""Reads of the flows app; every query starts from the user's own organisation."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth

from mixedflows.core.models import Site
from mixedflows.flows.analytics import Scope
from mixedflows.flows.models import MonitoringPoint, Observation, Publication, Route
from mixedflows.lib.codes import country_name
from mixedflows.linkage.models import MovementFlag
from mixedflows.people.models import Person


def points_for(*, user):
    return MonitoringPoint.objects.visible_to(user).select_related("site")


def point_for(*, user, uuid) -> MonitoringPoint:
    return points_for(user=user).get(uuid=uuid)


def recent_observations(*, user, point: MonitoringPoint, limit: int = 30):
    return Observation.objects.visible_to(user).filter(point=point).order_by("-date", "-recorded_at")[:limit]


def routes_for(*, user):
    return Route.objects.visible_to(user).prefetch_related("stops__site", "stops__point")


def route_for(*, user, uuid) -> Route:
    return routes_for(user=user).get(uuid=uuid)


def publications_for(*, user):
    return Publication.objects.visible_to(user).select_related("published_by")


def publication_for(*, user, uuid) -> Publication:
    return publications_for(user=user).get(uuid=uuid)


def route_scope(route: Route) -> Scope:
    stops = list(route.stops.all())
    site_ids = {s.site_id for s in stops if s.site_id}
    point_ids = {s.point_id for s in stops if s.point_id}
    point_ids |= set(
        MonitoringPoint.objects.filter(organisation=route.organisation, site_id__in=site_ids).values_list(
            "pk", flat=True
        )
    )
    return Scope(
        label=route.name,
        site_ids=tuple(sorted(site_ids)),
        point_ids=tuple(sorted(point_ids)),
        via_countries=tuple(route.via_countries),
    )


def scope_choices(*, user) -> list[tuple[str, str]]:
    """What the user may compare: their routes, their agency's sites, countries and nationalities."""
    choices = [(f"route:{r.uuid}", f"Route: {r.name}") for r in routes_for(user=user)]
    sites = Site.objects.of_organisation(user.organisation) if user.organisation else Site.objects.none()
    choices += [(f"site:{s.uuid}", f"Site: {s.name}") for s in sites]
    countries = sorted(
        set(sites.values_list("country", flat=True))
        | set(points_for(user=user).values_list("country", flat=True))
    )
    choices += [(f"country:{c}", f"Country: {country_name(c)}") for c in countries]
    nationalities = (
        Person.objects.owned_by(user)
        .exclude(nationality="")
        .order_by("nationality")
        .values_list("nationality", flat=True)
        .distinct()
    )
    choices += [(f"nationality:{n}", f"Nationality: {country_name(n)}") for n in nationalities]
    return choices


def scope_from_key(*, user, key: str) -> Scope | None:
    """A scope from its key (`route:<uuid>`, `site:<uuid>`, `country:ITA`, `nationality:ERI`), or None."""
    kind, _, value = key.partition(":")
    try:
        if kind == "route":
            return route_scope(route_for(user=user, uuid=value))
        if kind == "site":
            site = Site.objects.of_organisation(user.organisation).get(uuid=value)
            points = points_for(user=user).filter(site=site).values_list("pk", flat=True)
            return Scope(label=site.name, site_ids=(site.pk,), point_ids=tuple(points))
        if kind == "country" and len(value) == 3:
            return Scope(label=country_name(value.upper()), country=value.upper())
        if kind == "nationality" and len(value) == 3:
            return Scope(label=f"Nationality: {country_name(value.upper())}", nationality=value.upper())
    except (Route.DoesNotExist, Site.DoesNotExist, ValueError):
        return None
    return None


def movement_counts(
    *, user, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, int, int]]:
    """Secondary and circular movements that record linkage flagged among the agency's people.

    One row per month of the latest encounter in the flagged pattern: (month, secondary, circular).
    """
    rows = (
        MovementFlag.objects.filter(organisation=user.organisation, last_at__date__range=(start, end))
        .annotate(month=TruncMonth("last_at"))
        .values("month", "kind")
        .annotate(n=Count("id"))
    )
    months: dict[datetime.date, dict[str, int]] = {}
    for row in rows:
        months.setdefault(row["month"].date(), {})[row["kind"]] = row["n"]
    return [
        (month, counts.get(MovementFlag.Kind.SECONDARY, 0), counts.get(MovementFlag.Kind.CIRCULAR, 0))
        for month, counts in sorted(months.items())
    ]


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or datetime.date.today()
    return today - datetime.timedelta(days=365), today
