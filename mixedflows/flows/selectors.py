"""Reads of the flows app; every query starts from the user's own organisation."""

import datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from mixedflows.core.models import Site, User
from mixedflows.flows.analytics import Scope
from mixedflows.flows.models import MonitoringPoint, Observation, Publication, Route
from mixedflows.lib.codes import country_name_local
from mixedflows.linkage.models import MovementFlag
from mixedflows.people.models import Encounter, Person


def points_for(*, user: User) -> QuerySet[MonitoringPoint]:
    return MonitoringPoint.objects.visible_to(user).select_related("site")


def point_for(*, user: User, uuid: UUID | str) -> MonitoringPoint:
    return points_for(user=user).get(uuid=uuid)


def recent_observations(*, user: User, point: MonitoringPoint, limit: int = 30) -> QuerySet[Observation]:
    return Observation.objects.visible_to(user).filter(point=point).order_by("-date", "-recorded_at")[:limit]


def routes_for(*, user: User) -> QuerySet[Route]:
    return Route.objects.visible_to(user).prefetch_related("stops__site", "stops__point")


def route_for(*, user: User, uuid: UUID | str) -> Route:
    return routes_for(user=user).get(uuid=uuid)


def publications_for(*, user: User) -> QuerySet[Publication]:
    return Publication.objects.visible_to(user).select_related("published_by")


def publication_for(*, user: User, uuid: UUID | str) -> Publication:
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
    site_names = sorted({s.site.name for s in stops if s.site is not None})
    explain = [
        _("registered at %(sites)s") % {"sites": _or(site_names)}
        if site_names
        else _("registered at one of its sites, and it has none (its monitoring points count people seen)")
    ]
    if route.via_countries:
        explain.append(
            _("who left from %(countries)s")
            % {"countries": _or([country_name_local(c) for c in route.via_countries])}
        )
    return Scope(
        label=route.name,
        site_ids=tuple(sorted(site_ids)),
        point_ids=tuple(sorted(point_ids)),
        via_countries=tuple(route.via_countries),
        explain=tuple(explain),
    )


def _or(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def scope_choices(*, user: User) -> list[tuple[str, str]]:
    """What the user may compare: their routes, their agency's sites, countries and nationalities."""
    choices = [(f"route:{r.uuid}", _("Route: %(name)s") % {"name": r.name}) for r in routes_for(user=user)]
    sites = Site.objects.of_organisation(user.organisation) if user.organisation else Site.objects.none()
    choices += [(f"site:{s.uuid}", _("Site: %(name)s") % {"name": s.name}) for s in sites]
    countries = sorted(
        set(sites.values_list("country", flat=True))
        | set(points_for(user=user).values_list("country", flat=True))
    )
    choices += [(f"country:{c}", _("Country: %(name)s") % {"name": country_name_local(c)}) for c in countries]
    nationalities = (
        Person.objects.owned_by(user.organisation)
        .exclude(nationality="")
        .order_by("nationality")
        .values_list("nationality", flat=True)
        .distinct()
    )
    choices += [
        (f"nationality:{n}", _("Nationality: %(name)s") % {"name": country_name_local(n)})
        for n in nationalities
    ]
    return choices


def scope_from_key(*, user: User, key: str) -> Scope | None:
    """A scope from its key (`route:<uuid>`, `site:<uuid>`, `country:ITA`, `nationality:ERI`), or None."""
    kind, _sep, value = key.partition(":")
    try:
        if kind == "route":
            return route_scope(route_for(user=user, uuid=value))
        if kind == "site":
            site = Site.objects.of_organisation(user.organisation).get(uuid=value)
            points = points_for(user=user).filter(site=site).values_list("pk", flat=True)
            return Scope(
                label=site.name,
                site_ids=(site.pk,),
                point_ids=tuple(points),
                explain=(_("registered at %(sites)s") % {"sites": site.name},),
            )
        if kind == "country" and len(value) == 3:
            name = country_name_local(value.upper())
            return Scope(
                label=name,
                country=value.upper(),
                explain=(_("registered at a site in %(country)s") % {"country": name},),
            )
        if kind == "nationality" and len(value) == 3:
            name = country_name_local(value.upper())
            return Scope(
                label=_("Nationality: %(name)s") % {"name": name},
                nationality=value.upper(),
                explain=(_("of %(country)s nationality") % {"country": name},),
            )
    except (Route.DoesNotExist, Site.DoesNotExist, ValueError):
        return None
    return None


def _met_in(scope: Scope, start: datetime.date, end: datetime.date) -> Q:
    """Persons with an encounter in the scope and period: the arrivals' filters, on the operational tables."""
    q = Q(occurred_at__date__range=(start, end))
    if scope.site_ids is not None:
        q &= Q(site_id__in=scope.site_ids)
    if scope.via_countries:
        q &= Q(departure_country__in=scope.via_countries)
    if scope.country:
        q &= Q(site__country=scope.country)
    if scope.nationality:
        q &= Q(person__nationality=scope.nationality)
    return q


def movement_counts(
    *, user: User, start: datetime.date, end: datetime.date, scope: Scope | None = None
) -> list[tuple[datetime.date, int, int]]:
    """Secondary and circular movements that record linkage flagged among the agency's people.

    One row per month of the latest encounter in the flagged pattern: (month, secondary, circular). With a scope,
    only the people met in it during the period (by the same filters as its arrivals).
    """
    flags = MovementFlag.objects.visible_to(user).filter(last_at__date__range=(start, end))
    if scope is not None:
        met = Encounter.objects.owned_by(user.organisation).filter(_met_in(scope, start, end))
        flags = flags.filter(person_id__in=met.values("person_id"))
    rows = flags.annotate(month=TruncMonth("last_at")).values("month", "kind").annotate(n=Count("id"))
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


def movements_by_side(
    *, user: User, start: datetime.date, end: datetime.date, scopes: list[Scope]
) -> list[tuple[datetime.date, list[int]]]:
    """The movement counts of each scope by month: (month, [secondary, circular] for each scope in turn)."""
    per_side = [
        {
            month: (sec, circ)
            for month, sec, circ in movement_counts(user=user, start=start, end=end, scope=scope)
        }
        for scope in scopes
    ]
    months = sorted({month for side in per_side for month in side})
    return [(month, [n for side in per_side for n in side.get(month, (0, 0))]) for month in months]
