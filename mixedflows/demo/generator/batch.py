"""What the demo generator holds while it writes: the invented true person behind records, and one batch of rows
for the bulk inserts."""

import datetime
from dataclasses import dataclass, field


@dataclass
class Individual:
    """The true person behind one or more records (never stored: records are what agencies write)."""

    nationality: str
    sex: str
    dob: datetime.date
    given: tuple
    father: tuple | None
    grandfather: tuple | None
    family: tuple | None
    languages: list[str]
    passport: str = ""


@dataclass
class Batch:
    people: list = field(default_factory=list)
    keys: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    members: list = field(default_factory=list)
    relationships: list = field(default_factory=list)
    encounters: list = field(default_factory=list)
