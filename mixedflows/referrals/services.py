"""Writes for referrals: sending with a legal basis and a grant, the status machine, consent withdrawal."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import LegalBasis, Organisation, Site, User
from mixedflows.core.roles import Perm
from mixedflows.core.selectors import agreement_between
from mixedflows.integrations.services import event_emit
from mixedflows.people.models import AccessGrant, Person
from mixedflows.people.services.guardians import child_consent_problem
from mixedflows.referrals.models import Referral, ReferralStep, ServiceOffer
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.models import Screening

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


def _check_legal_basis(
    *,
    actor: User,
    legal_basis: str,
    consent_given_by: str,
    consent_obtained_at: datetime.datetime | None,
    basis_detail: str,
    override_reason: str,
    now: datetime.datetime,
) -> bool:
    """Raise ConsentMissing unless the basis is complete or overridden by someone allowed to. True when overridden."""
    if not legal_basis:
        if not override_reason.strip():
            raise ConsentMissing(
                {
                    "legal_basis": "A referral cannot be sent without a legal basis: record who gave "
                    "consent (the person or the guardian), who obtained it and when, or "
                    "the vital-interest or mandate ground."
                }
            )
        if not actor.can(Perm.OVERRIDE_CONSENT):
            raise ConsentMissing(
                {
                    "legal_basis": "Only a user allowed to override consent (a supervisor) may send "
                    "a referral without a legal basis."
                }
            )
        return True
    if legal_basis not in LegalBasis.values:
        raise ConsentMissing({"legal_basis": f"Unknown legal basis {legal_basis!r}."})
    errors = {}
    if legal_basis in CONSENT_BASES:
        if not consent_given_by.strip():
            who = (
                "the guardian (name and role)" if legal_basis == LegalBasis.GUARDIAN_CONSENT else "the person"
            )
            errors["consent_given_by"] = f"Say who gave consent: {who}."
        if consent_obtained_at is None:
            errors["consent_obtained_at"] = "Say when consent was obtained."
        elif consent_obtained_at > now + datetime.timedelta(minutes=5):
            errors["consent_obtained_at"] = "Consent cannot be obtained in the future."
    elif not basis_detail.strip():
        errors["basis_detail"] = f"Say what the {LegalBasis(legal_basis).label.lower()} ground is."
    if errors:
        raise ConsentMissing(errors)
    return False


@transaction.atomic
def referral_send(
    *,
    actor: User,
    person: Person,
    to_organisation: Organisation,
    service: str,
    service_offer: ServiceOffer | None = None,
    screening: Screening | None = None,
    urgency: str = "",
    note: str = "",
    legal_basis: str = "",
    consent_given_by: str = "",
    consent_obtained_at: datetime.datetime | None = None,
    basis_detail: str = "",
    override_reason: str = "",
) -> Referral:
    """Send a referral with its legal basis; give the receiving agency a grant limited to the agreement's groups.

    Raises ConsentMissing without a basis (unless overridden by a permitted user), NoAgreement when no
    data-sharing agreement is in force, ValidationError for anything else wrong. Nothing is saved then.
    """
    if not actor.can(Perm.SEND_REFERRALS):
        raise PermissionDenied(Perm.SEND_REFERRALS)
    org = actor.organisation
    if org is None or person.organisation_id != org.pk:
        raise PermissionDenied("only the agency that recorded the person refers them")
    if to_organisation.pk == org.pk:
        raise ValidationError({"to_organisation": _("A referral goes to another agency.")})
    if service not in Procedure.values:
        raise ValidationError({"service": _("Choose a service from the list.")})
    if service_offer is not None and (
        service_offer.organisation_id != to_organisation.pk
        or service_offer.service != service
        or not service_offer.active
    ):
        raise ValidationError(
            {"service_offer": _("That agency does not offer this service there (any more).")}
        )
    if screening is not None and (screening.person_id != person.pk or screening.organisation_id != org.pk):
        raise ValidationError({"screening": _("That screening is not of this person.")})
    urgency = urgency or (screening.urgency if screening else Urgency.NORMAL)
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose an urgency.")})
    now = timezone.now()
    if legal_basis in CONSENT_BASES:
        # A child's consent is the appointed guardian's, recorded on the person: never the adult they travel with.
        whose = "guardian" if legal_basis == LegalBasis.GUARDIAN_CONSENT else "person"
        if problem := child_consent_problem(person, whose):
            raise ConsentMissing({"legal_basis": problem})
    overridden = _check_legal_basis(
        actor=actor,
        legal_basis=legal_basis,
        consent_given_by=consent_given_by,
        consent_obtained_at=consent_obtained_at,
        basis_detail=basis_detail,
        override_reason=override_reason,
        now=now,
    )
    agreement = agreement_between(org, to_organisation)
    if agreement is None:
        raise NoAgreement(
            {
                "to_organisation": f"There is no data-sharing agreement in force from {org.short_name} "
                f"to {to_organisation.short_name}: no data may cross, so the referral "
                "cannot be sent. Your agency administrator records agreements."
            }
        )
    field_groups = sorted(agreement.field_groups)
    referral = Referral.objects.create(
        person=person,
        from_organisation=org,
        to_organisation=to_organisation,
        service=service,
        service_offer=service_offer,
        screening=screening,
        site=_sending_site(person, screening),
        urgency=urgency,
        note=note.strip(),
        legal_basis="" if overridden else legal_basis,
        consent_given_by=consent_given_by.strip() if legal_basis in CONSENT_BASES else "",
        consent_obtained_by=actor if legal_basis in CONSENT_BASES else None,
        consent_obtained_at=consent_obtained_at if legal_basis in CONSENT_BASES else None,
        basis_detail=basis_detail.strip() if legal_basis and legal_basis not in CONSENT_BASES else "",
        consent_override=overridden,
        override_reason=override_reason.strip() if overridden else "",
        field_groups=field_groups,
        status=S.SENT,
        due_at=due_at_for(urgency, now),
        created_by=actor,
        created_at=now,
    )
    referral.grant = AccessGrant.objects.create(
        person=person,
        organisation=to_organisation,
        field_groups=field_groups,
        legal_basis=referral.legal_basis,
        source_type="referral",
        source_id=str(referral.uuid),
        granted_at=now,
        granted_by=actor,
    )
    referral.save(update_fields=["grant"])
    ReferralStep.objects.create(referral=referral, status=S.SENT, at=now, by=actor, organisation=org)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="referral",
        object_id=referral.uuid,
        fields=["service", "to_organisation", "legal_basis", "field_groups"],
        detail={"to": to_organisation.short_name, "service": service, "override": overridden},
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        object_type="person",
        object_id=person.uuid,
        detail={
            "referral": str(referral.uuid),
            "to": to_organisation.short_name,
            "field_groups": field_groups,
        },
    )
    if overridden:
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_OVERRIDE,
            object_type="referral",
            object_id=referral.uuid,
            fields=["override_reason"],
        )
    _emit(referral, S.SENT)
    return referral


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


def _sending_site(person: Person, screening: Screening | None) -> Site | None:
    if screening is not None and screening.site_id:
        return screening.site
    encounter = (
        person.encounters.filter(organisation_id=person.organisation_id).order_by("-occurred_at").first()
    )
    return encounter.site if encounter else None


def _revoke_grant(referral: Referral, now: datetime.datetime) -> None:
    AccessGrant.objects.filter(
        source_type="referral", source_id=str(referral.uuid), revoked_at__isnull=True
    ).update(revoked_at=now)


def referral_viewed(*, actor: User, referral: Referral) -> Referral:
    """Opening a referral's page is an audited view."""
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="referral", object_id=referral.uuid)
    return referral


@transaction.atomic
def referral_transition(*, actor: User, referral: Referral, to_status: str, reason: str = "") -> Referral:
    """Move a referral to its next status, keeping who, when and why. Declining needs a reason."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status not in TRANSITIONS:
        raise InvalidTransition(f"Unknown status {to_status!r}.")
    allowed_from, side = TRANSITIONS[to_status]
    org = actor.organisation
    side_org_id = referral.to_organisation_id if side == "receiver" else referral.from_organisation_id
    if org is None or org.pk != side_org_id:
        raise PermissionDenied(f"only the {side} moves a referral to {to_status}")
    if not actor.can(Perm.RECEIVE_REFERRALS if side == "receiver" else Perm.SEND_REFERRALS):
        raise PermissionDenied("receiving referrals" if side == "receiver" else "sending referrals")
    if referral.status not in allowed_from:
        raise InvalidTransition(
            _("A referral that is %(status)s cannot become %(new)s.")
            % {"status": referral.get_status_display().lower(), "new": S(to_status).label.lower()}
        )
    if to_status in (S.DECLINED, S.WITHDRAWN) and not reason.strip():
        raise ValidationError(
            {
                "reason": _("Give a reason for the referral being %(status)s.")
                % {"status": S(to_status).label.lower()}
            }
        )
    now = timezone.now()
    referral.status = to_status
    referral.status_reason = reason.strip()
    referral.save(update_fields=["status", "status_reason"])
    ReferralStep.objects.create(
        referral=referral, status=to_status, at=now, by=actor, organisation=org, reason=reason.strip()
    )
    if to_status in REVOKES_GRANT:
        _revoke_grant(referral, now)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="referral",
        object_id=referral.uuid,
        fields=["status"],
        detail={"status": to_status},
    )
    _emit(referral, to_status)
    return referral


@transaction.atomic
def referral_consent_withdraw(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The person (or guardian) withdrew consent: sharing with the receiving agency stops.

    Every referral of this person from the sending to the receiving agency keeps only its trace (service,
    dates, status); their grants are revoked and the open ones become withdrawn. The receiving agency sees
    the notice on the referral in its inbox.
    """
    if not actor.can(Perm.SEND_REFERRALS):
        raise PermissionDenied(Perm.SEND_REFERRALS)
    if actor.organisation is None or referral.from_organisation_id != actor.organisation.pk:
        raise PermissionDenied("only the sending agency records a consent withdrawal")
    if referral.consent_withdrawn_at is not None:
        raise ValidationError(_("Consent withdrawal is already recorded on this referral."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Say how the withdrawal was expressed (who, when, in what words): it is kept in the audit trail."
                )
            }
        )
    now = timezone.now()
    affected = list(
        Referral.objects.select_for_update().filter(
            person_id=referral.person_id,
            from_organisation_id=referral.from_organisation_id,
            to_organisation_id=referral.to_organisation_id,
            consent_withdrawn_at__isnull=True,
        )
    )
    for item in affected:
        item.consent_withdrawn_at = now
        fields = ["consent_withdrawn_at"]
        if item.status in Referral.OPEN_STATUSES:
            item.status, item.status_reason = S.WITHDRAWN, "Consent withdrawn"
            fields += ["status", "status_reason"]
            ReferralStep.objects.create(
                referral=item,
                status=S.WITHDRAWN,
                at=now,
                by=actor,
                organisation=actor.organisation,
                reason="Consent withdrawn",  # the receiver sees this; the words are in the audit trail
            )
        item.save(update_fields=fields)
        _revoke_grant(item, now)
        if "status" in fields:
            _emit(item, S.WITHDRAWN)
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_WITHDRAWN,
            object_type="referral",
            object_id=item.uuid,
            fields=fields,
            detail={"reason": reason},
        )
    audit_record(
        actor=actor,
        action=AuditAction.UNSHARE,
        object_type="person",
        object_id=referral.person.uuid,
        detail={"to": referral.to_organisation.short_name, "referrals": len(affected)},
    )
    return Referral.objects.get(pk=referral.pk)


@transaction.atomic
def service_offer_save(
    *,
    actor: User,
    offer: ServiceOffer | None = None,
    site: Site,
    service: str,
    contact: str = "",
    capacity: int | None = None,
    languages: list[str] | None = None,
    active: bool = True,
) -> ServiceOffer:
    """Publish (or change) a service the actor's agency offers at one of its sites."""
    if not actor.can(Perm.MANAGE_SERVICES):
        raise PermissionDenied(Perm.MANAGE_SERVICES)
    org = actor.organisation
    if org is None or (offer is not None and offer.organisation_id != org.pk):
        raise PermissionDenied("only the agency's own offers")
    if service not in Procedure.values:
        raise ValidationError({"service": _("Choose a service from the list.")})
    if site is not None and not site.organisations.filter(pk=org.pk).exists():
        raise ValidationError(
            {
                "site": _("%(agency)s does not work at %(site)s.")
                % {"agency": org.short_name, "site": site.name}
            }
        )
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("Capacity cannot be negative.")})
    created = offer is None
    offer = offer or ServiceOffer(organisation=org)
    offer.site, offer.service, offer.contact = site, service, contact.strip()
    offer.capacity, offer.languages, offer.active = capacity, sorted(set(languages or [])), active
    offer.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        object_type="service_offer",
        object_id=offer.uuid,
        fields=["site", "service", "contact", "capacity", "languages", "active"],
    )
    return offer
