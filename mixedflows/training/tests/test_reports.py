"""The reports against a fixture whose every figure was counted by hand (below, next to the data).

2025: a training of trainers in March (E1), a cascade in June given by Ana, trained at E1 (E2), and a second
cascade in September given by Farid, trained at E2 (E3). 2024: one event with one official (E0).
Trained = present on at least one day; each official once (Bilel attends E1 and E2).
"""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mixedflows.training import reports
from mixedflows.training.services.courses import trainer_add
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record, scores_record
from mixedflows.training.tests.conftest import make_course, make_event

INSTITUTIONS = {
    "MOI": ("Ministry of Interior", "ministry", "TUN"),
    "NG": ("National Guard", "border_guard", "TUN"),
    "CG": ("Coast Guard", "coast_guard", "TUN"),
    "MSA": ("Ministry of Social Affairs", "social_services", "TUN"),
    "PN": ("Police nationale", "police", "DZA"),
}
D = datetime.date


def _event(world, course, title, start, days):
    return make_event(
        world, course, title=title, starts_on=start, ends_on=start + datetime.timedelta(days=days - 1)
    )


def _enrol(world, event, people):
    """people: (name, sex, institution, days present (indexes), pre, post)"""
    rows = []
    for name, sex, inst, _days, _pre, _post in people:
        institution, kind, country = INSTITUTIONS[inst]
        rows.append(
            {
                "name": name,
                "sex": sex,
                "institution": institution,
                "institution_type": kind,
                "country": country,
            }
        )
    enrolled = {p.full_name: p for p in participants_import(actor=world.tina, event=event, rows=rows)}
    attendance_record(
        actor=world.tina,
        event=event,
        present={
            day: {enrolled[name].pk for name, _s, _i, days, _a, _b in people if i in days}
            for i, day in enumerate(event.days)
        },
    )
    scores_record(
        actor=world.tina,
        event=event,
        scores={enrolled[name]: (pre, post) for name, _s, _i, _d, pre, post in people},
        pre_test_on=event.starts_on,
        post_test_on=event.ends_on,
    )
    return enrolled


@pytest.fixture
def fixture(trainers):
    w = trainers
    trafficking = make_course(w)
    borders = make_course(w, title="Border management basics", topic="border_management")
    e0 = _event(w, trafficking, "E0", D(2024, 11, 5), 1)
    _enrol(w, e0, [("Jamel", "M", "MOI", {0}, None, None)])
    e1 = _event(w, trafficking, "E1", D(2025, 3, 10), 2)
    one = _enrol(
        w,
        e1,
        [
            ("Ana", "F", "MOI", {0, 1}, 40, 80),
            ("Bilel", "M", "NG", {0}, 50, 60),
            ("Chaima", "F", "NG", set(), 30, None),  # never came: not trained, not paired
            ("Driss", "M", "PN", {0, 1}, None, 70),  # no pre-test: not paired
            ("Emna", "F", "CG", {1}, 60, 55),
        ],
    )
    e2 = _event(w, borders, "E2", D(2025, 6, 2), 1)
    trainer_add(actor=w.tina, event=e2, trained_as=one["Ana"])
    two = _enrol(
        w,
        e2,
        [
            ("Bilel", "M", "NG", {0}, 55, 65),
            ("Farid", "M", "PN", {0}, 20, 60),
            ("Ghada", "F", "MSA", {0}, 45, 75),
        ],
    )
    e3 = _event(w, borders, "E3", D(2025, 9, 15), 1)
    trainer_add(actor=w.tina, event=e3, trained_as=two["Farid"])
    trainer_add(actor=w.tina, event=e3, name="A visiting expert")
    _enrol(w, e3, [("Hichem", "M", "CG", {0}, None, None), ("Ines", "F", "PN", {0}, None, None)])
    return w


def _counts(table):
    return {row.label: (row.by_sex["F"], row.by_sex["M"], row.total) for row in [*table.rows, table.total]}


def test_officials_trained_by_institution_country_topic_and_sex(fixture):
    kind, institution, country, topic = reports.officials_trained(user=fixture.tina, year=2025)
    assert _counts(kind) == {
        "Police": (1, 2, 3),
        "Coast guard": (1, 1, 2),
        "Border guard": (0, 1, 1),
        "Ministry": (1, 0, 1),
        "Social services": (1, 0, 1),
        "Total": (4, 4, 8),
    }
    assert _counts(institution)["National Guard (TUN)"] == (0, 1, 1)  # Bilel at two events counts once
    assert _counts(institution)["Police nationale (DZA)"] == (1, 2, 3)
    assert _counts(country) == {"Tunisia": (3, 2, 5), "Algeria": (1, 2, 3), "Total": (4, 4, 8)}
    assert _counts(topic) == {
        "Border management": (2, 3, 5),
        "Counter-trafficking": (2, 2, 4),
        "Total": (4, 4, 8),
    }
    by_year = reports.officials_by_year(user=fixture.tina)
    assert [(r.label, r.total) for r in by_year.rows] == [("2025", 8), ("2024", 1)]
    assert by_year.total.total == 9


def test_knowledge_gain_is_paired_per_event_and_overall(fixture):
    events, overall = reports.knowledge_gain(user=fixture.tina, year=2025)
    assert [(g.label[:2], g.paired, g.pre, g.post, g.gain, g.improved) for g in events] == [
        ("E1", 3, Decimal("50.0"), Decimal("65.0"), Decimal("15.0"), 2),
        ("E2", 3, Decimal("40.0"), Decimal("66.7"), Decimal("26.7"), 3),
    ]
    assert (overall.paired, overall.pre, overall.post, overall.gain, overall.improved) == (
        6,
        Decimal("45.0"),
        Decimal("65.8"),
        Decimal("20.8"),
        5,
    )


def test_the_cascade_counts_officials_reached_through_trainers_we_trained(fixture):
    cascade = reports.cascades(user=fixture.tina, year=2025)
    assert [(t.name, t.events, t.reached) for t in cascade.trainers] == [("Ana", 1, 3), ("Farid", 1, 2)]
    assert cascade.by_generation == [(1, 1, 3), (2, 1, 2)]
    assert cascade.reached == 5
    assert reports.cascades(user=fixture.tina, year=2024).reached == 0


def test_another_agency_counts_none_of_it(fixture):
    kind, *_rest = reports.officials_trained(user=fixture.tom, year=2025)
    assert kind.total.total == 0 and kind.rows == []
    assert reports.cascades(user=fixture.tom, year=2025).reached == 0
    assert reports.knowledge_gain(user=fixture.tom, year=2025)[1].paired == 0


def test_the_workbook_holds_the_same_figures_under_codes(fixture):
    book = load_workbook(io.BytesIO(reports.workbook(user=fixture.tina, year=2025)))
    assert book.sheetnames == [
        "by_institution_type",
        "by_institution",
        "by_country",
        "by_topic",
        "by_year",
        "knowledge_gain",
        "cascades",
        "cascade_generations",
    ]
    by_country = [list(r) for r in book["by_country"].iter_rows(values_only=True)]
    assert by_country == [
        ["country", "label", "female", "male", "other", "total"],
        ["TUN", "Tunisia", 3, 2, 0, 5],
        ["DZA", "Algeria", 1, 2, 0, 3],
        ["total", "Total", 4, 4, 0, 8],
    ]
    gain = [list(r) for r in book["knowledge_gain"].iter_rows(values_only=True)]
    assert gain[-1] == ["all", 6, 45, 65.8, 20.8, 5]
    trainers = [list(r) for r in book["cascades"].iter_rows(values_only=True)]
    assert [(t[0], t[2], t[3]) for t in trainers[1:]] == [("Ana", 1, 3), ("Farid", 1, 2)]
    generations = [list(r) for r in book["cascade_generations"].iter_rows(values_only=True)]
    assert generations[1:] == [[1, 1, 3], [2, 1, 2], ["total", 2, 5]]
