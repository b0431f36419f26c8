import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mixedflows.lib.commands import progress_bar, require_migrated_database


class Command(BaseCommand):
    help = "Flow monitoring: refresh the analytics snapshot, export the survey's XLSForm, import survey submissions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "snapshot", help="Write a new Parquet snapshot for the flows pages (no names, no birth dates)."
        )
        export = sub.add_parser("export-survey", help="Write the flow monitoring survey as an XLSForm.")
        export.add_argument("--out", required=True, help="The .xlsx file to write")
        export.add_argument(
            "--organisation", help="Short name of an agency: its monitoring points become a pick list"
        )
        imp = sub.add_parser(
            "import-survey", help="Import ODK Central / Kobo JSON submissions (all or nothing)."
        )
        imp.add_argument("file", help="JSON file of submissions")
        imp.add_argument(
            "--user", dest="username", required=True, help="The enumerator or officer importing them"
        )

    def handle(self, *args, action, **options):
        if action == "export-survey":
            return self.export_survey(options["out"], options.get("organisation"))
        require_migrated_database()
        if action == "snapshot":
            return self.snapshot()
        return self.import_survey(options["file"], options["username"])

    def export_survey(self, out: str, organisation: str | None) -> None:
        from mixedflows.flows.survey import xlsform_bytes, xlsform_check

        points = []
        if organisation:  # only this needs the database; the plain form is exported without one
            from mixedflows.flows.models import MonitoringPoint

            require_migrated_database()
            points = list(MonitoringPoint.objects.filter(organisation__short_name=organisation, active=True))
            if not points:
                raise CommandError(f"No monitoring points for the agency {organisation!r}.")
        data = xlsform_bytes(points)
        try:
            checked = xlsform_check(data)
        except Exception as error:
            raise CommandError(f"The XLSForm does not convert: {error}") from error
        Path(out).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Survey XLSForm written to {out} (checked with {checked})."))

    def snapshot(self) -> None:
        from mixedflows.flows.tasks import snapshot_with_progress

        bar = progress_bar(0, "snapshot", stream=self.stderr)
        result = snapshot_with_progress(bar=bar)
        rows = ", ".join(f"{n} {name}" for name, n in result["rows"].items())
        self.stdout.write(self.style.SUCCESS(f"Snapshot written: {rows}."))

    def import_survey(self, path: str, username: str) -> None:
        from django.core.exceptions import PermissionDenied

        from mixedflows.core.models import User
        from mixedflows.flows.survey_import import SurveyImportError, survey_import

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            payload = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            report = survey_import(actor=user, payload=payload)
        except PermissionDenied as error:
            raise CommandError(f"{username} may not record flow monitoring data.") from error
        except SurveyImportError as error:
            for problem in error.report.errors:
                self.stderr.write(problem)
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary() + "."))
