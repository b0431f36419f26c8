"""Screening instruments are data: versioned YAML files in instruments/, loaded into the database.

A file is `<code>-<version>.yaml`. A version once loaded never changes: loading a file whose
hash differs from the stored one for the same version is refused (make a new version instead).
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mixedflows.core.models import FieldGroup
from mixedflows.screening.rules import RuleError, check_condition, check_rule

INSTRUMENT_DIR = Path(__file__).parent / "instruments"
QUESTION_TYPES = ("yes_no", "select_one", "select_multiple", "integer", "decimal", "text", "language")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_FILE = re.compile(r"^(?P<code>[a-z][a-z0-9_]*)-(?P<version>[0-9][0-9a-z.]*)\.yaml$")
RESERVED_KEYS = {
    "registration_number",
    "registration_scan",
    "registration_typed",
    "instrument_version",
    "start",
    "end",
    "person",
    "meta",
}


class InstrumentError(ValueError):
    """The instrument file is malformed or conflicts with what is loaded."""


@dataclass
class InstrumentFile:
    path: Path
    definition: dict
    sha256: str

    @property
    def code(self) -> str:
        return self.definition["code"]

    @property
    def version(self) -> str:
        return str(self.definition["version"])

    @property
    def title(self) -> str:
        return self.definition["title"]


def read_instrument(path: Path) -> InstrumentFile:
    raw = path.read_bytes()
    try:
        definition = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise InstrumentError(f"{path.name}: not valid YAML ({error})") from error
    check_definition(definition, path.name)
    match = _FILE.match(path.name)
    if not match or match["code"] != definition["code"] or match["version"] != str(definition["version"]):
        raise InstrumentError(
            f"{path.name}: the file must be named {definition['code']}-{definition['version']}.yaml"
        )
    return InstrumentFile(path=path, definition=definition, sha256=hashlib.sha256(raw).hexdigest())


def instrument_files(directory: Path = INSTRUMENT_DIR) -> list[InstrumentFile]:
    return [read_instrument(path) for path in sorted(directory.glob("*.yaml"))]


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def newest_instrument_file(code: str = "protection", directory: Path = INSTRUMENT_DIR) -> InstrumentFile:
    """The newest version of an instrument as shipped in the package (no database needed)."""
    files = [f for f in instrument_files(directory) if f.code == code]
    if not files:
        raise InstrumentError(f"No instrument {code!r} in {directory}.")
    return max(files, key=lambda f: version_key(f.version))


def all_questions(definition: dict) -> dict[str, dict]:
    return {q["key"]: q for section in definition["sections"] for q in section["questions"]}


def check_definition(definition, name: str) -> None:
    """Refuse an instrument with a missing part, an unknown type or a rule that names what does not exist."""
    if not isinstance(definition, dict):
        raise InstrumentError(f"{name}: expected a mapping at the top")
    for key in ("code", "version", "title", "sections", "rules"):
        if key not in definition:
            raise InstrumentError(f"{name}: missing '{key}'")
    seen: set[str] = set()
    for section in definition["sections"]:
        if not _KEY.match(str(section.get("key", ""))) or not section.get("questions"):
            raise InstrumentError(f"{name}: every section needs a key (lower case) and questions")
        if section.get("field_group") and section["field_group"] not in FieldGroup.values:
            raise InstrumentError(
                f"{name}: section {section['key']}: unknown field group {section['field_group']!r}"
            )
        for question in section["questions"]:
            key = str(question.get("key", ""))
            where = f"{name}: question {key!r}"
            if not _KEY.match(key) or key in RESERVED_KEYS or key in seen or key == section["key"]:
                raise InstrumentError(f"{where}: keys are unique, lower case, and not reserved")
            seen.add(key)
            if question.get("type") not in QUESTION_TYPES:
                raise InstrumentError(f"{where}: type must be one of {', '.join(QUESTION_TYPES)}")
            if not question.get("label"):
                raise InstrumentError(f"{where}: needs a label")
            if question["type"] in ("select_one", "select_multiple"):
                values = [str(o.get("value", "")) for o in question.get("options") or []]
                if not values or len(set(values)) != len(values) or not all(_KEY.match(v) for v in values):
                    raise InstrumentError(f"{where}: needs options with unique lower-case values")
    questions = all_questions(definition)
    check_logic(definition, questions, name)
    ids = [rule.get("id") for rule in definition["rules"]]
    if len(set(ids)) != len(ids):
        raise InstrumentError(f"{name}: rule ids must be unique")
    for index, rule in enumerate(definition["rules"]):
        try:
            check_rule(rule, questions, index)
        except RuleError as error:
            raise InstrumentError(f"{name}: {error}") from error


def check_logic(definition: dict, questions: dict[str, dict], name: str) -> None:
    """`relevant` on sections and questions, `constraint` on questions: conditions the rule engine knows."""
    try:
        for section in definition["sections"]:
            if "relevant" in section:
                check_condition(section["relevant"], questions, f"section {section['key']!r}: relevant")
            for question in section["questions"]:
                where = f"question {question['key']!r}"
                if "relevant" in question:
                    check_condition(question["relevant"], questions, f"{where}: relevant")
                if "constraint" in question:
                    check_condition(question["constraint"], questions, f"{where}: constraint")
                    if not question.get("constraint_message"):
                        raise RuleError(f"{where}: a constraint needs a constraint_message for the officer")
    except RuleError as error:
        raise InstrumentError(f"{name}: {error}") from error
