from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from mixedflows.core.models import User
from mixedflows.integrations.models import ApiToken
from mixedflows.integrations.services import token_create, token_revoke
from mixedflows.lib.commands import require_migrated_database


class Command(BaseCommand):
    help = "Personal access tokens for the JSON API: create (printed once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token; its secret is the last word printed.")
        create.add_argument("--user", required=True, help="username (a person or a service account)")
        create.add_argument(
            "--scopes", required=True, help="comma-separated: read, write, or people:read,..."
        )
        create.add_argument("--expires", type=int, default=90, help="days until it expires (1-365)")
        create.add_argument("--name", default="command line", help="what uses it")
        listing = sub.add_parser("list", help="The user's tokens (never their secrets).")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix (shown by list).")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        require_migrated_database()
        if action == "revoke":
            token = ApiToken.objects.select_related("user").filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
            token_revoke(actor=token.user, token=token)
            self.stdout.write(f"Token {token.prefix} revoked.")
            return
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.")
        if action == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "revoked" if token.revoked_at else ("active" if token.active else "expired")
                self.stdout.write(
                    f"{token.prefix}  {state:8} expires {token.expires_at:%Y-%m-%d}  {','.join(token.scopes)}  {token.name}"
                )
            return
        try:
            created = token_create(
                actor=user,
                name=options["name"],
                scopes=options["scopes"].split(","),
                expires_days=options["expires"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        except PermissionDenied as error:
            raise CommandError(f"{options['user']} cannot hold a token: {error}") from error
        token = created.token
        self.stdout.write(
            f"Token {token.prefix} for {user.username}, scopes {','.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d}."
        )
        self.stdout.write("Shown once; keep it secret:")
        self.stdout.write(created.secret)
