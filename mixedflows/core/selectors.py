"""Reads for organisations, sites, users, agreements and jobs, scoped to the user."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from mixedflows.core.models import AuditEvent, DataSharingAgreement, Job, Membership, Organisation, Site, User


def organisations_list() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def sites_list() -> QuerySet[Site]:
    """Sites are not personal data: every signed-in user sees where agencies work."""
    return Site.objects.prefetch_related("organisations")


def users_of_organisation(*, user: User) -> QuerySet[User]:
    if not user.organisation:
        return User.objects.none()
    return (
        User.objects.filter(memberships__organisation=user.organisation)
        .distinct()
        .prefetch_related("memberships__sites")
        .order_by("username")
    )


def staff_member(*, user: User, uuid: UUID | str) -> User:
    """A user of the administrator's own agency (anyone else is not found)."""
    return users_of_organisation(user=user).get(uuid=uuid)


def memberships_visible_to(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.visible_to(user)


def agreement_between(
    from_organisation: Organisation, to_organisation: Organisation
) -> DataSharingAgreement | None:
    """The agreement in force from one organisation to another today, if any."""
    today = timezone.localdate()
    return (
        DataSharingAgreement.objects.filter(
            from_organisation=from_organisation, to_organisation=to_organisation, signed_on__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .first()
    )


def agreements_visible_to(*, user: User) -> QuerySet[DataSharingAgreement]:
    org = user.organisation
    return DataSharingAgreement.objects.filter(
        Q(from_organisation=org) | Q(to_organisation=org)
    ).select_related("from_organisation", "to_organisation")


def audit_events_for(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-id")


def job_for(*, user: User, uuid: UUID | str) -> Job:
    return Job.objects.visible_to(user).get(uuid=uuid)
