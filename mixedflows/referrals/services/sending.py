"""Sending a referral: a legal basis (consent, a guardian's, or a permitted override), an agreement, a grant."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import LegalBasis, Organisation, Site, User
from mixedflows.core.roles import Perm
from mixedflows.core.selectors import agreement_between
from mixedflows.people.models import AccessGrant, Person
from mixedflows.people.services.guardians import child_consent_problem
from mixedflows.referrals.models import Referral, ReferralStep, ServiceOffer
from mixedflows.referrals.services.common import (
    CONSENT_BASES,
    ConsentMissing,
    NoAgreement,
    S,
    _emit,
    due_at_for,
)
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.models import Screening


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
    if person.restricted_at is not None:
        raise ValidationError(
            _(
                "The person asked that the processing of their data be restricted: no referral or other "
                "sharing may start from this record while the restriction lasts. The data protection officer "
                "lifts it."
            )
        )
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


def _sending_site(person: Person, screening: Screening | None) -> Site | None:
    if screening is not None and screening.site_id:
        return screening.site
    encounter = (
        person.encounters.filter(organisation_id=person.organisation_id).order_by("-occurred_at").first()
    )
    return encounter.site if encounter else None


def referral_viewed(*, actor: User, referral: Referral) -> Referral:
    """Opening a referral's page is an audited view."""
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="referral", object_id=referral.uuid)
    return referral
