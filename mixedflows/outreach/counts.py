"""Counts of counselling sessions by topic, sex and age band; what leaves the agency goes through disclosure
control (`mixedflows.lib.disclosure`, the one implementation every app uses)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mixedflows.lib import disclosure
from mixedflows.outreach.codes import SEX_NAMES, AgeBand, Topic


@dataclass
class CountTable:
    """One cross-tabulation: codes of rows and columns, their labels and the counts (margins computed)."""

    key: str
    title: str
    rows: list[str]
    cols: list[str]
    row_labels: dict[str, str]
    col_labels: dict[str, str]
    counts: dict[tuple[str, str], int]

    def exact(self) -> disclosure.ProtectedTable:
        """The agency's own view: every cell as counted, nothing suppressed."""
        return disclosure.ProtectedTable(
            self.rows, self.cols, disclosure.with_margins(self.rows, self.cols, self.counts)
        )

    def published(self, threshold: int = disclosure.DEFAULT_THRESHOLD) -> disclosure.ProtectedTable:
        """As it may leave the agency: small cells suppressed, and any cell that would give them back."""
        return disclosure.protect(self.rows, self.cols, self.counts, threshold=threshold)

    def labelled(self, table: disclosure.ProtectedTable) -> list[list]:
        """Header and rows with labels instead of codes; suppressed cells are None."""
        grid = table.grid()
        total = str(_("Total"))
        labels = {**self.row_labels, disclosure.TOTAL: total}
        header = ["", *(self.col_labels.get(c, total) for c in grid[0][1:])]
        return [header, *([labels[row[0]], *row[1:]] for row in grid[1:])]


def session_tables(sessions: Iterable) -> tuple[int, list[CountTable]]:
    """The number of sessions and three tables: topic by sex, topic by age band, sex by age band.

    A session counts once under each topic it covered, so the topic tables' totals are topics discussed,
    not sessions; the sex by age band table counts each session once.
    """
    by_topic_sex: Counter = Counter()
    by_topic_age: Counter = Counter()
    by_sex_age: Counter = Counter()
    total = 0
    for sex, age_band, topics in sessions:
        total += 1
        by_sex_age[(sex, age_band)] += 1
        for topic in topics:
            by_topic_sex[(topic, sex)] += 1
            by_topic_age[(topic, age_band)] += 1
    topics = {code: str(label) for code, label in Topic.choices}
    sexes = {str(code): str(label) for code, label in SEX_NAMES.items()}
    bands = {code: str(label) for code, label in AgeBand.choices}
    return total, [
        CountTable(
            "topic_sex",
            str(_("Topics discussed, by sex")),
            list(topics),
            list(sexes),
            topics,
            sexes,
            by_topic_sex,
        ),
        CountTable(
            "topic_age",
            str(_("Topics discussed, by age band")),
            list(topics),
            list(bands),
            topics,
            bands,
            by_topic_age,
        ),
        CountTable(
            "sex_age",
            str(_("Sessions, by sex and age band")),
            list(sexes),
            list(bands),
            sexes,
            bands,
            by_sex_age,
        ),
    ]
