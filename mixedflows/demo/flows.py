"""Invented flow monitoring data: points with a year of daily registry counts, survey interviews and two routes.

The land border crossing sees many people crossing for the market both ways every day: those rows are
recorded as market visits, apart from migration.
"""

import datetime
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.flows.models import (
    AGE_BANDS,
    COUNT_FIELDS,
    MonitoringPoint,
    Observation,
    Route,
    RouteStop,
    SurveyInterview,
)

# name, kind, country, admin area, site name, directions, daily groups (low, high), people per group (low, high)
POINTS = [
    (
        "Porto Sereno quay",
        "landing_point",
        "ITA",
        "Sicilia",
        "Porto Sereno landing point",
        ["incoming"],
        (0, 3),
        (8, 60),
    ),
    (
        "Marsa Nuova harbour",
        "landing_point",
        "MLT",
        "Southern Harbour",
        "Marsa Nuova landing point",
        ["incoming"],
        (0, 2),
        (6, 45),
    ),
    (
        "Wadi Zaytun transit point",
        "transit_point",
        "LBY",
        "Nuqat al Khams",
        None,
        ["transit", "outgoing"],
        (2, 6),
        (3, 25),
    ),
    ("Qasr Nakhil bus station", "bus_station", "TUN", "Sfax", None, ["outgoing", "transit"], (2, 5), (2, 18)),
    (
        "Bir Hassi border crossing",
        "border_crossing",
        "TUN",
        "Medenine",
        None,
        ["incoming", "outgoing"],
        (3, 7),
        (2, 20),
    ),
]
NATIONALITIES = {
    "Porto Sereno quay": ["ERI", "SDN", "BGD", "EGY", "SYR", "GIN", "CIV"],
    "Marsa Nuova harbour": ["SDN", "ERI", "SYR", "TUN", "CIV"],
    "Wadi Zaytun transit point": ["SDN", "NER", "TCD", "ERI", "EGY", "BGD"],
    "Qasr Nakhil bus station": ["CIV", "GIN", "CMR", "MLI", "TUN", "SDN"],
    "Bir Hassi border crossing": ["LBY", "TUN", "EGY", "SDN"],
}
DESTINATIONS = ["ITA", "DEU", "FRA", "MLT", "GBR", "ESP"]
TRANSPORT = {
    "landing_point": "boat",
    "transit_point": "car_or_truck",
    "bus_station": "bus",
    "border_crossing": "on_foot",
}
REASONS = ["economic", "conflict", "persecution", "family", "education", "environment", "services"]
INCIDENTS = ["violence", "detention", "kidnapping", "extortion"]
PERPETRATORS = ["smugglers", "traffickers", "armed_groups", "police_military", "border_officials", "unknown"]
INCIDENT_PLACES = ["Kufra", "Sabha", "Bani Walid", "Agadez", "Zuwara", "desert near the border"]
NEEDS = ["food", "water", "shelter", "health", "legal", "money", "documents", "family_contact"]


def _counts(rng: random.Random, size: int, *, adults_only: bool = False) -> dict:
    weights = {
        "f_0_4": 2,
        "f_5_17": 4,
        "f_18_59": 14,
        "f_60p": 1,
        "m_0_4": 2,
        "m_5_17": 7,
        "m_18_59": 48,
        "m_60p": 1,
    }
    if adults_only:
        weights.update({"f_0_4": 0, "m_0_4": 0, "f_5_17": 0, "m_5_17": 0, "f_18_59": 40, "m_18_59": 45})
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    for field in rng.choices(list(weights), list(weights.values()), k=size):
        counts[field] += 1
    return counts


def _observation(
    point, day, rng, *, direction, movement, nationality, size, recorder, adults_only=False, **extra
):
    counts = _counts(rng, size, adults_only=adults_only)
    return Observation(
        organisation=point.organisation,
        point=point,
        date=day,
        direction=direction,
        movement=movement,
        nationality=nationality,
        total=sum(counts.values()),
        recorded_by=recorder,
        transport=TRANSPORT[point.kind],
        **counts,
        **extra,
    )


def _day_rows(point, spec, day, rng, recorder) -> list[Observation]:
    name, kind, *_rest, directions, groups, sizes = spec
    season = 1.6 if day.month in (6, 7, 8, 9) else (0.6 if day.month in (12, 1, 2) else 1.0)
    rows = []
    for _ in range(round(rng.randint(*groups) * season)):
        rows.append(
            _observation(
                point,
                day,
                rng,
                direction=rng.choice(directions),
                movement="migration",
                nationality=rng.choice(NATIONALITIES[name]),
                size=rng.randint(*sizes),
                recorder=recorder,
                previous_place=rng.choice(["Zuwara", "Sabratha", "Sfax", "Tripoli", "Agadez"]),
                next_place=rng.choice(["Valle Chiara", "Hal Ferh", "Tripoli", "Tunis"]),
                final_destination=rng.choice(DESTINATIONS),
            )
        )
    if (
        kind == "border_crossing"
    ):  # market days both ways, and people who cross back and forth every few weeks
        for direction in ("incoming", "outgoing"):
            rows.append(
                _observation(
                    point,
                    day,
                    rng,
                    direction=direction,
                    movement="market",
                    nationality=rng.choice(["TUN", "LBY"]),
                    size=rng.randint(80, 260),
                    recorder=recorder,
                    adults_only=True,
                    previous_place="Ben Guerdane",
                    next_place="Ben Guerdane",
                )
            )
        if rng.random() < 0.4:
            rows.append(
                _observation(
                    point,
                    day,
                    rng,
                    direction=rng.choice(directions),
                    movement="circular",
                    nationality="SDN",
                    size=rng.randint(2, 12),
                    recorder=recorder,
                    previous_place="Zarzis",
                    next_place="Zuwara",
                )
            )
    return rows


def _interview(rng, org, point, day, number) -> SurveyInterview:
    incidents = [
        {"kind": kind, "where": rng.choice(INCIDENT_PLACES), "by_whom": rng.choice(PERPETRATORS)}
        for kind in INCIDENTS
        if rng.random() < {"violence": 0.3, "detention": 0.35, "kidnapping": 0.1, "extortion": 0.45}[kind]
    ]
    age = rng.choice([16, 17, 19, 22, 25, 28, 31, 35, 41, 52])
    band = next(code for code, _label, low, high in AGE_BANDS if age >= low and (high is None or age <= high))
    return SurveyInterview(
        organisation=org,
        point=point,
        interviewed_on=day,
        source=SurveyInterview.Source.ODK,
        submission_id=f"uuid:demo-{number:05d}",
        respondent_key=hashlib.sha256(f"demo|{org.uuid}|{number}".encode()).hexdigest(),
        sex=rng.choice("MMMF"),
        age_band=band,
        nationality=rng.choice(NATIONALITIES[point.name]),
        departure_country=rng.choice(["ERI", "SDN", "GIN", "CIV", "BGD"]),
        intended_destination=rng.choice(DESTINATIONS),
        reasons=rng.sample(REASONS, rng.randint(1, 2)),
        journey_cost_usd=rng.randrange(500, 6000, 50),
        incidents=incidents,
        needs=rng.sample(NEEDS, rng.randint(1, 3)),
        intention=rng.choice(["continue", "continue", "stay", "return"]),
    )


def add_flows_demo(world: dict, *, seed: int) -> dict:
    """Points, a year of daily registry rows, ~300 survey interviews and two routes, all for the IOM-like agency;
    then a first analytics snapshot, so the flows pages have figures at once (call it after the other demos)."""
    from mixedflows.flows.snapshot import snapshot_take

    counts = _add_flows_data(world, seed=seed)
    snapshot_take()
    return counts


@transaction.atomic
def _add_flows_data(world: dict, *, seed: int) -> dict:
    rng = random.Random(seed + 6)
    org, recorder = world["orgs"]["AGM"], world["users"]["agm.im"]
    today = timezone.localdate()
    points = {}
    for spec in POINTS:
        name, kind, country, area, site_name, directions, *_ = spec
        points[name] = MonitoringPoint.objects.create(
            organisation=org,
            name=name,
            kind=kind,
            country=country,
            admin_area=area,
            site=world["sites"].get(site_name),
            directions=directions,
            created_by=recorder,
        )
    rows = []
    for offset in range(365, 0, -1):
        day = today - datetime.timedelta(days=offset)
        for spec in POINTS:
            rows += _day_rows(points[spec[0]], spec, day, rng, recorder)
    Observation.objects.bulk_create(rows, batch_size=2000)
    surveyed = [
        points["Porto Sereno quay"],
        points["Marsa Nuova harbour"],
        points["Wadi Zaytun transit point"],
    ]
    interviews = [
        _interview(rng, org, rng.choice(surveyed), today - datetime.timedelta(days=rng.randrange(365)), n)
        for n in range(300)
    ]
    SurveyInterview.objects.bulk_create(interviews)
    routes = [
        (
            "Central Mediterranean via Libya to Porto Sereno",
            ["LBY"],
            [points["Wadi Zaytun transit point"], points["Porto Sereno quay"]],
            world["sites"]["Porto Sereno landing point"],
        ),
        (
            "Via Tunisia to Marsa Nuova",
            ["TUN"],
            [points["Qasr Nakhil bus station"], points["Marsa Nuova harbour"]],
            world["sites"]["Marsa Nuova landing point"],
        ),
    ]
    for name, via, stops, site in routes:
        route = Route.objects.create(organisation=org, name=name, via_countries=via, created_by=recorder)
        RouteStop.objects.bulk_create(
            [RouteStop(route=route, position=i, point=p) for i, p in enumerate(stops)]
            + [RouteStop(route=route, position=len(stops), site=site)]
        )
    audit_record(
        actor="demo",
        action=AuditAction.CREATE,
        object_type="flows_demo",
        organisation=org,
        detail={
            "points": len(points),
            "registry_rows": len(rows),
            "interviews": len(interviews),
            "digest": batch_digest(p.uuid for p in points.values()),
        },
    )
    return {"points": len(points), "registry_rows": len(rows), "interviews": len(interviews)}
