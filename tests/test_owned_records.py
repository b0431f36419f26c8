"""Every model that holds an organisation's rows answers `visible_to(user)`, as every URL answers 404.

A model with an `organisation` field whose manager has no `visible_to` fails
`test_every_owned_model_has_visible_to`: derive it from `core.OwnedModel` (or give its queryset an
`OwnedQuerySet` subclass), or, when its rows are never read for a user, say why in `NOT_READ_FOR_A_USER`.
"""

import pytest
from django.apps import apps

from mixedflows.core.models import Membership
from mixedflows.people.models import AccessGrant

# Rows never listed or opened for a signed-in user, so there is nothing for visible_to to scope.
NOT_READ_FOR_A_USER = {
    "core.AuditEvent": "the audit trail is read by `audit verify`, never by a user of an agency",
}

NOT_YET_MOVED: set[str] = set()


def _owned_models():
    for model in apps.get_models():
        if model.__module__.startswith("mixedflows.") and any(
            f.name == "organisation" for f in model._meta.get_fields()
        ):
            yield model


def test_every_owned_model_has_visible_to():
    exempt = set(NOT_READ_FOR_A_USER) | NOT_YET_MOVED
    missing = sorted(
        m._meta.label
        for m in _owned_models()
        if m._meta.label not in exempt and not hasattr(m._default_manager, "visible_to")
    )
    assert not missing, f"models with an organisation but no visible_to(user): {missing}"


def test_the_exemptions_are_not_stale():
    labels = {m._meta.label: m for m in _owned_models()}
    stale = sorted(
        label
        for label in set(NOT_READ_FOR_A_USER) | NOT_YET_MOVED
        if label not in labels or hasattr(labels[label]._default_manager, "visible_to")
    )
    assert not stale, f"exempted but already scoped (or gone): remove {stale} from the lists"


@pytest.mark.django_db
def test_visible_to_and_owned_by_keep_to_one_organisation(world):
    alpha_members = set(Membership.objects.filter(organisation=world.alpha))
    assert set(Membership.objects.visible_to(world.alice)) == alpha_members
    assert set(Membership.objects.owned_by(world.beta)) == set(
        Membership.objects.filter(organisation=world.beta)
    )
    assert not Membership.objects.owned_by(None).exists()


@pytest.mark.django_db
def test_a_user_of_no_organisation_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    from mixedflows.core.models import User

    platform_admin = User.objects.create_user("pat", password="a-long-test-password")
    assert not Membership.objects.visible_to(platform_admin).exists()
    assert not Membership.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_active_grants_are_the_unrevoked_ones_given_to_an_organisation(world, register):
    from django.utils import timezone

    person = register(given_name="Samir")
    grant = {"person": person, "legal_basis": "consent", "source_type": "referral", "granted_by": world.alice}
    to_beta = AccessGrant.objects.create(organisation=world.beta, source_id="1", **grant)
    AccessGrant.objects.create(organisation=world.beta, source_id="2", revoked_at=timezone.now(), **grant)
    to_alpha = AccessGrant.objects.create(organisation=world.alpha, source_id="3", **grant)

    assert set(AccessGrant.objects.active(world.beta)) == {to_beta}
    assert set(AccessGrant.objects.active()) == {to_beta, to_alpha}
