"""What the referral services share: the status machine's table, due times, the errors, the grant and event helpers."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from mixedflows.core.models import LegalBasis
from mixedflows.integrations.services import event_emit
from mixedflows.people.models import AccessGrant
from mixedflows.referrals.models import Referral
from mixedflows.screening.codes import Urgency

S = Referral.Status


# status -> (statuses it may come from, which side moves it)
TRANSITIONS: dict[str, tuple[set[Referral.Status], str]] = {
    S.ACKNOWLEDGED: ({S.SENT}, "receiver"),
    S.ACCEPTED: ({S.SENT, S.ACKNOWLEDGED}, "receiver"),
    S.DECLINED: ({S.SENT, S.ACKNOWLEDGED}, "receiver"),
    S.COMPLETED: ({S.ACCEPTED}, "receiver"),
    S.WITHDRAWN: ({S.SENT, S.ACKNOWLEDGED, S.ACCEPTED}, "sender"),
}


# Sharing stops when the referral ends without the service: the grant goes with it.
REVOKES_GRANT = {S.DECLINED, S.WITHDRAWN}


DEFAULT_DUE_HOURS: dict[str, int] = {Urgency.IMMEDIATE: 24, Urgency.HIGH: 72, Urgency.NORMAL: 14 * 24}


CONSENT_BASES = {LegalBasis.CONSENT, LegalBasis.GUARDIAN_CONSENT}


class InvalidTransition(ValidationError):
    pass


class ConsentMissing(ValidationError):
    """A referral without a recorded legal basis, and no permitted override."""


class NoAgreement(ValidationError):
    """No data-sharing agreement in force from the sending to the receiving agency."""


def due_hours(urgency: str) -> int:
    """Hours the receiving agency has to answer, by urgency (settings.MIXEDFLOWS_REFERRAL_DUE_HOURS)."""
    configured = getattr(settings, "MIXEDFLOWS_REFERRAL_DUE_HOURS", {}) or {}
    return int(configured.get(urgency, DEFAULT_DUE_HOURS.get(urgency, DEFAULT_DUE_HOURS[Urgency.NORMAL])))


def due_at_for(urgency: str, sent_at: datetime.datetime) -> datetime.datetime:
    return sent_at + datetime.timedelta(hours=due_hours(urgency))


def _emit(referral: Referral, status: str) -> None:
    """Tell both agencies' subscribed systems, once the change commits: identifiers and codes, no personal data."""
    data = {
        "referral": str(referral.uuid),
        "status": status,
        "service": referral.service,
        "urgency": referral.urgency,
        "from_organisation": referral.from_organisation.short_name,
        "to_organisation": referral.to_organisation.short_name,
    }
    if referral.consent_withdrawn_at is None:
        data["person"] = str(referral.person.uuid)
    event_emit(
        event=f"referral.{status}",
        organisations=[referral.from_organisation, referral.to_organisation],
        data=data,
    )


def _revoke_grant(referral: Referral, now: datetime.datetime) -> None:
    AccessGrant.objects.active().filter(source_type="referral", source_id=str(referral.uuid)).update(
        revoked_at=now
    )
