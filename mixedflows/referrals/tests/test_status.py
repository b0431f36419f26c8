"""The status machine, due dates by urgency, overdue referrals, consent withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.people.models import AccessGrant
from mixedflows.referrals.models import Referral
from mixedflows.referrals.services import (
    InvalidTransition,
    due_hours,
    referral_consent_withdraw,
    referral_send,
    referral_transition,
)
from mixedflows.screening.codes import Procedure, Urgency

S = Referral.Status


@pytest.fixture
def referral(world, agreement, girl, consent):
    person, screening = girl
    return referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.CHILD_PROTECTION,
        screening=screening,
        **consent,
    )


def test_full_path_keeps_who_and_when(world, referral):
    referral_transition(actor=world.bob, referral=referral, to_status=S.ACKNOWLEDGED)
    referral_transition(actor=world.bea, referral=referral, to_status=S.ACCEPTED)
    referral = referral_transition(actor=world.bob, referral=referral, to_status=S.COMPLETED)
    assert referral.status == S.COMPLETED
    steps = list(referral.steps.values_list("status", "by__username", "organisation__short_name"))
    assert steps == [
        ("sent", "alice", "ALP"),
        ("acknowledged", "bob", "BET"),
        ("accepted", "bea", "BET"),
        ("completed", "bob", "BET"),
    ]
    assert all(step.at for step in referral.steps.all())


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        ([], S.COMPLETED),  # sent cannot jump to completed
        ([S.ACKNOWLEDGED], S.ACKNOWLEDGED),
        ([S.ACCEPTED], S.DECLINED),
        ([S.ACCEPTED, S.COMPLETED], S.ACCEPTED),
    ],
)
def test_invalid_transitions_refused(world, referral, path, bad):
    for status in path:
        referral_transition(actor=world.bob, referral=referral, to_status=status)
    before = referral.steps.count()
    with pytest.raises(InvalidTransition, match="cannot become"):
        referral_transition(actor=world.bob, referral=referral, to_status=bad, reason="x")
    assert referral.steps.count() == before


def test_withdrawn_and_completed_are_final(world, referral):
    referral_transition(actor=world.alice, referral=referral, to_status=S.WITHDRAWN, reason="Family found")
    with pytest.raises(InvalidTransition):
        referral_transition(actor=world.bob, referral=referral, to_status=S.ACCEPTED)
    with pytest.raises(InvalidTransition):
        referral_transition(actor=world.bob, referral=referral, to_status="closed")


def test_decline_needs_a_reason(world, referral):
    with pytest.raises(ValidationError) as caught:
        referral_transition(actor=world.bob, referral=referral, to_status=S.DECLINED, reason="  ")
    assert "reason" in caught.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    referral_transition(actor=world.bob, referral=referral, to_status=S.DECLINED, reason="No places left")
    referral.refresh_from_db()
    assert referral.status == S.DECLINED and referral.status_reason == "No places left"
    assert AccessGrant.objects.get().revoked_at is not None  # declined: sharing stops


def test_each_side_moves_only_its_steps(world, referral):
    with pytest.raises(PermissionDenied):
        referral_transition(actor=world.alice, referral=referral, to_status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        referral_transition(actor=world.bob, referral=referral, to_status=S.WITHDRAWN, reason="x")


def test_due_date_follows_urgency(world, agreement, register, consent, settings):
    person = register(given_name="Abel")
    sent = []
    for urgency in (Urgency.IMMEDIATE, Urgency.HIGH, Urgency.NORMAL):
        referral = referral_send(
            actor=world.alice,
            person=person,
            to_organisation=world.beta,
            service=Procedure.SHELTER,
            urgency=urgency,
            **consent,
        )
        sent.append(round((referral.due_at - referral.created_at).total_seconds() / 3600))
    assert sent == [24, 72, 14 * 24]
    settings.MIXEDFLOWS_REFERRAL_DUE_HOURS = {"immediate": 4}
    assert due_hours(Urgency.IMMEDIATE) == 4 and due_hours(Urgency.HIGH) == 72


def test_overdue_computation(world, referral):
    now = timezone.now()
    assert not referral.is_overdue and not Referral.objects.overdue().exists()
    Referral.objects.filter(pk=referral.pk).update(due_at=now - datetime.timedelta(minutes=1))
    referral.refresh_from_db()
    assert referral.is_overdue and list(Referral.objects.overdue()) == [referral]
    referral_transition(actor=world.bob, referral=referral, to_status=S.ACKNOWLEDGED)
    assert Referral.objects.overdue().count() == 1  # acknowledged is not an answer yet
    referral_transition(actor=world.bob, referral=referral, to_status=S.ACCEPTED)
    referral.refresh_from_db()
    assert not referral.is_overdue and not Referral.objects.overdue().exists()


def test_consent_withdrawal_revokes_access_and_keeps_a_trace(client, world, referral, girl):
    person, _ = girl
    client.force_login(world.bob)
    assert client.get(reverse("people:detail", args=[person.uuid])).status_code == 200
    with pytest.raises(PermissionDenied):
        referral_consent_withdraw(actor=world.bob, referral=referral, reason="She said so at the desk")
    referral = referral_consent_withdraw(
        actor=world.alice, referral=referral, reason="She said so at the desk"
    )
    assert referral.consent_withdrawn_at is not None and referral.status == S.WITHDRAWN
    assert AccessGrant.objects.get().revoked_at is not None
    assert client.get(reverse("people:detail", args=[person.uuid])).status_code == 404
    assert client.get(reverse("referrals:person_panel", args=[person.uuid])).status_code == 404
    assert client.get(reverse("screening:panel", args=[person.uuid])).status_code == 404
    page = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert "Consent was withdrawn" in page and "no longer has access" in page
    assert "Child protection" in page  # the trace: service, dates, status
    assert person.registration_number not in page and "Senait" not in page and "guardian" not in page
    assert "Unaccompanied" not in page
    inbox = client.get(reverse("referrals:inbox"), {"status": ""}).content.decode()
    assert "consent withdrawn: no longer shared" in inbox and person.registration_number not in inbox
    with pytest.raises(ValidationError, match="already recorded"):
        referral_consent_withdraw(actor=world.alice, referral=referral, reason="She said so at the desk")


def test_moving_a_referral_needs_the_permission_of_its_side(world, referral):
    """Beth administers Beta: she cannot accept a referral for a service on its behalf."""
    with pytest.raises(PermissionDenied):
        referral_transition(actor=world.beth, referral=referral, to_status=S.ACCEPTED)
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
