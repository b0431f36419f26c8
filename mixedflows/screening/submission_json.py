"""Reading ODK Central and Kobo JSON exports: the parsed list of submissions, or a refusal naming each one."""

import json
from dataclasses import dataclass

MAX_REPORTED = 50
# A form nests groups and repeats a few levels; anything deeper is not a submission (and would exhaust the stack).
MAX_DEPTH = 32


@dataclass
class SubmissionProblem:
    submission: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"submission {self.submission}: {self.field}: {self.message}"


class ImportFailed(Exception):
    """Nothing was imported; `problems` names each submission and field at fault."""

    def __init__(self, problems: list[SubmissionProblem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        super().__init__(f"Nothing imported: {len(problems)} problem(s). {shown}{more}")


def read_submissions(text: str | bytes) -> list[dict]:
    """A JSON list, an OData response ({"value": [...]}) or a Kobo API page ({"results": [...]})."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed([SubmissionProblem("(file)", "JSON", f"not valid JSON ({error})")]) from error
    except RecursionError as error:
        raise ImportFailed([_too_deep_in_text(text)]) from error
    if isinstance(data, dict):
        data = data.get("value", data.get("results"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFailed([SubmissionProblem("(file)", "JSON", "expected a list of submissions")])
    if deep := too_deep(data):
        raise ImportFailed(deep)
    return data


def too_deep(submissions: list[dict]) -> list[SubmissionProblem]:
    return [
        SubmissionProblem(_label(item, index), "JSON", f"nested more than {MAX_DEPTH} levels deep")
        for index, item in enumerate(submissions)
        if _depth(item) > MAX_DEPTH
    ]


def _depth(value) -> int:
    """How deeply objects and lists nest, without recursion (stops counting past MAX_DEPTH)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list) and level <= MAX_DEPTH + 1:
            deepest = max(deepest, level)
            stack += [(child, level + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _label(submission: dict, index: int) -> str:
    """The submission's instanceID where it can be read, else its place in the file."""
    meta = submission.get("meta")
    instance = submission.get("meta/instanceID") or submission.get("_uuid") or submission.get("__id")
    if not instance and isinstance(meta, dict):
        instance = meta.get("instanceID")
    return strip_uuid(instance) if isinstance(instance, str) and instance.strip() else f"#{index + 1}"


def _too_deep_in_text(text: str | bytes) -> SubmissionProblem:
    """Too deep for the JSON parser: find which submission of the list goes past MAX_DEPTH, by scanning."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth, in_string, escaped, index, outer = 0, False, False, 0, None
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if outer is None and char == "[":
                outer = depth  # the list of submissions (top level, or under "value"/"results")
            elif outer is not None and depth - outer > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
            if outer is not None and depth == outer:
                index += 1
    else:
        return SubmissionProblem("(file)", "JSON", f"nested more than {MAX_DEPTH} levels deep")
    return SubmissionProblem(f"#{index + 1}", "JSON", f"nested more than {MAX_DEPTH} levels deep")


def flatten(submission: dict, prefix: str = "") -> dict:
    """Nested groups (ODK Central) and "group/question" keys (Kobo) both become {path: value}."""
    flat = {}
    for key, value in submission.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}/"))
        else:
            flat[path] = value
    return flat


def strip_uuid(identifier) -> str:
    text = str(identifier or "").strip()
    return text[5:] if text.startswith("uuid:") else text
