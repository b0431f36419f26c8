from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.detention.checklists import ChecklistError
from mixedflows.detention.services.checklists import checklists_load
from mixedflows.lib.commands import require_migrated_database


class Command(BaseCommand):
    help = "Detention monitoring: load conditions checklist versions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load-checklists", help="Load new checklist files; refuse a changed file for a loaded version"
        )

    def handle(self, *args, action, **options):
        require_migrated_database()
        try:
            report = checklists_load()
        except ChecklistError as error:
            raise CommandError(str(error)) from error
        for label, status in report:
            self.stdout.write(f"{label}: {status}")
        if loaded := [label for label, status in report if status == "loaded"]:
            audit_record(
                actor="mixedflows detention load-checklists",
                action=AuditAction.LOAD,
                object_type="detention_checklist",
                detail={"loaded": loaded},
            )
