"""Reads of referrals and the service directory. Every referral read starts from `visible_to(user)`."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from mixedflows.core.models import Site, User
from mixedflows.core.selectors import agreement_between
from mixedflows.people.models import Person
from mixedflows.people.selectors import field_groups_for
from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.referrals.querysets import ReferralQuerySet
from mixedflows.screening.models import Screening
from mixedflows.screening.outcome import VisibleOutcome, visible_outcome

OPEN = "open"
AWAITING = "awaiting"


def referral_for(*, user: User, uuid: UUID | str) -> Referral:
    """One referral the user's agency sent or received; Referral.DoesNotExist (a 404) otherwise."""
    return (
        Referral.objects.visible_to(user)
        .select_related(
            "person",
            "from_organisation",
            "to_organisation",
            "service_offer__site",
            "screening",
            "created_by",
            "consent_obtained_by",
            "site",
            "grant",
        )
        .get(uuid=uuid)
    )


def filter_referrals(
    queryset: ReferralQuerySet, *, status: str = AWAITING, service: str = "", overdue: bool = False
) -> ReferralQuerySet:
    """The one filter the inbox, the outbox, their htmx partials and (later) the API share.

    Work still to do comes soonest-due first; finished referrals, latest first.
    """
    queryset = (
        queryset.order_by("due_at", "pk")
        if status in (AWAITING, OPEN)
        else queryset.order_by("-due_at", "-pk")
    )
    if status == AWAITING:
        queryset = queryset.filter(status__in=Referral.AWAITING_STATUSES)
    elif status == OPEN:
        queryset = queryset.filter(status__in=Referral.OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if service:
        queryset = queryset.filter(service=service)
    if overdue:
        queryset = queryset.overdue()
    return queryset


def inbox(*, user: User, **filters: Any) -> ReferralQuerySet:
    return filter_referrals(Referral.objects.inbox(user), **filters).select_related(
        "person", "from_organisation"
    )


def outbox(*, user: User, **filters: Any) -> ReferralQuerySet:
    return filter_referrals(Referral.objects.outbox(user), **filters).select_related(
        "person", "to_organisation"
    )


def overdue_count(queryset: ReferralQuerySet) -> int:
    return queryset.overdue().count()


def referrals_of_person(*, user: User, person: Person) -> QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user)
        .filter(person=person)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at")
    )


def person_hidden(*, user: User, referral: Referral) -> bool:
    """After consent is withdrawn the receiving agency keeps only the referral's trace, not who it was about."""
    return referral.consent_withdrawn and referral.to_organisation_id == user.agency.pk


def screening_outcome_for(*, user: User, referral: Referral) -> VisibleOutcome | None:
    """The referral's screening outcome as this user may see it (`screening.outcome.visible_outcome` over
    `field_groups_for`); nothing without a screening or once the person is hidden."""
    screening = referral.screening
    if screening is None or person_hidden(user=user, referral=referral):
        return None
    return visible_outcome(screening, field_groups_for(user=user, person=referral.person))


def screening_of_person(*, user: User, person: Person, uuid: UUID | str) -> Screening:
    """A screening the user's agency made of this person."""
    return Screening.objects.owned_by(user.organisation).get(uuid=uuid, person=person)


# --- the service directory ------------------------------------------------------------------------------


def directory(*, service: str = "", site: Site | None = None) -> QuerySet[ServiceOffer]:
    """Services every signed-in user may look up: who offers what, where. Not personal data."""
    offers = ServiceOffer.objects.filter(active=True).select_related("organisation", "site")
    if service:
        offers = offers.filter(service=service)
    if site is not None:
        offers = offers.filter(Q(site=site) | Q(site__isnull=True))
    return offers.order_by("service", "organisation__name", "site__name")


def offers_of_organisation(*, user: User) -> QuerySet[ServiceOffer]:
    return ServiceOffer.objects.visible_to(user).select_related("site").order_by("service", "site__name")


def offer_for(*, user: User, uuid: UUID | str) -> ServiceOffer:
    return ServiceOffer.objects.visible_to(user).get(uuid=uuid)


@dataclass
class Receiver:
    offer: ServiceOffer
    field_groups: list[str] | None  # None: no agreement in force, the referral cannot be sent


def receivers_for(*, user: User, service: str) -> list[Receiver]:
    """Other agencies offering the service, each with the field groups its agreement lets cross."""
    agreements: dict[int, list[str] | None] = {}
    rows = []
    for offer in directory(service=service).exclude(organisation=user.organisation):
        if offer.organisation_id not in agreements:
            agreement = agreement_between(user.agency, offer.organisation)
            agreements[offer.organisation_id] = sorted(agreement.field_groups) if agreement else None
        rows.append(Receiver(offer, agreements[offer.organisation_id]))
    return rows
