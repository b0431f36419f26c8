"""One function decides which field groups of a person a user may see, and pages, search and the API follow
it: shared encounters are shown (issue 10, item 8); a search matches only what the searcher may see (issue
16, item 4); each group needs its permission (issue 16, item 3)."""

import pytest
from django.urls import reverse

from mixedflows.core.models import FieldGroup, Membership, User
from mixedflows.core.roles import FIELD_GROUP_PERMISSIONS, Role
from mixedflows.integrations.services import token_create
from mixedflows.people.models import AccessGrant, Document, document_number_index
from mixedflows.people.selectors import field_groups_for, people_search, person_profile

DOCUMENT_NUMBER = "A4295771"


def _share(world, person, groups):
    return AccessGrant.objects.create(
        person=person,
        organisation=world.beta,
        legal_basis="consent",
        source_type="referral",
        source_id="test",
        granted_by=world.alice,
        field_groups=list(groups),
    )


@pytest.fixture
def yonas(world, register):
    person = register(given_name="Yonas", family_name="Tesfaye", sex="M", age=24, nationality="ERI")
    Document.objects.create(
        person=person,
        organisation=world.alpha,
        kind="passport",
        number=DOCUMENT_NUMBER,
        number_index=document_number_index(DOCUMENT_NUMBER),
        issuing_country="ERI",
    )
    return person


def _token(user) -> dict:
    secret = token_create(actor=user, name="test", scopes=["read"], expires_days=30).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_every_field_group_has_the_permission_that_shows_it():
    assert set(FIELD_GROUP_PERMISSIONS) == set(FieldGroup.values)


def test_shared_encounters_are_listed_on_the_receivers_person_page(client, world, yonas):
    _share(world, yonas, [FieldGroup.IDENTITY, FieldGroup.ENCOUNTERS])
    encounter = yonas.encounters.get()
    client.force_login(world.bob)
    page = client.get(reverse("people:detail", args=[yonas.uuid])).content.decode()
    section = page.split('id="encounters"')[1].split("</section>")[0]
    assert "Quay landing point" in section and reverse("people:encounter", args=[encounter.uuid]) in section
    # The encounter page opens too, and the movements panel lists it.
    assert client.get(reverse("people:encounter", args=[encounter.uuid])).status_code == 200
    timeline = client.get(reverse("linkage:timeline", args=[yonas.uuid])).content.decode()
    assert "No encounters you may see" not in timeline and "Quay landing point" in timeline
    body = client.get(f"/api/v1/people/{yonas.uuid}/encounters", **_token(world.bob)).json()
    assert [e["id"] for e in body] == [str(encounter.uuid)]


def test_encounters_stay_hidden_without_the_encounters_group(client, world, yonas):
    _share(world, yonas, [FieldGroup.IDENTITY])
    encounter = yonas.encounters.get()
    client.force_login(world.bob)
    page = client.get(reverse("people:detail", args=[yonas.uuid])).content.decode()
    assert 'id="encounters"' not in page and "Quay landing point" not in page
    assert client.get(reverse("people:encounter", args=[encounter.uuid])).status_code == 404
    assert client.get(f"/api/v1/people/{yonas.uuid}/encounters", **_token(world.bob)).json() == []


def test_a_document_number_is_not_confirmed_to_an_agency_not_given_the_documents_group(client, world, yonas):
    _share(world, yonas, [FieldGroup.IDENTITY, FieldGroup.SCREENING_OUTCOME])
    client.force_login(world.bob)
    page = client.post(reverse("people:search"), {"q": DOCUMENT_NUMBER}).content.decode()
    assert yonas.registration_number not in page and "0 results" in page
    api = client.post(
        "/api/v1/people/search",
        data={"query": DOCUMENT_NUMBER},
        content_type="application/json",
        **_token(world.bob),
    )
    assert api.status_code == 200 and api.json() == []
    # Alpha, who recorded the passport, finds him by it.
    assert [hit.person for hit in people_search(user=world.alice, query=DOCUMENT_NUMBER)] == [yonas]


def test_with_the_documents_group_the_number_finds_him(world, yonas):
    _share(world, yonas, [FieldGroup.IDENTITY, FieldGroup.DOCUMENTS])
    hits = people_search(user=world.bob, query=DOCUMENT_NUMBER)
    assert [hit.person for hit in hits] == [yonas] and FieldGroup.DOCUMENTS in hits[0].groups


def test_a_name_is_not_matched_where_the_identity_group_was_not_shared(client, world, yonas):
    _share(world, yonas, [FieldGroup.SCREENING_OUTCOME])
    assert people_search(user=world.bob, query="Yonas Tesfaye") == []
    # By registration number he is found (it is on the referral), but his names stay out of the results.
    client.force_login(world.bob)
    page = client.post(reverse("people:search"), {"q": yonas.registration_number}).content.decode()
    assert yonas.registration_number in page and "Yonas" not in page and "Tesfaye" not in page


def test_sensitive_groups_need_their_permission_even_in_the_own_agency(world, yonas):
    fiona = User.objects.create_user("fiona", password="a-long-test-password")
    Membership.objects.create(user=fiona, organisation=world.alpha, role=Role.FUND_MANAGER)
    fiona = User.objects.get(pk=fiona.pk)
    assert field_groups_for(user=fiona, person=yonas) == {FieldGroup.CASE}
    assert FieldGroup.TRAFFICKING in field_groups_for(user=world.alice, person=yonas)
    registration = User.objects.create_user("rita", password="a-long-test-password")
    Membership.objects.create(user=registration, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    rita = User.objects.get(pk=registration.pk)
    assert FieldGroup.IDENTITY in field_groups_for(user=rita, person=yonas)
    assert not {FieldGroup.GBV, FieldGroup.HEALTH, FieldGroup.TRAFFICKING} & field_groups_for(
        user=rita, person=yonas
    )


def test_person_profile_holds_only_the_groups_the_user_may_see(world, yonas):
    _share(world, yonas, [FieldGroup.IDENTITY])
    profile = person_profile(user=world.bob, person=yonas)
    assert FieldGroup.IDENTITY in profile and FieldGroup.DOCUMENTS not in profile
    assert profile.documents == [] and profile.encounters == [] and profile.contact is None
    own = person_profile(user=world.alice, person=yonas)
    assert [d.number for d in own.documents] == [DOCUMENT_NUMBER] and len(own.encounters) == 1
