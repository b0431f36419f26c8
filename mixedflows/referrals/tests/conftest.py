"""Referral fixtures. Gamma Child Services is a third agency; Alpha refers to Beta under an agreement that lets
identity, screening outcome, trafficking and child protection cross, but not GBV, health, documents or contact."""

import datetime

import pytest
from django.utils import timezone

from mixedflows.core.models import (
    DataSharingAgreement,
    FieldGroup,
    LegalBasis,
    Membership,
    Organisation,
    User,
)
from mixedflows.core.roles import Role
from mixedflows.screening.codes import ProfileCategory, Urgency

AGREED = [
    FieldGroup.IDENTITY,
    FieldGroup.SCREENING_OUTCOME,
    FieldGroup.TRAFFICKING,
    FieldGroup.CHILD_PROTECTION,
]


@pytest.fixture
def agreement(world):
    return DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=AGREED,
        signed_on=datetime.date(2026, 1, 1),
    )


@pytest.fixture
def gamma(world):
    """Gamma Child Services, with Gail, a protection officer."""
    org = Organisation.objects.create(
        name="Gamma Child Services", short_name="GAM", kind=Organisation.Kind.GOVERNMENT
    )
    gail = User.objects.create_user("gail", password="a-long-test-password")
    Membership.objects.create(user=gail, organisation=org, role=Role.PROTECTION_OFFICER)
    world.gamma, world.gail = org, User.objects.get(pk=gail.pk)
    return org


@pytest.fixture
def screen(world):
    """Record a completed screening directly (the screening app builds the real pages)."""
    from mixedflows.screening.models import Instrument, Screening

    instrument = Instrument.objects.create(
        code="test-prescreening", version="1", title="Test pre-screening", definition={}, sha256="0" * 64
    )

    def _screen(person, *, categories, urgency=Urgency.NORMAL, procedures=(), user=None, site=None, at=None):
        at = at or timezone.now()
        return Screening.objects.create(
            organisation=person.organisation,
            person=person,
            site=site or world.quay,
            instrument=instrument,
            status=Screening.Status.COMPLETED,
            categories=list(categories),
            urgency=urgency,
            procedures=list(procedures),
            performed_by=user or world.alice,
            started_at=at,
            completed_at=at,
        )

    return _screen


@pytest.fixture
def girl(register, screen):
    """A 15-year-old girl: unaccompanied, presumed victim of trafficking, GBV survivor; immediate."""
    person = register(
        given_name="Senait",
        fathers_name="Tesfaye",
        sex="F",
        age=15,
        nationality="ERI",
        phone="+39 333 0000000",
        guardian=True,
    )
    screening = screen(
        person,
        urgency=Urgency.IMMEDIATE,
        categories=[
            ProfileCategory.UNACCOMPANIED_CHILD,
            ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING,
            ProfileCategory.GBV_SURVIVOR,
        ],
        procedures=["child_protection", "anti_trafficking_identification"],
    )
    return person, screening


@pytest.fixture
def consent():
    return {
        "legal_basis": LegalBasis.GUARDIAN_CONSENT,
        "consent_given_by": "Appointed guardian (Gamma social worker)",
        "consent_obtained_at": timezone.now() - datetime.timedelta(minutes=10),
    }
