"""Conditions checklists are data: versioned YAML files in checklists/, loaded into the database.

A file is `<code>-<version>.yaml` with sections of items, each item naming the standard it comes
from. A version once loaded never changes: another standard, or a changed item, is a new file.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

CHECKLIST_DIR = Path(__file__).parent / "checklists"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_FILE = re.compile(r"^(?P<code>[a-z][a-z0-9_]*)-(?P<version>[0-9][0-9a-z.]*)\.yaml$")


class ChecklistError(ValueError):
    """The checklist file is malformed or conflicts with what is loaded."""


@dataclass
class ChecklistFile:
    path: Path
    definition: dict
    sha256: str

    @property
    def code(self) -> str:
        return self.definition["code"]

    @property
    def version(self) -> str:
        return str(self.definition["version"])


def read_checklist(path: Path) -> ChecklistFile:
    raw = path.read_bytes()
    try:
        definition = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise ChecklistError(f"{path.name}: not valid YAML ({error})") from error
    check_definition(definition, path.name)
    match = _FILE.match(path.name)
    if not match or match["code"] != definition["code"] or match["version"] != str(definition["version"]):
        raise ChecklistError(
            f"{path.name}: the file must be named {definition['code']}-{definition['version']}.yaml"
        )
    return ChecklistFile(path=path, definition=definition, sha256=hashlib.sha256(raw).hexdigest())


def checklist_files(directory: Path = CHECKLIST_DIR) -> list[ChecklistFile]:
    return [read_checklist(path) for path in sorted(directory.glob("*.yaml"))]


def all_items(definition: dict) -> dict[str, dict]:
    return {item["key"]: item for section in definition["sections"] for item in section["items"]}


def check_definition(definition, name: str) -> None:
    """Refuse a checklist with a missing part, a duplicate key or an item without its standard."""
    if not isinstance(definition, dict):
        raise ChecklistError(f"{name}: expected a mapping at the top")
    for key in ("code", "version", "title", "sections"):
        if key not in definition:
            raise ChecklistError(f"{name}: missing '{key}'")
    seen: set[str] = set()
    for section in definition["sections"]:
        if (
            not _KEY.match(str(section.get("key", "")))
            or not section.get("items")
            or not section.get("title")
        ):
            raise ChecklistError(f"{name}: every section needs a key (lower case), a title and items")
        for item in section["items"]:
            key = str(item.get("key", ""))
            if not _KEY.match(key) or key in seen:
                raise ChecklistError(f"{name}: item {key!r}: keys are unique and lower case")
            seen.add(key)
            if not item.get("label") or not item.get("standard"):
                raise ChecklistError(f"{name}: item {key!r}: needs a label and the standard it comes from")
