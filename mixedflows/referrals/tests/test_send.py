"""Sending a referral: a legal basis or an audited override, an agreement in force, a grant limited to it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent, FieldGroup, LegalBasis
from mixedflows.people.models import AccessGrant
from mixedflows.referrals.models import Referral, ReferralStep
from mixedflows.referrals.services import ConsentMissing, NoAgreement, referral_send
from mixedflows.referrals.tests.conftest import AGREED
from mixedflows.screening.codes import Procedure


def _nothing_saved():
    assert Referral.objects.count() == 0
    assert ReferralStep.objects.count() == 0
    assert AccessGrant.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="referral").exists()
    assert not AuditEvent.objects.filter(action="share").exists()


def test_without_legal_basis_refused_with_clear_message_and_nothing_saved(world, agreement, girl):
    person, _ = girl
    with pytest.raises(ConsentMissing) as caught:
        referral_send(
            actor=world.alice, person=person, to_organisation=world.beta, service=Procedure.CHILD_PROTECTION
        )
    assert "cannot be sent without a legal basis" in caught.value.message_dict["legal_basis"][0]
    assert isinstance(caught.value, ValidationError)
    _nothing_saved()


def test_consent_needs_who_gave_it_and_when(world, agreement, girl):
    person, _ = girl
    with pytest.raises(ConsentMissing) as caught:
        referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.CHILD_PROTECTION,
            legal_basis=LegalBasis.GUARDIAN_CONSENT,
        )
    assert "guardian" in caught.value.message_dict["consent_given_by"][0]
    assert "when" in caught.value.message_dict["consent_obtained_at"][0]
    with pytest.raises(ConsentMissing) as caught:
        referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.MEDICAL_CARE,
            legal_basis=LegalBasis.VITAL_INTEREST,
        )
    assert "vital interest" in caught.value.message_dict["basis_detail"][0]
    _nothing_saved()


def test_consent_cannot_be_obtained_in_the_future(world, agreement, girl):
    person, _ = girl
    with pytest.raises(ConsentMissing, match="future"):
        referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.SHELTER,
            legal_basis=LegalBasis.GUARDIAN_CONSENT,  # she is 15: her guardian consents
            consent_given_by="Giulia Ferri, appointed guardian",
            consent_obtained_at=timezone.now() + datetime.timedelta(days=1),
        )
    _nothing_saved()


def test_protection_officer_may_not_override(world, agreement, girl):
    person, _ = girl
    with pytest.raises(ConsentMissing, match="Only a user allowed to override"):
        referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.SHELTER,
            override_reason="No time",
        )
    _nothing_saved()


def test_supervisor_override_is_recorded_audited_and_shown(client, world, agreement, girl):
    person, _ = girl
    referral = referral_send(
        actor=world.adam,
        person=person,
        to_organisation=world.beta,
        service=Procedure.MEDICAL_CARE,
        override_reason="Unconscious, no guardian reachable",
    )
    assert referral.consent_override and referral.legal_basis == ""
    assert referral.override_reason == "Unconscious, no guardian reachable"
    event = AuditEvent.objects.get(action="consent_override", object_id=str(referral.uuid))
    assert event.actor == world.adam and event.fields == ["override_reason"]
    for user in (world.adam, world.bob):
        client.force_login(user)
        page = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
        assert "consent override" in page and "Unconscious, no guardian reachable" in page


def test_no_agreement_refused(world, girl, consent):
    person, _ = girl
    with pytest.raises(NoAgreement) as caught:
        referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.CHILD_PROTECTION,
            **consent,
        )
    assert (
        "no data-sharing agreement in force from ALP to BET"
        in caught.value.message_dict["to_organisation"][0]
    )
    _nothing_saved()


def test_expired_agreement_is_no_agreement(world, agreement, girl, consent):
    agreement.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    agreement.save()
    with pytest.raises(NoAgreement):
        referral_send(
            actor=world.alice,
            person=girl[0],
            to_organisation=world.beta,
            service=Procedure.CHILD_PROTECTION,
            **consent,
        )
    _nothing_saved()


def test_grant_limited_to_agreement_groups(world, agreement, girl, consent):
    person, screening = girl
    referral = referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.CHILD_PROTECTION,
        screening=screening,
        **consent,
    )
    grant = AccessGrant.objects.get()
    assert referral.grant == grant
    assert grant.organisation == world.beta and grant.person == person
    assert sorted(grant.field_groups) == sorted(AGREED) == sorted(referral.field_groups)
    assert FieldGroup.GBV not in grant.field_groups
    assert grant.source_type == "referral" and grant.source_id == str(referral.uuid)
    assert grant.legal_basis == LegalBasis.GUARDIAN_CONSENT
    assert referral.consent_obtained_by == world.alice
    assert referral.urgency == "immediate"  # from the screening
    assert referral.site == world.quay
    assert AuditEvent.objects.filter(action="share", object_id=str(person.uuid)).exists()


def test_only_own_people_and_other_agencies(world, agreement, register, consent):
    betas = register(user=world.bob, given_name="Yonas")
    with pytest.raises(PermissionDenied):
        referral_send(
            actor=world.alice, person=betas, to_organisation=world.beta, service=Procedure.SHELTER, **consent
        )
    mine = register(given_name="Abel")
    with pytest.raises(ValidationError, match="another agency"):
        referral_send(
            actor=world.alice, person=mine, to_organisation=world.alpha, service=Procedure.SHELTER, **consent
        )
    with pytest.raises(PermissionDenied):
        referral_send(
            actor=world.ada, person=mine, to_organisation=world.beta, service=Procedure.SHELTER, **consent
        )
    _nothing_saved()


def test_screening_of_another_person_refused(world, agreement, girl, register, consent):
    _, screening = girl
    other = register(given_name="Abel")
    with pytest.raises(ValidationError, match="not of this person"):
        referral_send(
            actor=world.alice,
            person=other,
            to_organisation=world.beta,
            service=Procedure.SHELTER,
            screening=screening,
            **consent,
        )
    _nothing_saved()
