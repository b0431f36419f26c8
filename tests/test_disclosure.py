"""Disclosure control: small cells never survive, and no suppressed cell can be recomputed from the margins."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mixedflows.lib.disclosure import TOTAL, alternative, k_anonymity, protect, with_margins


def _consistent(rows, cols, table) -> bool:
    """Every row and column adds up to its total, and nothing is negative."""
    return (
        all(v >= 0 for v in table.values())
        and all(sum(table[(r, c)] for c in cols) == table[(r, TOTAL)] for r in [*rows, TOTAL])
        and all(sum(table[(r, c)] for r in rows) == table[(TOTAL, c)] for c in [*cols, TOTAL])
    )


tables = st.integers(1, 4).flatmap(
    lambda nr: st.integers(1, 4).flatmap(
        lambda nc: st.tuples(
            st.just([f"r{i}" for i in range(nr)]),
            st.just([f"c{j}" for j in range(nc)]),
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=nr * nc, max_size=nr * nc),
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(2, 11))
def test_no_small_cell_is_published_and_no_suppressed_cell_can_be_recomputed(spec, threshold):
    rows, cols, flat = spec
    counts = {(r, c): flat[i * len(cols) + j] for i, r in enumerate(rows) for j, c in enumerate(cols)}
    table = protect(rows, cols, counts, threshold=threshold)
    for (r, c), value in table.values.items():
        published = table.published(r, c)
        assert published is None or published == 0 or published >= threshold, (r, c, value)
    for cell in table.suppressed:
        other = alternative(rows, cols, table.values, table.suppressed, cell)
        assert other is not None, f"{cell} can be recomputed from the published cells"
        assert other[cell] != table.values[cell]
        assert _consistent(rows, cols, other)
        assert all(other[k] == v for k, v in table.values.items() if k not in table.suppressed)


def test_journey_five_the_cell_that_would_let_someone_subtract_is_suppressed_too():
    # Eritrean women 3 (small), Eritrean men 40, Sudanese women 25, Sudanese men 31.
    counts = {("ERI", "F"): 3, ("ERI", "M"): 40, ("SDN", "F"): 25, ("SDN", "M"): 31}
    table = protect(["ERI", "SDN"], ["F", "M"], counts)
    assert table.primary == {("ERI", "F")}
    assert table.published("ERI", "F") is None
    # Alone, 3 = row total 43 - 40: at least one more cell in the row and in the column must go.
    assert sum(1 for c in ["F", "M", TOTAL] if ("ERI", c) in table.suppressed) >= 2
    assert sum(1 for r in ["ERI", "SDN", TOTAL] if (r, "F") in table.suppressed) >= 2
    assert table.published(TOTAL, TOTAL) == 99


def test_margins_are_the_sums_and_zeros_are_published():
    values = with_margins(["a", "b"], ["x"], {("a", "x"): 0, ("b", "x"): 30})
    assert values[("a", TOTAL)] == 0 and values[(TOTAL, TOTAL)] == 30
    table = protect(["a", "b"], ["x"], {("a", "x"): 0, ("b", "x"): 30})
    assert table.suppressed == set() and table.published("a", "x") == 0


def test_rounding_to_a_base_rounds_published_cells():
    table = protect(["a"], ["x", "y"], {("a", "x"): 12, ("a", "y"): 28}, rounding_base=5)
    assert [table.published("a", c) for c in ("x", "y", TOTAL)] == [10, 30, 40]


def test_microdata_below_k_is_refused_with_the_reason():
    records = [{"sex": "F", "age_band": "5_17", "nationality": "ERI"}] * 3 + [
        {"sex": "M", "age_band": "18_59", "nationality": "ERI"}
    ] * 20
    result = k_anonymity(records, ["sex", "age_band", "nationality"], k=11)
    assert not result.ok and result.smallest_group == 3 and result.rows_at_risk == 3
    assert "fewer than 11" in result.reason
    assert k_anonymity(records, ["nationality"], k=11).ok


def test_one_small_cell_costs_a_rectangle_of_four_not_the_whole_table():
    counts = {
        ("a", "x"): 2,
        ("a", "y"): 30,
        ("a", "z"): 40,
        ("b", "x"): 20,
        ("b", "y"): 25,
        ("b", "z"): 9,
        ("c", "x"): 12,
        ("c", "y"): 13,
        ("c", "z"): 14,
    }
    table = protect(["a", "b", "c"], ["x", "y", "z"], counts)
    assert table.suppressed == {("a", "x"), ("a", "y"), ("c", "x"), ("c", "y")}
    assert all(table.published(TOTAL, c) is not None for c in ["x", "y", "z", TOTAL])
