"""Apps import only the apps below them (docs/contributing.md, "One shape per app"): `core` knows none of them.

A page that shows another app's panel embeds it by URL (AppConfig `person_panels`, `home_panels`,
`registration_lookups`); a form that names a service field otherwise says so in `service_fields`.
Tests and migrations are left out: tests exercise the whole installed project.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mixedflows"

_BASE = {"lib", "core", "integrations"}
# What each package may import besides itself. `integrations` is the API and import library under the apps.
MAY_IMPORT = {
    "lib": set(),
    "core": {"lib"},
    "integrations": {"lib", "core"},
    "people": _BASE,
    "screening": _BASE | {"people"},
    "referrals": _BASE | {"people", "screening"},
    "cases": _BASE | {"people", "screening", "referrals"},
    "detention": _BASE | {"people", "screening", "referrals", "cases"},
    "linkage": _BASE | {"people"},
    "outreach": _BASE | {"people"},
    "training": _BASE,
    "flows": _BASE | {"people", "screening", "referrals", "cases", "detention", "linkage"},
    # The data protection officer's registers: retention and subject requests reach every app's records.
    "dataprotection": _BASE | {"people", "screening", "referrals", "cases", "detention"},
    # Issue 13: cooperation between agencies and States depends on core (and people) only.
    "cooperation": _BASE | {"people"},
    "demo": _BASE
    | {
        "people",
        "screening",
        "referrals",
        "cases",
        "detention",
        "linkage",
        "flows",
        "outreach",
        "training",
        "cooperation",
        "dataprotection",  # the demo's data-subject requests (agm.dpo)
    },
}


def imported_packages(path: Path) -> set[str]:
    """The `mixedflows.<package>` names a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = (
                [node.module] if node.module != "mixedflows" else [f"mixedflows.{a.name}" for a in node.names]
            )
        else:
            continue
        found |= {
            name.split(".")[1] for name in names if name.startswith("mixedflows.") and name.count(".") >= 1
        }
    return found


def _modules(package: str):
    for path in sorted((PACKAGE / package).rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def test_every_package_is_in_the_table():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(MAY_IMPORT), "add the new package to MAY_IMPORT with the packages it may import"


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_no_package_imports_one_above_it(package):
    upward = {
        f"{path.relative_to(PACKAGE.parent)} imports mixedflows.{name}"
        for path in _modules(package)
        for name in imported_packages(path) - MAY_IMPORT[package] - {package}
        if (PACKAGE / name / "__init__.py").exists()
    }
    assert not upward, sorted(upward)


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from mixedflows.people.forms import country_code\nimport mixedflows.cases.models\n"
    )
    assert imported_packages(module) == {"people", "cases"}


# Modules besides services that write the audit trail, and why: each is itself the writer of what it records.
AUDIT_WRITERS = {
    "core/audit.py": "the trail itself",
    "core/signin.py": "sign-in and sign-out are the event (no service owns a session)",
    "core/mfa.py": "second-factor enrolment and checks, written where they happen",
    "core/middleware.py": "a session ended by the middleware",
    "core/admin.py": "the technical administration's every page and change",
    "core/deletion.py": "the erasure of personal data across apps",
    "integrations/apikit.py": "every API call, whatever service it reaches",
    "screening/submissions.py": "the ODK/Kobo import service",
    "flows/survey_import.py": "the flow survey import service",
    "flows/downloads.py": "the chart and publication export services",
    "demo/": "invented data, loaded in bulk with one event per batch",
}


def _calls_audit_record(path: Path) -> bool:
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit_record"
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
    )


def test_views_selectors_and_commands_leave_the_audit_to_services():
    writers = {
        str(path.relative_to(PACKAGE))
        for package in MAY_IMPORT
        for path in _modules(package)
        if _calls_audit_record(path)
    }
    outside = {
        name
        for name in writers
        if "/services" not in name and not any(name.startswith(allowed) for allowed in AUDIT_WRITERS)
    }
    assert not outside, f"move these audit writes into a service: {sorted(outside)}"


# Files written that a spreadsheet opens, where a cell starting with = + - @ would run, are written through
# `mixedflows.lib.cells` (`neutralise`, `csv_text`). These write something else, and say what.
NOT_FOR_SPREADSHEETS = {
    "lib/cells.py": "the guard itself",
    "linkage/csvio.py": "record ids of the caller's own file, returned unchanged to be joined back",
    "linkage/synthetic/__init__.py": "invented records for the benchmarks",
    "flows/survey.py": "the survey's XLSForm: its relevance and constraint columns are expressions on purpose",
}
_WRITERS = ("csv.writer(", "csv.DictWriter(", "Workbook(")


def test_every_exporter_writes_through_the_formula_guard():
    unguarded = set()
    for package in MAY_IMPORT:
        for path in _modules(package):
            name, text = str(path.relative_to(PACKAGE)), path.read_text()
            if name in NOT_FOR_SPREADSHEETS or package == "demo":
                continue
            if any(writer in text for writer in _WRITERS) and "mixedflows.lib.cells import" not in text:
                unguarded.add(name)
    assert not unguarded, f"write these through mixedflows.lib.cells: {sorted(unguarded)}"
