"""docs/foundation.md's table of roles says what core/roles.py grants."""

import re
from pathlib import Path

from mixedflows.core.roles import ROLE_PERMISSIONS, Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "foundation.md"


def test_the_roles_table_matches_the_code():
    rows = {}
    for line in DOC.read_text().splitlines():
        if match := re.match(r"^\| ([A-Z][^|]+?) \| (.*) \|$", line):
            rows[match.group(1)] = set(re.findall(r"`([a-z_.]+)`", match.group(2)))
    for role in Role:
        assert rows.get(role.label) == set(ROLE_PERMISSIONS[role]), (
            f"{role.label} differs in docs/foundation.md"
        )
