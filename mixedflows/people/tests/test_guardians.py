"""A child's consent is the appointed guardian's: recorded on the person, never the adult the child travels with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent, DataSharingAgreement, FieldGroup, LegalBasis
from mixedflows.people.models import Guardianship, Relationship
from mixedflows.people.services import EncounterContext, arrival_open, relationship_set
from mixedflows.people.services.guardians import guardian_appoint
from mixedflows.referrals.models import Referral
from mixedflows.referrals.services import ConsentMissing, referral_send
from mixedflows.screening.codes import Procedure
from mixedflows.screening.models import Screening
from mixedflows.screening.services import screening_complete, screening_save_section, screening_start

NO_GUARDIAN = "No guardian is recorded for this child"


@pytest.fixture
def travelling_girl(world, register):
    """Senait, 15, travels with a "cousin" who is no relative: he is recorded, but he is not her guardian."""
    boat = arrival_open(
        actor=world.alice,
        label="Night boat",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )
    girl = register(given_name="Senait", sex="F", age=15, group=boat)
    cousin = register(given_name="Dawit", sex="M", age=31, group=boat)
    relationship_set(
        actor=world.alice,
        group=boat,
        person=cousin,
        relative=girl,
        kind=Relationship.Kind.UNRELATED_COMPANION,
    )
    return girl


def _appoint(world, person, **overrides):
    fields = {
        "guardian_name": "Giulia Ferri",
        "guardian_organisation": "Municipal social services",
        "appointed_by": "Juvenile court",
        "appointed_on": timezone.localdate(),
        **overrides,
    }
    return guardian_appoint(actor=world.alice, person=person, **fields)


def test_guardian_consent_for_a_child_with_only_a_travel_companion_is_refused(world, travelling_girl):
    screening = screening_start(actor=world.alice, person=travelling_girl)
    with pytest.raises(ValidationError) as caught:
        screening_save_section(
            actor=world.alice,
            screening=screening,
            section_key="information",
            raw={"information_given": "yes", "legal_basis": "consent_guardian"},
        )
    assert NO_GUARDIAN in caught.value.message_dict["legal_basis"][0]
    screening.refresh_from_db()
    assert screening.answers == {}  # nothing written


def test_a_child_does_not_consent_for_herself(world, travelling_girl):
    screening = screening_start(actor=world.alice, person=travelling_girl)
    with pytest.raises(ValidationError) as caught:
        screening_save_section(
            actor=world.alice,
            screening=screening,
            section_key="information",
            raw={"information_given": "yes", "legal_basis": "consent_person"},
        )
    assert "appointed guardian, not by the child" in caught.value.message_dict["legal_basis"][0]


def test_with_an_appointed_guardian_recorded_the_guardians_consent_stands(world, travelling_girl):
    _appoint(world, travelling_girl)
    screening = screening_start(actor=world.alice, person=travelling_girl)
    screening_save_section(
        actor=world.alice,
        screening=screening,
        section_key="information",
        raw={"information_given": "yes", "legal_basis": "consent_guardian"},
    )
    assert screening_complete(actor=world.alice, screening=screening).status == Screening.Status.COMPLETED


def test_another_basis_for_a_child_needs_its_reason(world, travelling_girl):
    screening = screening_start(actor=world.alice, person=travelling_girl)
    screening_save_section(
        actor=world.alice,
        screening=screening,
        section_key="information",
        raw={"information_given": "yes", "legal_basis": "vital_interest"},
    )
    with pytest.raises(ValidationError) as caught:
        screening_complete(actor=world.alice, screening=screening)
    assert "legal_basis_reason" in caught.value.message_dict
    screening_save_section(
        actor=world.alice,
        screening=screening,
        section_key="information",
        raw={
            "information_given": "yes",
            "legal_basis": "vital_interest",
            "legal_basis_reason": "Best interests of the child, decided by the site supervisor",
        },
    )
    assert screening_complete(actor=world.alice, screening=screening).status == Screening.Status.COMPLETED


def test_a_referral_with_guardian_consent_needs_a_recorded_guardian(world, travelling_girl):
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        signed_on=datetime.date(2026, 1, 1),
    )
    send = {
        "actor": world.alice,
        "person": travelling_girl,
        "to_organisation": world.beta,
        "service": Procedure.CHILD_PROTECTION,
        "legal_basis": LegalBasis.GUARDIAN_CONSENT,
        "consent_given_by": "Dawit, her cousin",
        "consent_obtained_at": timezone.now(),
    }
    with pytest.raises(ConsentMissing) as caught:
        referral_send(**send)
    assert NO_GUARDIAN in caught.value.message_dict["legal_basis"][0]
    assert not Referral.objects.exists()
    _appoint(world, travelling_girl)
    referral = referral_send(**{**send, "consent_given_by": "Giulia Ferri, appointed guardian"})
    assert referral.legal_basis == LegalBasis.GUARDIAN_CONSENT


def test_the_officer_records_the_guardian_on_the_childs_page(client, world, travelling_girl):
    client.force_login(world.alice)
    page = client.get(reverse("people:detail", args=[travelling_girl.uuid])).content.decode()
    assert "No guardian recorded" in page and "Record the appointed guardian" in page
    response = client.post(
        reverse("people:guardian", args=[travelling_girl.uuid]),
        {
            "guardian_name": "Giulia Ferri",
            "guardian_organisation": "Municipal social services",
            "appointed_by": "Juvenile court",
            "appointed_on": timezone.localdate().isoformat(),
            "reference": "114/2026",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Guardian recorded." in page and "Giulia Ferri" in page and "Juvenile court" in page
    event = AuditEvent.objects.filter(object_id=str(travelling_girl.uuid), fields=["guardian"]).get()
    assert event.action == "change"


def test_a_guardian_without_an_organisation_or_in_the_future_is_refused(client, world, travelling_girl):
    client.force_login(world.alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("people:guardian", args=[travelling_girl.uuid]),
        {"guardian_name": "Giulia Ferri", "appointed_by": "Juvenile court", "appointed_on": tomorrow},
        follow=True,
    )
    assert "Organisation: This field is required." in response.content.decode()
    with pytest.raises(ValidationError, match="future"):
        _appoint(world, travelling_girl, appointed_on=tomorrow)
    assert not Guardianship.objects.exists()


def test_a_new_appointment_ends_the_previous_one(world, travelling_girl):
    first = _appoint(world, travelling_girl, appointed_on=timezone.localdate() - datetime.timedelta(days=10))
    second = _appoint(world, travelling_girl, guardian_name="Marco Bellini")
    first.refresh_from_db()
    assert first.ended_on == timezone.localdate() and not first.active and second.active


def test_an_adult_gets_no_guardian(world, register):
    adult = register(given_name="Yonas", age=30)
    with pytest.raises(ValidationError, match="appointed for a child"):
        _appoint(world, adult)
