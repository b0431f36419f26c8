"""The rule engine: small declarative conditions over answers, evaluated without eval.

A condition is one of
    {all: [conditions]}  {any: [conditions]}  {not: condition}
    {q: question, equals: value}      for a multiple choice: the value is among those ticked
    {q: question, in: [values]}       for a multiple choice: at least one of them is ticked
    {q: question, ">=": number}  {q: question, "<": number}
    {q: question, answered: true|false}
    {person: age, ">=" | "<" | answered: ...}   the age on the Person record
    {person: sex, equals: F | M | X}            the sex on the Person record

A rule adds `categories` and `procedures` when its condition holds; a rule with `excludes` takes
procedures out whatever rule added them ("not for children": a child presumed trafficked is not
recommended regular migration pathways), and the explanation says so.
"""

from dataclasses import dataclass, field
from typing import Any

from mixedflows.screening.codes import URGENCY_RANK, Procedure, ProfileCategory, Urgency

COMPARISONS = ("equals", "in", ">=", "<", "answered")
PERSON_FACTS = ("age", "sex")
PERSON_FACT_QUESTIONS: dict[str, dict] = {
    "age": {"type": "integer"},
    "sex": {"type": "select_one", "options": [{"value": "F"}, {"value": "M"}, {"value": "X"}]},
}


class RuleError(ValueError):
    """An instrument's rule is malformed: refuse to load it."""


@dataclass
class Facts:
    answers: dict
    person: dict  # {"age": int | None, "sex": "F" | "M" | "X" | ""}


@dataclass
class Outcome:
    categories: list[str] = field(default_factory=list)
    urgency: str = Urgency.NORMAL
    procedures: list[str] = field(default_factory=list)
    explanation: list[dict] = field(default_factory=list)


def _is_answered(value) -> bool:
    return value not in (None, "", [])


def _leaf(condition: dict, facts: Facts) -> tuple[bool, list[dict]]:
    value: Any
    if "person" in condition:
        name, value = f"person.{condition['person']}", facts.person.get(condition["person"])
    else:
        name, value = condition["q"], facts.answers.get(condition["q"])
    (op,) = [k for k in condition if k in COMPARISONS]
    expected = condition[op]
    if op == "answered":
        holds = _is_answered(value) == bool(expected)
    elif not _is_answered(value):
        holds = False
    elif op == "equals":
        holds = expected in value if isinstance(value, list) else str(value) == str(expected)
    elif op == "in":
        wanted = {str(v) for v in expected}
        holds = bool(wanted & {str(v) for v in value}) if isinstance(value, list) else str(value) in wanted
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False, []
        holds = number >= expected if op == ">=" else number < expected
    return holds, ([{"question": name, "answer": value}] if holds else [])


def holds(condition: dict, facts: Facts) -> tuple[bool, list[dict]]:
    """Whether the condition holds, and the answers that made it hold (for the explanation)."""
    if "all" in condition:
        evidence: list[dict] = []
        for part in condition["all"]:
            ok, why = holds(part, facts)
            if not ok:
                return False, []
            evidence += why
        return True, evidence
    if "any" in condition:
        found, evidence = False, []
        for part in condition["any"]:
            ok, why = holds(part, facts)
            if ok:
                found, evidence = True, evidence + why
        return found, evidence
    if "not" in condition:
        ok, _ = holds(condition["not"], facts)
        return not ok, []
    return _leaf(condition, facts)


def evaluate(definition: dict, facts: Facts) -> Outcome:
    """Apply every rule; categories and procedures accumulate in rule order, the highest urgency wins."""
    outcome = Outcome()
    labels = question_labels(definition)
    excluded: list[str] = []
    for rule in definition.get("rules", []):
        ok, evidence = holds(rule["when"], facts)
        if not ok:
            continue
        for category in rule.get("categories", []):
            if category not in outcome.categories:
                outcome.categories.append(category)
        for procedure in rule.get("procedures", []):
            if procedure not in outcome.procedures:
                outcome.procedures.append(procedure)
        excluded += [code for code in rule.get("excludes", []) if code not in excluded]
        urgency = rule.get("urgency", Urgency.NORMAL)
        if URGENCY_RANK[Urgency(urgency)] < URGENCY_RANK[Urgency(outcome.urgency)]:
            outcome.urgency = urgency
        outcome.explanation.append(
            {
                "rule": rule["id"],
                "because": rule.get("because", ""),
                "answers": [{**e, "label": labels.get(e["question"], e["question"])} for e in evidence],
                "categories": list(rule.get("categories", [])),
                "urgency": urgency,
                "procedures": list(rule.get("procedures", [])),
                "excludes": list(rule.get("excludes", [])),
            }
        )
    # An exclusion is explained only where it took something out.
    outcome.explanation = [
        entry
        for entry in outcome.explanation
        if not entry["excludes"] or entry["categories"] or set(entry["excludes"]) & set(outcome.procedures)
    ]
    outcome.procedures = [code for code in outcome.procedures if code not in excluded]
    return outcome


def question_labels(definition: dict) -> dict[str, str]:
    labels = {f"person.{name}": f"{name.capitalize()} on the person's record" for name in PERSON_FACTS}
    for section in definition.get("sections", []):
        for question in section["questions"]:
            labels[question["key"]] = question["label"]
    return labels


# --- Checks when an instrument is loaded -------------------------------------------------------------


def check_condition(condition, questions: dict[str, dict], where: str) -> None:
    if not isinstance(condition, dict) or not condition:
        raise RuleError(f"{where}: a condition must be a mapping")
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        parts = condition[key]
        if len(condition) != 1 or not isinstance(parts, list) or not parts:
            raise RuleError(f"{where}: '{key}' takes a non-empty list and nothing beside it")
        for i, part in enumerate(parts):
            check_condition(part, questions, f"{where}.{key}[{i}]")
        return
    if "not" in condition:
        if len(condition) != 1:
            raise RuleError(f"{where}: 'not' takes one condition and nothing beside it")
        check_condition(condition["not"], questions, f"{where}.not")
        return
    ops = [k for k in condition if k in COMPARISONS]
    subject = [k for k in condition if k in ("q", "person")]
    unknown = set(condition) - set(COMPARISONS) - {"q", "person"}
    if unknown or len(ops) != 1 or len(subject) != 1:
        raise RuleError(
            f"{where}: expected one of q/person and one of {', '.join(COMPARISONS)}; got {sorted(condition)}"
        )
    op, expected = ops[0], condition[ops[0]]
    if "person" in condition:
        if condition["person"] not in PERSON_FACTS:
            raise RuleError(f"{where}: unknown person fact {condition['person']!r}")
        question = PERSON_FACT_QUESTIONS[condition["person"]]
    elif condition["q"] in questions:
        question = questions[condition["q"]]
    else:
        raise RuleError(f"{where}: unknown question {condition['q']!r}")
    if op in (">=", "<") and (
        question["type"] not in ("integer", "decimal") or not isinstance(expected, int | float)
    ):
        raise RuleError(f"{where}: {op} compares a number question with a number")
    if op in ("equals", "in"):
        values = expected if op == "in" else [expected]
        if op == "in" and not isinstance(expected, list):
            raise RuleError(f"{where}: 'in' takes a list")
        allowed = option_values(question)
        if allowed is not None:
            for value in values:
                if str(value) not in allowed:
                    raise RuleError(f"{where}: {value!r} is not an option of {condition.get('q')!r}")


def option_values(question: dict) -> set[str] | None:
    if question["type"] == "yes_no":
        return {"yes", "no"}
    if "options" in question:
        return {str(o["value"]) for o in question["options"]}
    return None


def check_rule(rule: dict, questions: dict[str, dict], index: int) -> None:
    where = f"rule {rule.get('id', index)!r}"
    if not rule.get("id") or "when" not in rule:
        raise RuleError(f"rule {index}: needs an id and a 'when' condition")
    check_condition(rule["when"], questions, where)
    for code in rule.get("categories", []):
        if code not in ProfileCategory.values:
            raise RuleError(f"{where}: unknown profile category {code!r}")
    for code in [*rule.get("procedures", []), *rule.get("excludes", [])]:
        if code not in Procedure.values:
            raise RuleError(f"{where}: unknown procedure {code!r}")
    if rule.get("urgency", Urgency.NORMAL) not in Urgency.values:
        raise RuleError(f"{where}: unknown urgency {rule['urgency']!r}")
