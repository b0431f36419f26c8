"""Skip logic and constraints of an instrument: declarative `relevant` and `constraint`, never eval.

A section or a question may carry `relevant: <condition>`: it is asked only when the condition holds, and
an answer to a question that is not relevant is not kept. A question may carry `constraint: <condition>`
and `constraint_message`: an answer is refused unless the condition holds. Conditions are those of the
rule engine (rules.py); in a constraint, `{q: <the question itself>}` is the answer being checked.

Person facts (age, sex) come from the person's record. A comparison with an unknown fact is false, so
relevance is written to ask when the fact is not known: `not: {person: sex, equals: M}` asks a woman, a
person of another sex and a person whose sex is not recorded.

The same conditions become XPath for the XLSForm (`xpath`), so ODK Collect skips what the page skips.
"""

from django.utils.translation import gettext as _

from mixedflows.screening.rules import Facts, holds

PERSON_XPATH = {"age": "${person_age}", "sex": "${person_sex}"}


def is_relevant(item: dict, facts: Facts) -> bool:
    condition = item.get("relevant")
    return True if condition is None else holds(condition, facts)[0]


def _empty(question: dict):
    return [] if question["type"] == "select_multiple" else ""


def relevant_keys(definition: dict, facts: Facts) -> set[str]:
    """The questions to ask, given the answers so far (a section not relevant hides all its questions)."""
    return {
        question["key"]
        for section in definition["sections"]
        if is_relevant(section, facts)
        for question in section["questions"]
        if is_relevant(question, facts)
    }


def without_irrelevant(definition: dict, answers: dict, person: dict) -> dict:
    """The answers with those to questions no longer asked emptied (until nothing changes: one emptied
    answer can make another question irrelevant)."""
    current = dict(answers)
    questions = [q for s in definition["sections"] for q in s["questions"]]
    for _round in range(len(questions) + 1):
        keep = relevant_keys(definition, Facts(answers=current, person=person))
        emptied = {
            q["key"]: _empty(q)
            for q in questions
            if q["key"] not in keep and current.get(q["key"], _empty(q)) != _empty(q)
        }
        if not emptied:
            return current
        current.update(emptied)
    return current


def constraint_error(question: dict, value, facts: Facts) -> str:
    """The question's message when an answer breaks its constraint, else ""."""
    condition = question.get("constraint")
    if condition is None or value in (None, "", []):
        return ""
    answers = {**facts.answers, question["key"]: value}
    if holds(condition, Facts(answers=answers, person=facts.person))[0]:
        return ""
    return question.get("constraint_message") or _("This answer is outside what the question allows.")


def _quote(value) -> str:
    text = str(value)
    return "'" + text.replace("'", "") + "'"


def xpath(condition: dict, questions: dict[str, dict], self_key: str = "") -> str:
    """The condition as an XPath expression over the form's fields (`.` for the question itself)."""
    if "all" in condition:
        return "(" + " and ".join(xpath(c, questions, self_key) for c in condition["all"]) + ")"
    if "any" in condition:
        return "(" + " or ".join(xpath(c, questions, self_key) for c in condition["any"]) + ")"
    if "not" in condition:
        return "not(" + xpath(condition["not"], questions, self_key) + ")"
    if "person" in condition:
        ref, multiple = PERSON_XPATH[condition["person"]], False
    else:
        key = condition["q"]
        ref = "." if key == self_key else "${" + key + "}"
        multiple = questions[key]["type"] == "select_multiple"
    if "answered" in condition:
        return f"{ref} != ''" if condition["answered"] else f"{ref} = ''"
    if "equals" in condition or "in" in condition:
        values = [condition["equals"]] if "equals" in condition else condition["in"]
        parts = [f"selected({ref}, {_quote(v)})" if multiple else f"{ref} = {_quote(v)}" for v in values]
        return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"
    op = ">=" if ">=" in condition else "<"
    # An empty answer is not a number: the comparison is false, as in the rule engine.
    return f"({ref} != '' and {ref} {op} {condition[op]})"
