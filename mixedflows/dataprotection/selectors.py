"""Reads of the breach register, scoped to the user's agency and the breach permission."""

from uuid import UUID

from django.db.models import Case, Q, QuerySet, Value, When

from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.dataprotection.models import Breach, RetentionRun, SubjectRequest
from mixedflows.dataprotection.records import RecordType
from mixedflows.people.models import Person


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


def subject_requests_of(*, user: User) -> QuerySet[SubjectRequest]:
    """The agency's data-subject requests: open ones first by deadline (so the overdue lead), then answered."""
    closed = Q(status__in=[SubjectRequest.Status.ANSWERED, SubjectRequest.Status.REFUSED])
    return (
        SubjectRequest.objects.visible_to(user)
        .select_related("person", "handled_by")
        .annotate(done=Case(When(closed, then=Value(1)), default=Value(0)))
        .order_by("done", "deadline", "received_on")
    )


def subject_request_for(*, user: User, uuid: UUID | str) -> SubjectRequest:
    return subject_requests_of(user=user).get(uuid=uuid)


def subject_person_for(*, user: User, uuid: UUID | str) -> Person:
    """One of the agency's own person records, for the officer who handles its requests (never another's)."""
    if not user.can(Perm.HANDLE_SUBJECT_REQUESTS):
        raise Person.DoesNotExist
    return Person.objects.owned_by(user.organisation).get(uuid=uuid, merged_into__isnull=True)


def subject_person_by_number(*, user: User, registration_number: str) -> Person | None:
    if not user.can(Perm.HANDLE_SUBJECT_REQUESTS):
        return None
    return (
        Person.objects.owned_by(user.organisation)
        .filter(registration_number=registration_number.strip().upper(), merged_into__isnull=True)
        .first()
    )
