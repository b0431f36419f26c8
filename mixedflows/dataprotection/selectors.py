"""Reads of the breach register, scoped to the user's agency and the breach permission."""

from uuid import UUID

from django.db.models import QuerySet

from mixedflows.core.models import User
from mixedflows.dataprotection.models import Breach, RetentionRun
from mixedflows.dataprotection.records import RecordType


def breaches_of(*, user: User) -> QuerySet[Breach]:
    return Breach.objects.visible_to(user).prefetch_related("notifications")


def breach_for(*, user: User, uuid: UUID | str) -> Breach:
    return breaches_of(user=user).get(uuid=uuid)


def breach_people(*, breach: Breach) -> list[str]:
    """The registration numbers of the people concerned (never their names: the officer may hold no people.view)."""
    return sorted(breach.people.values_list("registration_number", flat=True))


def breach_counts(*, breach: Breach) -> list[tuple[str, object, int]]:
    """(record type, its label, how many) in the record types' order."""
    return [
        (t.value, t.label, breach.affected_counts[t.value])
        for t in RecordType
        if t.value in breach.affected_counts
    ]


def retention_runs_of(*, user: User) -> QuerySet[RetentionRun]:
    """The agency's anonymisation runs, newest first: each with the counts of what it removed, by type."""
    return RetentionRun.objects.visible_to(user).select_related("created_by", "job")[:50]
