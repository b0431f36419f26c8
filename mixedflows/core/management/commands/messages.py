from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mixedflows.lib.catalogues import compile_catalogues, update_catalogues


class Command(BaseCommand):
    help = "Update every app's translation catalogues from the marked strings, then compile them."

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true", help="only compile the .po files")
        parser.add_argument("-l", "--language", action="append", help="only this language (repeatable)")

    def handle(self, *args, compile_only, language, **options):
        if not compile_only:
            update_catalogues(language)
        problems = compile_catalogues()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(_("Catalogues up to date and compiled."))
