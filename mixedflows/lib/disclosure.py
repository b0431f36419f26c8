"""Statistical disclosure control for published tables and microdata (pure functions, no Django).

Used by every app that lets aggregates or records leave the system (flows, cases, detention, training).

A table is protected in three steps:
1. primary suppression: every cell (margins included) with 0 < count < threshold is suppressed;
2. secondary suppression: more cells are suppressed until no suppressed cell can be recomputed
   exactly from the published cells and margins (checked exactly, see `determined_cells`);
3. optional rounding of the published cells to a base (margins rounded on their own).

Zeros are published: they reveal no one. Microdata extracts pass a k-anonymity check or are refused.
"""

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TOTAL = "Total"
DEFAULT_THRESHOLD = 5
DEFAULT_K = 11


@dataclass
class ProtectedTable:
    rows: list[str]
    cols: list[str]
    values: dict[tuple[str, str], int]  # every cell, margins under TOTAL; never published as such
    suppressed: set[tuple[str, str]] = field(default_factory=set)
    primary: set[tuple[str, str]] = field(default_factory=set)
    rounding_base: int | None = None

    def published(self, row: str, col: str) -> int | None:
        """The value a reader sees: None where suppressed, rounded where a base is set."""
        if (row, col) in self.suppressed:
            return None
        value = self.values[(row, col)]
        if self.rounding_base:
            return self.rounding_base * round(value / self.rounding_base)
        return value

    def grid(self) -> list[list]:
        """Header row, then one row per table row, margins last; suppressed cells are None."""
        cols = [*self.cols, TOTAL]
        return [["", *cols]] + [[row, *(self.published(row, c) for c in cols)] for row in [*self.rows, TOTAL]]


def with_margins(
    rows: list[str], cols: list[str], counts: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    values = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in cols}
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in cols)
    for c in cols:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    return values


def _arcs(rows, cols, values, suppressed):
    """Directed arcs of the bipartite row/column graph: row→col where a cell may grow, col→row where it may shrink.

    With margins written as z = -total (and the grand total as +T) every line of the extended table sums to
    zero, so another table with the same published cells differs by a circulation on the suppressed cells.
    """
    out: dict[str, list[tuple[str, tuple[str, str]]]] = {}
    for cell in suppressed:
        r, c = cell
        v = values[cell]
        is_margin = (r == TOTAL) != (c == TOTAL)
        can_grow = (v >= 1) if is_margin else True  # z = -total grows when the total shrinks
        can_shrink = True if is_margin else (v >= 1)
        if can_grow:
            out.setdefault("r:" + r, []).append(("c:" + c, cell))
        if can_shrink:
            out.setdefault("c:" + c, []).append(("r:" + r, cell))
    return out


def _path(
    arcs, start: str, goal: str, banned: tuple[str, str]
) -> list[tuple[str, str, tuple[str, str]]] | None:
    """Arcs of a path from start to goal that does not step straight back over the banned cell, or None."""
    parent: dict[str, tuple[str, tuple[str, str]]] = {}
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            steps = []
            while node != start:
                prev, cell = parent[node]
                steps.append((prev, node, cell))
                node = prev
            return steps[::-1]
        for nxt, cell in arcs.get(node, ()):
            if nxt not in seen and not (cell == banned and {node, nxt} == {start, goal}):
                seen.add(nxt)
                parent[nxt] = (node, cell)
                queue.append(nxt)
    return None


def _reaches(arcs, start: str, goal: str, banned: tuple[str, str]) -> bool:
    return _path(arcs, start, goal, banned) is not None


def alternative(rows, cols, values, suppressed, cell) -> dict[tuple[str, str], int] | None:
    """Another non-negative table that agrees with every published cell but differs at `cell` (None if none).

    Shifts one unit around a directed cycle through the cell: the evidence that the cell cannot be recomputed.
    """
    arcs = _arcs(rows, cols, values, suppressed)
    r, c = "r:" + cell[0], "c:" + cell[1]
    for first, (a, b) in (((r, c, cell), (c, r)), ((c, r, cell), (r, c))):
        if not any(cell == arc[1] and arc[0] == first[1] for arc in arcs.get(first[0], ())):
            continue
        rest = _path(arcs, a, b, cell)
        if rest is None:
            continue
        table = dict(values)
        for start, _end, step in [first, *rest]:
            grow = start.startswith("r:")  # row→col arcs make z grow, col→row arcs make it shrink
            is_margin = (step[0] == TOTAL) != (step[1] == TOTAL)
            table[step] += (-1 if grow else 1) if is_margin else (1 if grow else -1)
        return table
    return None


def determined_cells(rows, cols, values, suppressed) -> set[tuple[str, str]]:
    """Suppressed cells whose exact value follows from the published ones (no other non-negative table exists).

    A cell can take another value iff it lies on a directed cycle of `_arcs` (conformal decomposition of the
    difference between two feasible tables), so this check is exact, not a rule of thumb.
    """
    arcs = _arcs(rows, cols, values, suppressed)
    determined = set()
    for cell in suppressed:
        r, c = "r:" + cell[0], "c:" + cell[1]
        grow = any(cell == a[1] for a in arcs.get(r, ())) and _reaches(arcs, c, r, cell)
        shrink = any(cell == a[1] for a in arcs.get(c, ())) and _reaches(arcs, r, c, cell)
        if not (grow or shrink):
            determined.add(cell)
    return determined


def protect(
    rows: list[str],
    cols: list[str],
    counts: dict[tuple[str, str], int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    rounding_base: int | None = None,
) -> ProtectedTable:
    values = with_margins(rows, cols, counts)
    primary = {cell for cell, v in values.items() if 0 < v < threshold}
    suppressed = set(primary)
    exposed = determined_cells(rows, cols, values, suppressed)
    while exposed:
        extra = _complement(exposed, rows, cols, values, suppressed)
        suppressed.add(extra)
        exposed = determined_cells(rows, cols, values, suppressed)
    return ProtectedTable(rows, cols, values, suppressed, primary, rounding_base)


def _complement(exposed, rows, cols, values, suppressed) -> tuple[str, str]:
    """The next cell to suppress for the first exposed cell: in its row or column where it stands alone, a
    published non-zero cell whose other line already has a suppression (closing a rectangle), inner cells before
    totals, the smallest first. Failing that, the smallest published cell anywhere."""

    def lines(cell):
        row_line = [(cell[0], x) for x in [*cols, TOTAL]]
        col_line = [(x, cell[1]) for x in [*rows, TOTAL]]
        return (
            row_line,
            col_line,
            [ln for ln in (row_line, col_line) if sum(k in suppressed for k in ln) == 1],
        )

    # An exposed cell alone in its row or column is the one to pair first.
    r, c = min(exposed, key=lambda cell: (not lines(cell)[2], cell))
    row_line, col_line, alone = lines((r, c))

    def pairs(k) -> bool:
        other = [(x, k[1]) for x in [*rows, TOTAL]] if k[0] == r else [(k[0], x) for x in [*cols, TOTAL]]
        return any(o in suppressed for o in other)

    for pool in (alone or [row_line, col_line], [list(values)]):
        candidates = [k for line in pool for k in line if k not in suppressed and values[k] > 0]
        if candidates:
            return min(candidates, key=lambda k: (not pairs(k), TOTAL in k, values[k], k))
    return min((k for k in values if k not in suppressed), key=lambda k: (values[k], k))


@dataclass
class KAnonymityResult:
    ok: bool
    k: int
    smallest_group: int
    rows_at_risk: int
    reason: str


def k_anonymity(records: list[dict], quasi_identifiers: list[str], *, k: int = DEFAULT_K) -> KAnonymityResult:
    """Every combination of the quasi-identifiers must be shared by at least k records, or the extract is refused."""
    if not quasi_identifiers:
        return KAnonymityResult(
            False, k, 0, len(records), _("Choose at least one quasi-identifier to check.")
        )
    groups = Counter(tuple(rec.get(q) for q in quasi_identifiers) for rec in records)
    if not groups:
        return KAnonymityResult(False, k, 0, 0, _("The extract is empty."))
    smallest = min(groups.values())
    at_risk = sum(n for n in groups.values() if n < k)
    if smallest >= k:
        return KAnonymityResult(
            True,
            k,
            smallest,
            0,
            _("Every combination of %(fields)s is shared by at least %(k)d records.")
            % {"fields": ", ".join(quasi_identifiers), "k": k},
        )
    small = sum(1 for n in groups.values() if n < k)
    return KAnonymityResult(
        False,
        k,
        smallest,
        at_risk,
        ngettext(
            "Refused: %(small)d combination of %(fields)s is shared by fewer than %(k)d records (%(at_risk)d "
            "records at risk; the smallest group has %(smallest)d). Drop a quasi-identifier or widen the bands.",
            "Refused: %(small)d combinations of %(fields)s are shared by fewer than %(k)d records (%(at_risk)d "
            "records at risk; the smallest group has %(smallest)d). Drop a quasi-identifier or widen the bands.",
            small,
        )
        % {
            "small": small,
            "fields": ", ".join(quasi_identifiers),
            "k": k,
            "at_risk": at_risk,
            "smallest": smallest,
        },
    )


@dataclass
class Anonymised:
    """A k-anonymous set of records and what it took: the generalisation chosen, values suppressed, records dropped."""

    records: list[dict]
    k: int
    quasi_identifiers: list[str]
    generalisation: dict[str, str]
    suppressed: dict[str, list[str]]
    dropped: int

    def report(self) -> dict:
        return {
            "k": self.k,
            "quasi_identifiers": self.quasi_identifiers,
            "generalisation": self.generalisation,
            "suppressed_values": self.suppressed,
            "records_kept": len(self.records),
            "records_dropped": self.dropped,
        }


Hierarchy = list[tuple[str, Callable[[object], object]]]


def k_anonymise(
    records: list[dict],
    quasi_identifiers: list[str],
    *,
    k: int = DEFAULT_K,
    hierarchies: dict[str, Hierarchy] | None = None,
    suppress_as: dict[str, object] | None = None,
) -> Anonymised:
    """Make records k-anonymous on the quasi-identifiers, losing as few records as it can.

    For each level of generalisation (`hierarchies`: per quasi-identifier, named steps from finest to coarsest,
    all stepped together), values of a quasi-identifier held by fewer than k records are replaced by
    `suppress_as` (they could never hide among k); records still in a group smaller than k are dropped. The level
    that drops the fewest records wins, the finest on a tie. Nothing in `records` is changed.
    """
    hierarchies = hierarchies or {}
    suppress_as = suppress_as or {}
    levels = max((len(h) for h in hierarchies.values()), default=1)
    best = None
    for level in range(levels):
        steps = {q: h[min(level, len(h) - 1)] for q, h in hierarchies.items()}
        rows = [{**r, **{q: step(r.get(q)) for q, (_name, step) in steps.items()}} for r in records]
        suppressed: dict[str, list[str]] = {}
        for q in quasi_identifiers:
            counts = Counter(r.get(q) for r in rows)
            rare = {v for v, n in counts.items() if n < k and v != suppress_as.get(q, "")}
            if rare:
                suppressed[q] = sorted(str(v) for v in rare)
                for r in rows:
                    if r.get(q) in rare:
                        r[q] = suppress_as.get(q, "")
        groups = Counter(tuple(r.get(q) for q in quasi_identifiers) for r in rows)
        kept = [r for r in rows if groups[tuple(r.get(q) for q in quasi_identifiers)] >= k]
        if best is None or len(records) - len(kept) < best.dropped:
            best = Anonymised(
                records=kept,
                k=k,
                quasi_identifiers=list(quasi_identifiers),
                generalisation={q: name for q, (name, _step) in steps.items()},
                suppressed=suppressed,
                dropped=len(records) - len(kept),
            )
        if best.dropped == 0:
            break
    assert best is not None
    return best
