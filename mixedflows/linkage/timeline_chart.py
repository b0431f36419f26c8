"""A person's movements as a plain SVG chart: one line per site (with its country), time across."""

from dataclasses import dataclass

WIDTH, ROW, LEFT, TOP = 720, 28, 210, 16


@dataclass
class Point:
    x: float
    y: float
    label: str


def svg(encounters) -> dict | None:
    """Coordinates for the template's <svg>: rows (labels), points, and the path joining them in time order."""
    if not encounters:
        return None
    places = []
    for e in encounters:
        place = f"{e.site.name} ({e.site.country})"
        if place not in places:
            places.append(place)
    start, end = encounters[0].occurred_at, encounters[-1].occurred_at
    span = max((end - start).total_seconds(), 1.0)
    points = []
    for e in encounters:
        x = LEFT + (WIDTH - LEFT - 20) * (
            (e.occurred_at - start).total_seconds() / span if len(encounters) > 1 else 0.5
        )
        y = TOP + ROW * places.index(f"{e.site.name} ({e.site.country})")
        points.append(Point(round(x, 1), y, f"{e.occurred_at:%Y-%m-%d} {e.get_kind_display()}"))
    return {
        "width": WIDTH,
        "height": TOP + ROW * len(places),
        "rows": [{"label": p, "y": TOP + ROW * i} for i, p in enumerate(places)],
        "points": points,
        "path": " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points)),
        "start": f"{start:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}",
        "left": LEFT,
    }
