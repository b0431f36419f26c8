from django.core.management.base import BaseCommand, CommandError

from mixedflows.core import encryption
from mixedflows.lib.commands import require_migrated_database


class Command(BaseCommand):
    help = (
        "Field encryption keys: add a key and make it current (new), re-encrypt every encrypted value "
        "under the current key (rotate), or show the keys and how many values each holds (status)."
    )
    # `keys new` must work where the system checks fail for want of a key file (production).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("new", help="Add a key to the key file (made when missing) and make it current")
        rotate = sub.add_parser("rotate", help="Re-encrypt every value that is not under the current key")
        rotate.add_argument("--batch", type=int, default=500, help="Rows per transaction (default 500)")
        sub.add_parser("status", help="The key ids, and how many values are under each")

    def handle(self, *args, action, **options):
        path = encryption.key_file_path()
        if action == "new":
            kid = encryption.add_key(path)
            self.stdout.write(f"Key {kid} added to {path} and made current.")
            self.stdout.write(
                "Back the key file up now (it is the only way to read encrypted values), "
                "then run `mixedflows keys rotate`."
            )
            return
        from mixedflows.core.key_rotation import UNENCRYPTED, key_status, rotate

        try:
            keys = encryption.provider()
            current = keys.current_key_id()
        except encryption.FieldKeyError as error:
            raise CommandError(str(error)) from error
        require_migrated_database()
        if action == "rotate":
            try:
                done = rotate(batch=options["batch"])
            except (encryption.FieldKeyError, encryption.DecryptionError) as error:
                raise CommandError(f"Rotation stopped (batches already done are kept): {error}") from error
            for label, count in done.items():
                self.stdout.write(f"{label}: {count} values re-encrypted under key {current}")
            return
        self.stdout.write(f"Key file: {path}")
        for kid in keys.key_ids():
            self.stdout.write(f"key {kid}{' (current)' if kid == current else ''}")
        for label, counts in key_status().items():
            shown = ", ".join(f"{kid}: {n}" for kid, n in sorted(counts.items())) or "no values"
            self.stdout.write(f"{label}: {shown}")
            if counts.get(UNENCRYPTED):
                self.stdout.write(
                    f"  {counts[UNENCRYPTED]} values are not encrypted: run `mixedflows keys rotate`"
                )
