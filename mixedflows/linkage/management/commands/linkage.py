"""`mixedflows linkage dedupe|link|train|run|flags`.

dedupe and link read and write CSV files and need no database; train and run use it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mixedflows.linkage.engine import DEFAULT_THRESHOLD

STRICT_HELP = "refuse the file if a value is impossible (a date of birth 1945-04-93, a sex Q) instead of comparing it as missing"


CLUSTERS_HELP = "also write a cluster id per record: the records joined by accepted pairs, one id per person"


def _not_a_threshold(text: str) -> str:
    return _("--threshold %(value)s is not a number between 0 and 1.") % {"value": repr(text)}


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(_not_a_threshold(text)) from None
    if not 0 < value <= 1:
        raise CommandError(_not_a_threshold(text))
    return value


class Command(BaseCommand):
    help = (
        "Record linkage: CSV deduplication and linkage, model training, whole-registry runs, movement flags."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        dedupe = sub.add_parser("dedupe", help="Find records of the same person in one CSV file.")
        dedupe.add_argument("--input", required=True)
        dedupe.add_argument("--output", required=True)
        dedupe.add_argument("--threshold", default=str(DEFAULT_THRESHOLD))
        dedupe.add_argument("--clusters", default="", metavar="FILE", help=CLUSTERS_HELP)
        dedupe.add_argument(
            "--strict",
            action="store_true",
            help=STRICT_HELP,
        )
        link = sub.add_parser("link", help="Find the same people in two CSV files.")
        link.add_argument("--left", required=True)
        link.add_argument("--right", required=True)
        link.add_argument("--output", required=True)
        link.add_argument("--threshold", default=str(DEFAULT_THRESHOLD))
        link.add_argument("--clusters", default="", metavar="FILE", help=CLUSTERS_HELP)
        link.add_argument(
            "--strict",
            action="store_true",
            help=STRICT_HELP,
        )
        sub.add_parser(
            "train", help="Train the model on the registry (no labels) and save it as a new version."
        )
        sub.add_parser("run", help="Whole-registry run: review queue, match notices, movement flags.")
        flags = sub.add_parser("flags", help="Recompute movement flags only.")
        flags.add_argument(
            "--crossings", type=int, default=3, help="circular: at least this many crossings of one border"
        )
        flags.add_argument("--days", type=int, default=365, help="circular: within this many days")

    def handle(self, *args, action, **options):
        say = lambda message: self.stderr.write(message)  # noqa: E731 - progress goes to stderr, results to stdout
        if action in {"dedupe", "link"}:
            self._csv(action, options, say)
            return
        from mixedflows.lib.commands import progress_bar, require_migrated_database

        require_migrated_database()
        if action == "train":
            self._train(say)
        elif action == "run":
            from mixedflows.linkage.tasks import registry_run_execute
            from mixedflows.people.models import Person

            bar = progress_bar(
                2 * Person.objects.filter(retired_at__isnull=True).count(), "linkage run", stream=self.stderr
            )
            result = registry_run_execute(None, bar=bar)
            self.stdout.write(
                _(
                    "%(records)d records, %(pairs)d pairs scored, %(review)d new pairs to review, "
                    "%(notices)d new match notices, %(flags)d movement flags."
                )
                % result
            )
        else:
            from mixedflows.linkage.movements import Rules, flags_compute

            count = flags_compute(
                rules=Rules(circular_crossings=options["crossings"], circular_days=options["days"])
            )
            self.stdout.write(
                ngettext("%(count)d movement flag.", "%(count)d movement flags.", count) % {"count": count}
            )

    def _csv(self, action, options, say):
        from mixedflows.linkage import pipeline
        from mixedflows.linkage.csvio import InputError

        threshold = _threshold(options["threshold"])
        try:
            if action == "dedupe":
                count, impossible = pipeline.dedupe_csv(
                    input_path=options["input"],
                    output_path=options["output"],
                    threshold=threshold,
                    say=say,
                    strict=options["strict"],
                    clusters_path=options["clusters"],
                )
            else:
                count, impossible = pipeline.link_csv(
                    left_path=options["left"],
                    right_path=options["right"],
                    output_path=options["output"],
                    threshold=threshold,
                    say=say,
                    strict=options["strict"],
                    clusters_path=options["clusters"],
                )
        except InputError as error:
            raise CommandError(str(error)) from None
        summary = _("%(count)d pairs at or above %(threshold)s written to %(path)s") % {
            "count": count,
            "threshold": threshold,
            "path": options["output"],
        }
        if impossible:
            summary += _("; compared as missing: %(values)s") % {"values": pipeline.noisy_summary(impossible)}
        if options["clusters"]:
            summary += _("; a cluster id per record written to %(path)s") % {"path": options["clusters"]}
        self.stdout.write(summary)

    def _train(self, say):
        from mixedflows.linkage import engine, registry, services

        table, _snapshot = registry.snapshot()
        if table.num_rows < 100:
            raise CommandError(
                _(
                    "Only %(count)d records: too few to train on (at least 100). The default model stays in use."
                )
                % {"count": table.num_rows}
            )
        model = engine.train([table], progress=say)
        saved = services.model_save(settings=model, records=table.num_rows)
        self.stdout.write(
            _("Linkage model v%(version)d trained on %(count)d records.")
            % {"version": saved.version, "count": table.num_rows}
        )
