"""Helpers for management commands: a database check and a progress bar."""

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm


def require_migrated_database() -> None:
    """Stop with a clear message when the database is missing or not migrated."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # an unreachable server or unreadable file
        raise CommandError(
            f"The database cannot be opened ({type(error).__name__}). Check DATABASE_URL."
        ) from error
    if pending:
        raise CommandError(
            f"The database is not migrated ({len(pending)} migrations pending). Run `mixedflows migrate` first."
        )


def progress_bar(total: int, description: str, stream=None):
    return tqdm(total=total, desc=description, unit="rec", file=stream, dynamic_ncols=True, mininterval=0.5)
