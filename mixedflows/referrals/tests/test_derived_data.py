"""Derived data obeys the field groups of its source (issue 10, item 6).

Amina disclosed gender-based violence in Alpha's screening and is stranded. Alpha refers her to Beta for
shelter under an agreement without the GBV group: Bob, at Beta, must not learn of the disclosure from
anything derived from that section (recommended procedures, urgency, categories, explanation, counts), on
any page, panel or API response.
"""

import datetime
import json

import pytest
from django.urls import reverse

from mixedflows.core.models import DataSharingAgreement, FieldGroup
from mixedflows.integrations.services import token_create
from mixedflows.referrals.services import referral_send
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.services import screening_complete, screening_save_section, screening_start

SHARED = [FieldGroup.IDENTITY, FieldGroup.ENCOUNTERS, FieldGroup.SCREENING_OUTCOME, FieldGroup.HEALTH]
GBV_WORDS = ("GBV", "gender-based", "Psychosocial", "psychosocial", "gbv_")


@pytest.fixture
def amina(world, register):
    person = register(given_name="Amina", family_name="Yusuf", sex="F", age=30, nationality="SDN")
    screening = screening_start(actor=world.alice, person=person)
    for section, raw in {
        "information": {"information_given": "yes", "legal_basis": "consent_person"},
        "gbv": {"gbv_disclosed": "yes"},
        "situation": {"stranded": "yes", "detained": "no"},
    }.items():
        screening_save_section(actor=world.alice, screening=screening, section_key=section, raw=raw)
    screening = screening_complete(actor=world.alice, screening=screening)
    # What Alpha itself sees: the GBV rule holds, high urgency, GBV services and psychosocial support.
    assert "gbv_survivor" in screening.categories and screening.urgency == Urgency.HIGH
    assert {"gbv_services", "psychosocial_support"} <= set(screening.procedures)
    return person, screening


@pytest.fixture
def referral(world, amina):
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=SHARED,
        signed_on=datetime.date(2026, 1, 1),
    )
    person, screening = amina
    return referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.SHELTER,
        screening=screening,
        urgency=Urgency.NORMAL,
        legal_basis="consent",
        consent_given_by="Amina Yusuf",
        consent_obtained_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5),
    )


def _no_gbv(text: str) -> None:
    for word in GBV_WORDS:
        assert word not in text, word


def test_the_referral_page_shows_no_recommendation_derived_from_the_gbv_section(client, world, referral):
    client.force_login(world.bob)
    detail = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    outcome = detail.split('id="screening-outcome"')[1].split("</section>")[0]
    assert "Stranded migrant" in outcome
    assert "Shelter, Assisted voluntary return" in outcome
    _no_gbv(outcome)
    # The urgency shown is the one the visible rules give (stranded: normal), not the GBV rule's "high".
    assert '<dd id="outcome-urgency">Normal</dd>' in outcome
    assert "more in field groups" not in outcome  # no count of what is hidden either


def test_alpha_still_sees_the_whole_outcome(client, world, referral):
    client.force_login(world.alice)
    detail = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    outcome = detail.split('id="screening-outcome"')[1].split("</section>")[0]
    assert "GBV services" in outcome and "Psychosocial support" in outcome and "High" in outcome
    assert 'id="outcome-withheld"' not in outcome


def test_the_person_page_panels_show_nothing_derived_from_the_gbv_section(client, world, referral, amina):
    person, _ = amina
    client.force_login(world.bob)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert "Amina" in page
    _no_gbv(page)
    panel = client.get(reverse("screening:panel", args=[person.uuid])).content.decode()
    assert "Stranded migrant" in panel and "Normal" in panel
    assert "High" not in panel
    _no_gbv(panel)
    referrals = client.get(reverse("referrals:person_panel", args=[person.uuid])).content.decode()
    _no_gbv(referrals)


def test_the_json_api_gives_the_receiving_agency_nothing_derived_from_the_gbv_section(
    client, world, referral, amina
):
    person, screening = amina
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(world.bob)}"}
    # The screening is Alpha's record: Beta reads the outcome only through the referral's grant, never the
    # screening itself.
    assert client.get(f"/api/v1/screenings/{screening.uuid}", **auth).status_code == 404
    for url in (f"/api/v1/referrals/{referral.uuid}", f"/api/v1/people/{person.uuid}"):
        response = client.get(url, **auth)
        assert response.status_code == 200, url
        _no_gbv(json.dumps(response.json()))


def _token(user) -> str:
    return token_create(actor=user, name="test", scopes=["read"], expires_days=30).secret


def test_the_owning_agencys_api_gives_the_whole_outcome(client, world, amina):
    _, screening = amina
    body = client.get(
        f"/api/v1/screenings/{screening.uuid}", HTTP_AUTHORIZATION=f"Bearer {_token(world.alice)}"
    ).json()
    assert "gbv_services" in body["procedures"] and body["urgency"] == "high"


def test_the_site_dashboard_counts_what_the_user_may_see_of_each_outcome(world, amina):
    """Counts are derived data too: a user without the sensitive groups counts Amina as stranded, normal."""
    from django.utils import timezone

    from mixedflows.core.models import Membership, User
    from mixedflows.core.roles import Role
    from mixedflows.referrals.dashboard import site_dashboard

    rita = User.objects.create_user("rita", password="a-long-test-password")
    Membership.objects.create(user=rita, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    rita = User.objects.get(pk=rita.pk)
    start, end = timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(days=1)
    board = site_dashboard(user=rita, site=world.quay, start=start, end=end)
    assert dict(board.by_category) == {"Stranded migrant": 1}
    assert dict(board.by_urgency)["Normal"] == 1 and dict(board.by_urgency)["High"] == 0
    full = site_dashboard(user=world.alice, site=world.quay, start=start, end=end)
    assert dict(full.by_category)["Survivor of gender-based violence"] == 1
    assert dict(full.by_urgency)["High"] == 1


def test_the_audit_pages_exports_and_search_give_the_receiving_agency_nothing_of_the_gbv_section(
    client, world, referral, amina
):
    person, screening = amina
    client.force_login(world.bea)  # Beta's supervisor holds the audit permission
    assert client.get(reverse("people:audit", args=[person.uuid])).status_code == 404  # Alpha's trail
    assert client.get(reverse("screening:screening", args=[screening.uuid])).status_code == 404
    client.force_login(world.bob)
    export = client.post(reverse("screening:people_entities", args=[world.quay.uuid]))
    assert export.status_code == 200 and "Amina" not in export.content.decode()
    found = client.post(reverse("people:search"), {"q": "Amina Yusuf"}).content.decode()
    assert person.registration_number in found  # identity was shared: she is found by name
    _no_gbv(found.split('id="results"')[1])
