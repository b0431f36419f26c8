import json

from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.audit import audit_head, audit_verify
from mixedflows.core.models import AuditEvent
from mixedflows.lib.commands import progress_bar, require_migrated_database


class Command(BaseCommand):
    help = "Check the audit trail (verify) or export its chain head for safekeeping elsewhere (head)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute every hash; exit 1 if an entry was altered or removed.")
        head = sub.add_parser("head", help="Print the chain head as JSON (count and last hash).")
        head.add_argument("--out", help="Write it to this file instead")

    def handle(self, *args, action, **options):
        require_migrated_database()
        if action == "head":
            text = json.dumps(audit_head(), indent=2)
            if options.get("out"):
                with open(options["out"], "w") as fh:
                    fh.write(text + "\n")
                self.stdout.write(f"Chain head written to {options['out']}")
            else:
                self.stdout.write(text)
            return
        total = AuditEvent.objects.count()
        bar = progress_bar(total, "verifying", stream=self.stderr)
        result = audit_verify(progress=lambda n: bar.update(1))
        bar.close()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Audit trail broken: {len(result.problems)} problem(s) in {result.checked} events checked."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {result.checked} events, chain verified."))
