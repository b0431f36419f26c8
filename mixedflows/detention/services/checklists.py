from pathlib import Path

from django.db import transaction

from mixedflows.core.audit import audit_files_loaded
from mixedflows.detention.checklists import ChecklistError, checklist_files
from mixedflows.detention.models import ChecklistVersion


def checklists_load(
    *, model: type[ChecklistVersion] = ChecklistVersion, directory: Path | None = None
) -> list[tuple[str, str]]:
    """Load every checklist file not yet in the database; refuse a file changed after it was loaded.

    Returns (checklist, "loaded" | "unchanged") pairs. `model` lets a data migration pass its historical model.
    All or nothing: one refused file loads none.
    """
    files = checklist_files(directory) if directory else checklist_files()
    report = []
    with transaction.atomic():
        for item in files:
            stored = model.objects.filter(code=item.code, version=item.version).first()
            label = f"{item.code} v{item.version}"
            if stored is None:
                model.objects.create(
                    code=item.code,
                    version=item.version,
                    title=item.definition["title"],
                    definition=item.definition,
                    sha256=item.sha256,
                )
                report.append((label, "loaded"))
            elif stored.sha256 != item.sha256:
                used = stored.visits.count() if hasattr(stored, "visits") else 0
                raise ChecklistError(
                    f"{item.path.name} differs from {label} as loaded on {stored.loaded_at:%Y-%m-%d}"
                    + (f" and used in {used} visit(s)" if used else "")
                    + ": a changed checklist is a new version (copy it to a new file with a new version number)."
                )
            else:
                report.append((label, "unchanged"))
    return report


def current_checklist(code: str = "conditions") -> ChecklistVersion:
    """The newest loaded version (ChecklistVersion.DoesNotExist when none is loaded)."""
    versions = list(ChecklistVersion.objects.filter(code=code).only("id", "version"))
    if not versions:
        raise ChecklistVersion.DoesNotExist(
            f"No checklist {code!r} is loaded: run `mixedflows detention load-checklists`."
        )
    newest = max(versions, key=lambda c: tuple(int(p) if p.isdigit() else p for p in c.version.split(".")))
    return ChecklistVersion.objects.get(pk=newest.pk)


@transaction.atomic
def checklists_install(*, actor: str) -> list[tuple[str, str]]:
    """`checklists_load` for the command line, with the load of any new version in the audit trail."""
    return audit_files_loaded(checklists_load(), actor=actor, object_type="detention_checklist")
