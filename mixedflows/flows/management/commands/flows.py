import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
        pub = sub.add_parser(
            "publish",
            help="Publish a protected table from the current snapshot (as the page does, audited) and write "
            "its HXL CSV and XLSX.",
        )
        pub.add_argument("--user", dest="username", required=True, help="The officer who publishes")
        pub.add_argument("--title", required=True)
        pub.add_argument("--out", required=True, help="Directory for the .csv and .xlsx files")
        pub.add_argument("--source", default="arrivals", choices=["arrivals", "registry"])
        pub.add_argument("--rows", default="nationality")
        pub.add_argument("--cols", default="sex")
        pub.add_argument("--scope", default="", help="route:<uuid>, site:<uuid>, country:<code>, ...")
        pub.add_argument("--category", default="", help="A profile category code (arrivals only)")
        pub.add_argument("--start", help="YYYY-MM-DD (default: as the page)")
        pub.add_argument("--end", help="YYYY-MM-DD (default: today)")
        pub.add_argument("--threshold", type=int, default=5)
        pub.add_argument("--rounding-base", dest="rounding_base", type=int)
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
        if action == "publish":
            return self.publish(options)
        return self.import_survey(options["file"], options["username"])

    def export_survey(self, out: str, organisation: str | None) -> None:
        from mixedflows.flows.survey import xlsform_bytes, xlsform_check

        points = []
        if organisation:  # only this needs the database; the plain form is exported without one
            from mixedflows.flows.models import MonitoringPoint

            require_migrated_database()
            points = list(MonitoringPoint.objects.filter(organisation__short_name=organisation, active=True))
            if not points:
                raise CommandError(
                    _("No monitoring points for the agency %(agency)s.") % {"agency": repr(organisation)}
                )
        data = xlsform_bytes(points)
        try:
            checked = xlsform_check(data)
        except Exception as error:
            raise CommandError(_("The XLSForm does not convert: %(error)s") % {"error": error}) from error
        Path(out).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                _("Survey XLSForm written to %(path)s (checked with %(checker)s).")
                % {"path": out, "checker": checked}
            )
        )

    def snapshot(self) -> None:
        from mixedflows.flows.tasks import snapshot_with_progress

        bar = progress_bar(0, "snapshot", stream=self.stderr)
        result = snapshot_with_progress(bar=bar)
        rows = ", ".join(f"{n} {name}" for name, n in result["rows"].items())
        self.stdout.write(self.style.SUCCESS(_("Snapshot written: %(rows)s.") % {"rows": rows}))

    def publish(self, options) -> None:
        """The table builder's form validates the options, so the command accepts what the page accepts."""
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import transaction

        from mixedflows.core.models import User
        from mixedflows.flows import exports, selectors, services, tables
        from mixedflows.flows.forms import TableForm
        from mixedflows.flows.snapshot import current_snapshot

        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None or user.organisation is None:
            raise CommandError(
                _("No active user %(user)s of an agency.") % {"user": repr(options["username"])}
            )
        fields = ["title", "source", "rows", "cols", "scope", "category", "start", "end", "threshold"]
        data = {name: options[name] for name in fields if options.get(name) not in (None, "")}
        if options.get("rounding_base"):
            data["rounding_base"] = options["rounding_base"]
        form = TableForm(data, scopes=selectors.scope_choices(user=user))
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
            raise CommandError(_("Nothing published: %(errors)s") % {"errors": errors})
        snapshot = current_snapshot()
        if snapshot is None:
            raise CommandError(_("No analytics snapshot yet: run `mixedflows flows snapshot` first."))
        cleaned = {**form.cleaned_data}
        cleaned["start"], cleaned["end"] = form.period()
        try:
            table, spec = tables.protected_table(user=user, data=cleaned, snapshot=snapshot)
            with transaction.atomic():  # a table libhxl refuses is not kept either
                publication = services.publication_table(
                    actor=user,
                    title=cleaned["title"],
                    spec=spec,
                    table=table,
                    snapshot_at=snapshot.finished_at,
                )
                if invalid := exports.hxl_check(exports.hxl_rows(publication)):
                    raise CommandError(
                        _("Nothing published, not valid HXL: %(problems)s") % {"problems": "; ".join(invalid)}
                    )
        except PermissionDenied as error:
            raise CommandError(_("%(user)s may not publish statistics.") % {"user": user.username}) from error
        except (ValueError, ValidationError) as error:
            raise CommandError(_("Nothing published: %(errors)s") % {"errors": error}) from error
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in ("csv", "xlsx"):
            name, content = exports.publication_file(publication, fmt)
            (out / name).write_bytes(content)
            written.append(str(out / name))
        self.stdout.write(
            self.style.SUCCESS(
                _("Published %(title)s (%(suppressed)d cells suppressed): %(files)s")
                % {
                    "title": repr(publication.title),
                    "suppressed": len(table.suppressed),
                    "files": ", ".join(written),
                }
            )
        )

    def import_survey(self, path: str, username: str) -> None:
        from django.core.exceptions import PermissionDenied

        from mixedflows.core.models import User
        from mixedflows.flows.survey_import import SurveyImportError, survey_import

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(user)s.") % {"user": repr(username)})
        try:
            payload = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            ) from error
        try:
            report = survey_import(actor=user, payload=payload)
        except PermissionDenied as error:
            raise CommandError(
                _("%(user)s may not record flow monitoring data.") % {"user": username}
            ) from error
        except SurveyImportError as error:
            for problem in error.report.errors:
                self.stderr.write(problem)
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary() + "."))
