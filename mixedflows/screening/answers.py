"""Turn a raw answer (from the screening page or an ODK/Kobo submission) into the stored value.

The same checks serve both, so a submission cannot store what the page would refuse.
"""

from django.utils.translation import gettext as _

from mixedflows.lib.codes import is_language, language_name
from mixedflows.screening.rules import option_values


class AnswerError(ValueError):
    pass


def clean_answer(question: dict, raw):
    """Return the stored value ("" / [] for no answer) or raise AnswerError with a message for the officer."""
    kind = question["type"]
    if raw is None:
        return [] if kind == "select_multiple" else ""
    if kind == "select_multiple":
        if isinstance(raw, str):
            values = raw.split()
        elif isinstance(raw, list) and all(isinstance(v, str) for v in raw):
            values = raw
        else:  # ODK and Kobo send a space-separated string; a number or an object is not an answer
            raise AnswerError(_("expected the chosen options as text separated by spaces"))
        allowed = option_values(question) or set()
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise AnswerError(_("not an option: %(values)s") % {"values": ", ".join(wrong)})
        return [o["value"] for o in question["options"] if o["value"] in values]  # the instrument's order
    if isinstance(raw, list):
        raise AnswerError(_("expected one answer, got several"))
    if isinstance(raw, dict):
        raise AnswerError(_("expected one answer, got a group of fields"))
    text = str(raw).strip()
    if text == "":
        return ""
    if kind in ("yes_no", "select_one"):
        if text not in (option_values(question) or set()):
            raise AnswerError(_("not an option: %(values)s") % {"values": text})
        return text
    if kind == "language":
        if not is_language(text):
            raise AnswerError(_("not an ISO 639-3 language code: %(code)s") % {"code": text[:20]})
        return text.lower()
    if kind == "integer":
        try:
            number = int(float(text)) if float(text).is_integer() else None
        except ValueError:
            number = None
        if number is None or number < 0:
            raise AnswerError(_("enter a whole number, 0 or more"))
        return number
    if kind == "decimal":
        try:
            return float(text)
        except ValueError as error:
            raise AnswerError(_("enter a number")) from error
    return text[:500]


def answer_display(question: dict, value) -> str:
    """The answer in words, as the officer chose it."""
    if value in ("", None, []):
        return "—"
    if question["type"] == "language":
        return f"{language_name(str(value))} ({value})"
    labels = {str(o["value"]): o["label"] for o in question.get("options", [])}
    labels.update({"yes": _("Yes"), "no": _("No")} if question["type"] == "yes_no" else {})
    if isinstance(value, list):
        return "; ".join(labels.get(str(v), str(v)) for v in value)
    return labels.get(str(value), str(value))
