from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.models import User
from mixedflows.lib.commands import progress_bar, require_migrated_database
from mixedflows.screening.instruments import InstrumentError, newest_instrument_file
from mixedflows.screening.services import instruments_install
from mixedflows.screening.submissions import ImportFailed, read_submissions, screenings_import
from mixedflows.screening.xlsform import xlsform_check, xlsform_workbook


class Command(BaseCommand):
    help = (
        "Screening instruments: load them, export the current one as an XLSForm, import ODK/Kobo submissions."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load-instruments", help="Load new instrument files; refuse a changed file for a loaded version"
        )
        export = sub.add_parser(
            "export-xlsform", help="Write the current instrument as an XLSForm (checked by pyxform)"
        )
        export.add_argument("--out", required=True, help="The .xlsx file to write")
        export.add_argument("--code", default="protection")
        export.add_argument("--no-validate", action="store_true", help="Skip ODK Validate (it needs Java)")
        imp = sub.add_parser(
            "import-submissions", help="Import an ODK Central or Kobo JSON export, all or nothing"
        )
        imp.add_argument("file")
        imp.add_argument(
            "--user", required=True, help="Username of the protection officer the import runs as"
        )
        imp.add_argument("--code", default="protection")

    def handle(self, *args, action, **options):
        if action == "export-xlsform":
            return self.export_xlsform(options)
        require_migrated_database()
        if action == "load-instruments":
            try:
                report = instruments_install(actor="mixedflows screening load-instruments")
            except InstrumentError as error:
                raise CommandError(str(error)) from error
            for label, status in report:
                self.stdout.write(f"{label}: {status}")
        else:
            self.import_file(options)

    def export_xlsform(self, options):
        """From the instrument file shipped in the package: no database needed."""
        try:
            instrument = newest_instrument_file(options["code"])
        except InstrumentError as error:
            raise CommandError(str(error)) from error
        data = xlsform_workbook(instrument)
        xlsform_check(data, validate=not options["no_validate"])
        Path(options["out"]).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"{instrument.code} v{instrument.version} written to {options['out']} "
                f"(form version {instrument.version})."
            )
        )

    def import_file(self, options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            submissions = read_submissions(Path(options["file"]).read_bytes())
            bar = progress_bar(len(submissions), "checking submissions", stream=self.stderr)
            result = screenings_import(
                actor=user, submissions=submissions, code=options["code"], progress=bar.update
            )
            bar.close()
        except PermissionDenied as error:
            raise CommandError(f"{user.username} may not screen (needs the screening permission).") from error
        except FileNotFoundError as error:
            raise CommandError(f"No file {options['file']}.") from error
        except ImportFailed as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(error.problems)} problem(s).") from error
        for problem in result.refused:
            self.stderr.write(str(problem))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} screenings created, {result.updated} updated, {result.unchanged} unchanged, "
                f"{result.flagged} flagged for review (rejected after import), "
                f"{len(result.refused)} not imported (rejected by a reviewer)."
            )
        )
