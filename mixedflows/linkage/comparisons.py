# ruff: noqa: E741 - l and r are Splink's names for the two sides of a pair
"""The linkage model's comparisons, written once as Splink SQL and once as Python.

The SQL runs in Splink (DuckDB here, Spark past one machine: only `=`, `levenshtein`,
`substr`, `abs`, `IN` and `IS NULL`). The Python twin scores one typed record against a few
candidates in microseconds with the same trained parameters (the registration
lookup); a test checks that both give the same probabilities.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop
from rapidfuzz.distance import Levenshtein

from mixedflows.linkage.features import IMPRECISE


def _eq(a, b) -> bool:
    return a is not None and b is not None and a == b


def _lev(a, b, n: int) -> bool:
    return a is not None and b is not None and Levenshtein.distance(a, b) <= n


def _close(a, b) -> bool:
    """One edit apart with the same first letter: a typo (Mohaned), not another name (Ahmed, Mahmoud)."""
    return _lev(a, b, 1) and a[:1] == b[:1]


def _close_sql(column: str) -> str:
    return (
        f"(levenshtein({column}_l, {column}_r) <= 1 AND substr({column}_l, 1, 1) = substr({column}_r, 1, 1))"
    )


def _null(*values) -> bool:
    return any(v is None for v in values)


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    test: Callable[[dict, dict], bool]
    is_null: bool = False
    # Term-frequency adjusted: agreeing on a rare value weighs more than on Mohamed.
    tf: str | None = None
    # Fixed (m, u), never estimated: for a level whose u random pairs cannot tell (see SIBLINGS).
    fixed: tuple[float, float] | None = None
    # Shown to the officer as agreeing (every level but the last, unless it says otherwise).
    agrees: bool = True
    # A null level (no weight of its own) still shown to the officer: what was found is a fact worth seeing.
    shown: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: tuple[Level, ...]


def _else() -> Level:
    return Level(gettext_noop("different"), "ELSE", lambda l, r: True)


_IMP = "('year', 'jan1', 'estimated')"


def _imprecise(l, r) -> bool:
    return l["dob_prec"] in IMPRECISE or r["dob_prec"] in IMPRECISE


# Brothers and sisters: the same father's and grandfather's names and another given name (not a spelling of
# it, not the names swapped). Random pairs almost never share two family names, so u estimated on them makes
# this pattern look like evidence *for* a match (and the grandfather's agreement would be counted again on its
# own). But the pairs a registry must tell apart here are families: among records sharing father and grandfather,
# a different given name is nearly always a sibling, while one person's given name is rarely replaced outright
# (variants, swaps and typos are the levels above). So the level's weight is fixed, not trained: -10 bits.
# Brothers do not share a passport: with the same document number the pattern is one person known by two given
# names, and the pair is weighed by the levels below (the family names count, with the document).
SIBLINGS_SQL = (
    "f1_sk_l = f1_sk_r AND rest1_sk_l = rest1_sk_r AND g1_sk_l <> g1_sk_r"
    f" AND NOT {_close_sql('g1_soft')} AND gf_sk_l <> gf_sk_r"
    " AND (doc_l IS NULL OR doc_r IS NULL OR doc_l <> doc_r)"
)
SIBLINGS_M_U = (1e-3, 1.0)


def _siblings(l, r) -> bool:
    return (
        _eq(l["f1_sk"], r["f1_sk"])
        and _eq(l["rest1_sk"], r["rest1_sk"])
        and not _null(l["g1_sk"], r["g1_sk"])
        and l["g1_sk"] != r["g1_sk"]
        and not _close(l["g1_soft"], r["g1_soft"])
        and l["gf_sk"] != r["gf_sk"]
        and not _eq(l["doc"], r["doc"])
    )


NAME = Comparison(
    "name",
    gettext_noop("given and father's name"),
    (
        Level(
            gettext_noop("missing"),
            "g1_sk_l IS NULL OR g1_sk_r IS NULL",
            lambda l, r: _null(l["g1_sk"], r["g1_sk"]),
            True,
        ),
        Level(
            gettext_noop("given and father's name the same"),
            "g1_soft_l = g1_soft_r AND f1_soft_l = f1_soft_r",
            lambda l, r: _eq(l["g1_soft"], r["g1_soft"]) and _eq(l["f1_soft"], r["f1_soft"]),
            tf="gf_sk",
        ),
        Level(
            gettext_noop("same names, another spelling or order"),
            "gf_sk_l = gf_sk_r",
            lambda l, r: _eq(l["gf_sk"], r["gf_sk"]),
            tf="gf_sk",
        ),
        Level(
            gettext_noop("one name the same, the other close"),
            f"(g1_sk_l = g1_sk_r AND {_close_sql('f1_soft')}) OR (f1_sk_l = f1_sk_r AND {_close_sql('g1_soft')})",
            lambda l, r: (
                (_eq(l["g1_sk"], r["g1_sk"]) and _close(l["f1_soft"], r["f1_soft"]))
                or (_eq(l["f1_sk"], r["f1_sk"]) and _close(l["g1_soft"], r["g1_soft"]))
            ),
        ),
        Level(
            gettext_noop("given name the same, father's name missing"),
            "g1_sk_l = g1_sk_r AND (f1_sk_l IS NULL OR f1_sk_r IS NULL)",
            lambda l, r: _eq(l["g1_sk"], r["g1_sk"]) and _null(l["f1_sk"], r["f1_sk"]),
        ),
        Level(
            gettext_noop(
                "father's and grandfather's names the same, given name another (brothers and sisters)"
            ),
            SIBLINGS_SQL,
            _siblings,
            agrees=False,
            fixed=SIBLINGS_M_U,
        ),
        # Half-brothers, cousins named after one grandfather, namesakes' sons: the same father, another given name.
        Level(
            gettext_noop("father's name the same, given name another"),
            "f1_sk_l = f1_sk_r",
            lambda l, r: _eq(l["f1_sk"], r["f1_sk"]),
            agrees=False,
        ),
        _else(),
    ),
)

LINEAGE = Comparison(
    "lineage",
    gettext_noop("grandfather's and further names"),
    (
        Level(
            gettext_noop("missing"),
            "rest_soft_l IS NULL OR rest_soft_r IS NULL",
            lambda l, r: _null(l["rest_soft"], r["rest_soft"]),
            True,
        ),
        # The family names of brothers and sisters are weighed once, with the given name (see SIBLINGS_SQL).
        Level(
            gettext_noop("the same, weighed with the given name (brothers and sisters)"),
            SIBLINGS_SQL,
            _siblings,
            True,
            shown=True,
        ),
        Level(
            gettext_noop("the same"),
            "rest_soft_l = rest_soft_r",
            lambda l, r: _eq(l["rest_soft"], r["rest_soft"]),
            tf="rest_soft",  # a grandfather called Mohamed says less than one called Gebremedhin
        ),
        Level(
            gettext_noop("grandfather's name the same in another spelling"),
            "rest1_sk_l = rest1_sk_r",
            lambda l, r: _eq(l["rest1_sk"], r["rest1_sk"]),
        ),
        _else(),
    ),
)

DOB = Comparison(
    "dob",
    gettext_noop("date of birth"),
    (
        Level(
            gettext_noop("missing"),
            "dob_y_l IS NULL OR dob_y_r IS NULL",
            lambda l, r: _null(l["dob_y"], r["dob_y"]),
            True,
        ),
        Level(gettext_noop("the same day"), "dob_s_l = dob_s_r", lambda l, r: _eq(l["dob_s"], r["dob_s"])),
        Level(
            gettext_noop("day and month swapped, or one digit off"),
            "(dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r) OR levenshtein(dob_s_l, dob_s_r) <= 1",
            lambda l, r: (
                (_eq(l["dob_y"], r["dob_y"]) and _eq(l["dob_m"], r["dob_d"]) and _eq(l["dob_d"], r["dob_m"]))
                or _lev(l["dob_s"], r["dob_s"], 1)
            ),
        ),
        Level(
            gettext_noop("the same year, as precisely as known"),
            f"dob_y_l = dob_y_r AND (dob_m_l = dob_m_r OR dob_prec_l IN {_IMP} OR dob_prec_r IN {_IMP})",
            lambda l, r: _eq(l["dob_y"], r["dob_y"]) and (_eq(l["dob_m"], r["dob_m"]) or _imprecise(l, r)),
        ),
        Level(
            gettext_noop("within two years of a guessed year"),
            f"abs(dob_y_l - dob_y_r) <= 2 AND (dob_prec_l IN {_IMP} OR dob_prec_r IN {_IMP})",
            lambda l, r: abs(l["dob_y"] - r["dob_y"]) <= 2 and _imprecise(l, r),
        ),
        _else(),
    ),
)


def _exact(name: str, column: str, description: str) -> Comparison:
    return Comparison(
        name,
        description,
        (
            Level(
                gettext_noop("missing"),
                f"{column}_l IS NULL OR {column}_r IS NULL",
                lambda l, r: _null(l[column], r[column]),
                True,
            ),
            Level(
                gettext_noop("the same"), f"{column}_l = {column}_r", lambda l, r: _eq(l[column], r[column])
            ),
            _else(),
        ),
    )


DOCUMENT = Comparison(
    "document",
    gettext_noop("document number"),
    (
        Level(
            gettext_noop("missing"),
            "doc_l IS NULL OR doc_r IS NULL",
            lambda l, r: _null(l["doc"], r["doc"]),
            True,
        ),
        Level(gettext_noop("the same"), "doc_l = doc_r", lambda l, r: _eq(l["doc"], r["doc"])),
        Level(
            gettext_noop("one character off"),
            "levenshtein(doc_l, doc_r) <= 1",
            lambda l, r: _lev(l["doc"], r["doc"], 1),
        ),
        _else(),
    ),
)

ENCOUNTER = Comparison(
    "encounter",
    gettext_noop("encounter dates"),
    (
        Level(
            gettext_noop("missing"),
            "enc_day_l IS NULL OR enc_day_r IS NULL",
            lambda l, r: _null(l["enc_day"], r["enc_day"]),
            True,
        ),
        Level(
            gettext_noop("within a week"),
            "abs(enc_day_l - enc_day_r) <= 7",
            lambda l, r: abs(l["enc_day"] - r["enc_day"]) <= 7,
        ),
        Level(
            gettext_noop("within a month"),
            "abs(enc_day_l - enc_day_r) <= 31",
            lambda l, r: abs(l["enc_day"] - r["enc_day"]) <= 31,
        ),
        Level(
            gettext_noop("within a year"),
            "abs(enc_day_l - enc_day_r) <= 366",
            lambda l, r: abs(l["enc_day"] - r["enc_day"]) <= 366,
        ),
        _else(),
    ),
)

PLACE = Comparison(
    "place",
    gettext_noop("place of origin or address"),
    (
        Level(
            gettext_noop("missing"),
            "place_fold_l IS NULL OR place_fold_r IS NULL",
            lambda l, r: _null(l["place_fold"], r["place_fold"]),
            True,
        ),
        Level(
            gettext_noop("the same"),
            "place_fold_l = place_fold_r",
            lambda l, r: _eq(l["place_fold"], r["place_fold"]),
        ),
        Level(
            gettext_noop("close (a letter or two)"),
            "levenshtein(place_fold_l, place_fold_r) <= 2",
            lambda l, r: _lev(l["place_fold"], r["place_fold"], 2),
        ),
        _else(),
    ),
)

COMPARISONS = (
    NAME,
    LINEAGE,
    DOB,
    _exact("sex", "sex", gettext_noop("sex")),
    _exact("nationality", "nat", gettext_noop("nationality")),
    DOCUMENT,
    ENCOUNTER,
    PLACE,
)


def splink_comparisons() -> list[dict]:
    """The comparisons as Splink settings dicts (the ELSE level is Splink's ELSE)."""
    out = []
    for comparison in COMPARISONS:
        levels = []
        for level in comparison.levels:
            entry: dict[str, str | bool | float] = {
                "sql_condition": level.sql,
                "label_for_charts": level.label,
            }
            if level.is_null:
                entry["is_null_level"] = True
            if level.fixed:
                entry["m_probability"], entry["u_probability"] = level.fixed
                entry["fix_m_probability"] = entry["fix_u_probability"] = True
            if level.tf:
                entry["tf_adjustment_column"] = level.tf
                entry["tf_adjustment_weight"] = 1.0
            levels.append(entry)
        out.append(
            {
                "output_column_name": comparison.name,
                "comparison_description": comparison.description,
                "comparison_levels": levels,
            }
        )
    return out


def levels_of(left: dict, right: dict) -> list[int]:
    """The level index each comparison takes for this pair (0 is the null level), as Splink's gamma."""
    return [next(i for i, level in enumerate(c.levels) if level.test(left, right)) for c in COMPARISONS]
