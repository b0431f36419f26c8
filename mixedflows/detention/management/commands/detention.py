from django.core.management.base import BaseCommand, CommandError

from mixedflows.detention.checklists import ChecklistError
from mixedflows.detention.services.checklists import checklists_install
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
            report = checklists_install(actor="mixedflows detention load-checklists")
        except ChecklistError as error:
            raise CommandError(str(error)) from error
        for label, status in report:
            self.stdout.write(f"{label}: {status}")
