import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.models import Organisation
from mixedflows.core.roles import Role
from mixedflows.core.services import user_create
from mixedflows.lib.commands import require_migrated_database


class Command(BaseCommand):
    help = (
        "Add the first administrator of an agency (on the server; the web's platform administrator cannot)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add-admin", help="Create an agency administrator; the password is asked twice.")
        add.add_argument("--organisation", required=True, help="Short name of the agency, e.g. AGM")
        add.add_argument("--username", required=True)

    def handle(self, *args, action, organisation, username, **options):
        require_migrated_database()
        org = Organisation.objects.filter(short_name__iexact=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ; nothing was created.")
        try:
            user_create(
                actor=None,
                username=username,
                password=password,
                roles=[Role.AGENCY_ADMINISTRATOR],
                organisation=org,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{username} now administers {org.name}.")
