import json

from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.audit import (
    HeadFileError,
    audit_head,
    audit_verify,
    export_head,
    head_history,
    read_head,
)
from mixedflows.core.models import AuditEvent
from mixedflows.core.tasks import audit_head_export_schedule
from mixedflows.lib.commands import progress_bar, require_migrated_database


class Command(BaseCommand):
    help = "Check the audit trail (verify) or export its chain head for safekeeping elsewhere (head, export-head)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Recompute every hash; exit 1 if an entry was altered or removed."
        )
        verify.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="FILE",
            help="A head exported earlier (`audit head --out`): the chain must still contain it",
        )
        verify.add_argument(
            "--no-history",
            action="store_true",
            help="Do not check the heads kept in MIXEDFLOWS_AUDIT_HEAD_DIR",
        )
        head = sub.add_parser("head", help="Print the chain head as JSON (count, last hash, its seal).")
        head.add_argument("--out", help="Write it to this file instead")
        sub.add_parser(
            "export-head",
            help="Keep the head now in MIXEDFLOWS_AUDIT_HEAD_DIR (and MIXEDFLOWS_AUDIT_HEAD_COMMAND)",
        )
        sub.add_parser(
            "schedule-head-export", help="Queue the background task that exports the head regularly"
        )

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
        if action == "export-head":
            self.stdout.write(f"Chain head kept in {export_head()}")
            return
        if action == "schedule-head-export":
            queued = audit_head_export_schedule()
            self.stdout.write("Head export queued." if queued else "A head export is already queued.")
            return
        try:
            heads = [read_head(path) for path in options["head"]]
        except HeadFileError as error:
            raise CommandError(str(error)) from error
        history = [] if options["no_history"] else head_history()
        total = AuditEvent.objects.count()
        bar = progress_bar(total, "verifying", stream=self.stderr)
        result = audit_verify(progress=lambda n: bar.update(1), heads=[*heads, *history])
        bar.close()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Audit trail broken: {len(result.problems)} problem(s) in {result.checked} events checked."
            )
        against = f", against {len(heads) + len(history)} exported head(s)" if heads or history else ""
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail intact: {result.checked} events, chain verified{against}.")
        )
