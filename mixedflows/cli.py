"""The `mixedflows` command: one entry point for the project's commands and Django's own.

`mixedflows demo`, `mixedflows audit verify`, `mixedflows migrate`... Two-word
commands (`audit verify`) are management commands with sub-commands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mixedflows", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
