"""A screening's outcome as one user may see it: derived data obeys the field groups of its source.

Every value the rules derive (a category, the urgency, a recommended procedure, an explanation line) comes
from answers in the instrument's sections. The screening-outcome group carries the outcome; beyond it, a
rule's output is shown only when the user may see every sensitive field group it draws on: the groups of the
sections its condition reads, of the categories it adds, and (for a procedure whose name alone tells, such
as "GBV services") of the procedure itself. Pages, panels, lists,
dashboards and the API all call `visible_outcome`; nothing reads `Screening.procedures` or `.urgency` for
display directly.
"""

from dataclasses import dataclass, field

from mixedflows.core.models import SENSITIVE_FIELD_GROUPS, FieldGroup
from mixedflows.screening.codes import (
    CATEGORY_FIELD_GROUP,
    PROCEDURE_FIELD_GROUP,
    URGENCY_RANK,
    Procedure,
    ProfileCategory,
    Urgency,
)
from mixedflows.screening.models import Screening


@dataclass
class VisibleOutcome:
    categories: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    urgency: str = Urgency.NORMAL
    procedures: list[str] = field(default_factory=list)  # Procedure codes
    explanation: list[dict] = field(default_factory=list)  # the stored explanation items the user may see
    # True when the instrument draws on a field group the user may not see: the same for every screening of
    # the instrument, so it tells nothing about this person.
    withheld: bool = False

    @property
    def urgency_label(self) -> str:
        return str(Urgency(self.urgency).label)

    @property
    def category_labels(self) -> list[str]:
        return [label for _, label in self.categories]

    @property
    def procedure_labels(self) -> list[str]:
        return [procedure_label(code) for code in self.procedures]


def procedure_label(code: str) -> str:
    return str(Procedure(code).label) if code in Procedure.values else code


def category_label(code: str) -> str:
    return str(ProfileCategory(code).label) if code in ProfileCategory.values else code


def _condition_questions(condition) -> set[str]:
    if not isinstance(condition, dict):
        return set()
    found: set[str] = set()
    for key in ("all", "any"):
        for part in condition.get(key, []) or []:
            found |= _condition_questions(part)
    if "not" in condition:
        found |= _condition_questions(condition["not"])
    if "q" in condition:
        found.add(str(condition["q"]))
    if "person" in condition:
        found.add(f"person.{condition['person']}")
    return found


class _Instrument:
    """What the instrument's definition says about field groups: each question's section group, each rule."""

    def __init__(self, definition: dict):
        self.question_group: dict[str, str] = {}
        for section in definition.get("sections", []) or []:
            for question in section.get("questions", []):
                if section.get("field_group"):
                    self.question_group[question["key"]] = section["field_group"]
        self.rules = {rule.get("id"): rule for rule in definition.get("rules", []) or []}
        self.groups = (
            set(self.question_group.values())
            | set(CATEGORY_FIELD_GROUP.values())
            | set(PROCEDURE_FIELD_GROUP.values())
        ) & SENSITIVE_FIELD_GROUPS

    def rule_groups(self, item: dict) -> set[str]:
        """The field groups one explanation item (one rule that held) draws on."""
        questions = {a["question"] for a in item.get("answers", [])}
        rule = self.rules.get(item.get("rule"))
        if rule is not None:
            questions |= _condition_questions(rule.get("when"))
        groups = {self.question_group[q] for q in questions if q in self.question_group}
        groups |= {CATEGORY_FIELD_GROUP[c] for c in item.get("categories", []) if c in CATEGORY_FIELD_GROUP}
        # The screening-outcome group carries the outcome itself; what else it needs is a sensitive source.
        return groups & SENSITIVE_FIELD_GROUPS


def visible_outcome(screening: Screening, groups: frozenset[str]) -> VisibleOutcome | None:
    """The outcome cut to what `groups` (from `people.selectors.field_groups_for`) allow; None without the
    screening-outcome group."""
    if FieldGroup.SCREENING_OUTCOME not in groups:
        return None
    instrument = _Instrument(screening.instrument.definition or {})
    items = list(screening.explanation or [])
    shown_items = [item for item in items if instrument.rule_groups(item) <= groups]
    explained_categories = {c for item in items for c in item.get("categories", [])}
    explained_procedures = {p for item in items for p in item.get("procedures", [])}
    shown_categories = {c for item in shown_items for c in item.get("categories", [])}
    shown_procedures = {p for item in shown_items for p in item.get("procedures", [])}

    categories = []
    for code in screening.categories:
        own = CATEGORY_FIELD_GROUP.get(code)
        if own is not None and own not in groups:
            continue
        if code in shown_categories or code not in explained_categories:
            categories.append((code, category_label(code)))
    procedures = []
    for code in screening.procedures:
        own = PROCEDURE_FIELD_GROUP.get(code)
        if own is not None and own not in groups:
            continue
        if code in shown_procedures or code not in explained_procedures:
            procedures.append(code)
    if items:
        urgencies = [item.get("urgency", Urgency.NORMAL) for item in shown_items] or [Urgency.NORMAL]
        urgency = min(urgencies, key=lambda u: URGENCY_RANK[Urgency(u)])
    else:  # recorded without an explanation (older or imported outcomes): nothing to trace it back to
        urgency = screening.urgency
    return VisibleOutcome(
        categories=categories,
        urgency=urgency,
        procedures=procedures,
        explanation=shown_items,
        withheld=bool(instrument.groups - groups),
    )
