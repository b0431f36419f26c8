"""What each agency sees: the receiving agency only the agreed fields, a third agency nothing; inbox and outbox."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import DataSharingAgreement, Membership, User
from mixedflows.core.roles import Role
from mixedflows.referrals.models import Referral, ReferralStep, ServiceOffer
from mixedflows.referrals.services import referral_send
from mixedflows.screening.codes import Procedure, Urgency


@pytest.fixture
def offers(world, gamma):
    beta = ServiceOffer.objects.create(
        organisation=world.beta,
        site=world.quay,
        service=Procedure.CHILD_PROTECTION,
        contact="Child desk, tent 3",
        capacity=40,
        languages=["tir", "ara"],
    )
    gam = ServiceOffer.objects.create(organisation=gamma, service=Procedure.CHILD_PROTECTION)
    return beta, gam


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


def test_receiving_user_sees_identity_and_outcome_but_not_gbv(client, world, referral, girl):
    person, _ = girl
    client.force_login(world.bob)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert "Senait" in page and 'id="identity"' in page
    assert 'id="contact"' not in page and "+39 333" not in page and 'id="documents"' not in page
    assert 'id="encounters"' not in page
    detail = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert "Unaccompanied child" in detail and "Presumed victim of trafficking" in detail
    # No count of what is hidden: a count derived from the GBV section would tell as much as the category.
    assert "gender-based violence" not in detail and "more in field groups" not in detail
    assert 'id="outcome-withheld"' in detail
    assert "+39 333" not in detail


def test_receiving_registration_officer_sees_identity_only(client, world, referral, girl):
    """Bruno registers arrivals at Beta: no sensitive groups, no referrals; the shared identity only."""
    bruno = User.objects.create_user("bruno", password="a-long-test-password")
    Membership.objects.create(user=bruno, organisation=world.beta, role=Role.REGISTRATION_OFFICER)
    client.force_login(bruno)
    assert client.get(reverse("referrals:detail", args=[referral.uuid])).status_code == 403
    page = client.get(reverse("people:detail", args=[girl[0].uuid])).content.decode()
    assert "Senait" in page and "+39 333" not in page


def test_outcome_hidden_when_agreement_leaves_out_child_and_trafficking(client, world, girl, consent):
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=["identity", "screening_outcome"],
        signed_on=datetime.date(2026, 1, 1),
    )
    person, screening = girl
    referral = referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.SHELTER,
        screening=screening,
        **consent,
    )
    client.force_login(world.bob)
    detail = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert "Unaccompanied" not in detail and "trafficking" not in detail.lower().replace(
        "anti-trafficking", ""
    )
    assert 'id="outcome-withheld"' in detail and "more in field groups" not in detail


def test_third_agency_sees_nothing(client, world, gamma, referral, girl):
    person, screening = girl
    client.force_login(world.gail)
    for url in (
        reverse("people:detail", args=[person.uuid]),
        reverse("referrals:detail", args=[referral.uuid]),
        reverse("referrals:person_panel", args=[person.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("referrals:step", args=[referral.uuid]), {"status": "accepted"}).status_code
        == 404
    )
    assert (
        person.registration_number
        not in client.get(reverse("referrals:inbox"), {"status": ""}).content.decode()
    )
    new = (
        reverse("referrals:new")
        + f"?person={person.uuid}&screening={screening.uuid}&service=child_protection"
    )
    assert client.get(new).status_code == 404


def test_new_referral_page_from_screening(client, world, agreement, girl, offers):
    person, screening = girl
    client.force_login(world.alice)
    url = (
        reverse("referrals:new")
        + f"?person={person.uuid}&screening={screening.uuid}&service=child_protection"
    )
    page = client.get(url).content.decode()
    assert "Beta Agency" in page and "Gamma Child Services" in page  # both offer child protection
    assert "no agreement in force: cannot send" in page  # Alpha has no agreement with Gamma
    assert "screening_outcome" in page and "Immediate" in page
    # A screening of another agency's person, or an unknown service, is not found.
    bobs = client.get(url.replace(str(person.uuid), str(screening.uuid)))
    assert bobs.status_code == 404
    assert client.get(url.replace("child_protection", "haircut")).status_code == 404


def test_new_referral_form_refuses_without_basis_and_sends_with_it(client, world, agreement, girl, offers):
    person, screening = girl
    beta_offer, gamma_offer = offers
    client.force_login(world.alice)
    form = {
        "person": person.uuid,
        "screening": screening.uuid,
        "service": "child_protection",
        "service_offer": beta_offer.uuid,
        "urgency": "immediate",
    }
    response = client.post(reverse("referrals:new"), form)
    assert response.status_code == 422 and "cannot be sent without a legal basis" in response.content.decode()
    response = client.post(
        reverse("referrals:new"),
        {
            **form,
            "service_offer": gamma_offer.uuid,
            "legal_basis": "guardian_consent",
            "consent_given_by": "Guardian",
            "consent_obtained_at": "2026-11-01T10:00",
        },
    )
    assert response.status_code == 422 and "no data-sharing agreement in force" in response.content.decode()
    assert not Referral.objects.exists()
    response = client.post(
        reverse("referrals:new"),
        {
            **form,
            "legal_basis": "guardian_consent",
            "consent_given_by": "Guardian",
            "consent_obtained_at": "2026-11-01T10:00",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.uuid]
    )
    assert referral.service_offer == beta_offer and referral.to_organisation == world.beta


def _many(world, person, n, **extra):
    now = timezone.now()
    fields = {"service": Procedure.SHELTER, **extra}
    rows = [
        Referral(
            person=person,
            from_organisation=world.alpha,
            to_organisation=world.beta,
            created_by=world.alice,
            due_at=now + datetime.timedelta(hours=i - n // 2, minutes=30),
            **fields,
        )
        for i in range(n)
    ]
    Referral.objects.bulk_create(rows)


def test_inbox_and_outbox_are_scoped_filtered_and_paginated(client, world, gamma, register):
    person = register(given_name="Abel")
    _many(world, person, 30)
    _many(world, person, 3, service=Procedure.MEDICAL_CARE, status=Referral.Status.DECLINED)
    client.force_login(world.bob)
    inbox = client.get(reverse("referrals:inbox"))
    assert inbox.context["page"].paginator.count == 30 and "15 overdue" in inbox.content.decode()
    assert len(inbox.context["page"].object_list) == 25
    assert client.get(reverse("referrals:inbox"), {"overdue": "on"}).context["page"].paginator.count == 15
    declined = client.get(
        reverse("referrals:inbox"),
        {"status": "declined", "service": "medical_care"},
        headers={"HX-Request": "true"},
    )
    assert declined.context["page"].paginator.count == 3 and "<h1>" not in declined.content.decode()
    assert client.get(reverse("referrals:inbox"), {"page": 2}).context["page"].number == 2
    assert client.get(reverse("referrals:outbox")).context["page"].paginator.count == 0  # Beta sent none
    client.force_login(world.alice)
    assert client.get(reverse("referrals:outbox")).context["page"].paginator.count == 30
    assert client.get(reverse("referrals:inbox")).context["page"].paginator.count == 0
    client.force_login(world.gail)
    assert client.get(reverse("referrals:inbox"), {"status": ""}).context["page"].paginator.count == 0


def test_step_view_shows_service_errors(client, world, referral):
    client.force_login(world.bob)
    response = client.post(
        reverse("referrals:step", args=[referral.uuid]), {"status": "declined"}, follow=True
    )
    assert "Give a reason" in response.content.decode()
    client.post(reverse("referrals:step", args=[referral.uuid]), {"status": "accepted"})
    assert ReferralStep.objects.filter(referral=referral, status="accepted", by=world.bob).exists()


def test_directory_and_managing_offers(client, world, offers):
    client.force_login(world.alice)
    page = client.get(reverse("referrals:directory"), {"service": "child_protection"}).content.decode()
    assert "Child desk, tent 3" in page and "Gamma Child Services" in page
    assert client.get(reverse("referrals:offers")).status_code == 403
    client.force_login(world.beth)
    response = client.post(
        reverse("referrals:offers"),
        {
            "service": "shelter",
            "site": world.north.uuid,
            "contact": "North desk",
            "languages": "Arabic, tir",
            "active": "on",
        },
    )
    assert response.status_code == 302
    offer = ServiceOffer.objects.get(service="shelter")
    assert (
        offer.organisation == world.beta and offer.languages == ["ara", "tir"] and offer.site == world.north
    )
    bad = client.post(reverse("referrals:offers"), {"service": "shelter", "languages": "klingonese"})
    assert bad.status_code == 422 and "Unknown language" in bad.content.decode()
    client.post(reverse("referrals:offer_edit", args=[offer.uuid]), {"service": "shelter", "active": ""})
    offer.refresh_from_db()
    assert not offer.active
    assert "North desk" not in client.get(reverse("referrals:directory")).content.decode()
    # Alpha's administrator cannot publish at a site where Alpha does not work.
    client.force_login(world.ada)
    refused = client.post(reverse("referrals:offers"), {"service": "shelter", "site": world.north.uuid})
    assert refused.status_code == 422 and ServiceOffer.objects.filter(organisation=world.alpha).count() == 0


def test_person_panel_lists_visible_referrals(client, world, referral, girl):
    person, _ = girl
    client.force_login(world.alice)
    panel = client.get(reverse("referrals:person_panel", args=[person.uuid])).content.decode()
    assert "Child protection" in panel and "ALP → BET" in panel and "Refer to a service" in panel
    client.force_login(world.bob)
    panel = client.get(reverse("referrals:person_panel", args=[person.uuid])).content.decode()
    assert "ALP → BET" in panel and "Refer to a service" not in panel


def test_site_dashboard(client, world, agreement, register, screen, consent):
    screened = register(given_name="Abel")
    waiting = register(given_name="Dawit")
    register(given_name="Helen", site=world.quay)
    screen(
        screened,
        categories=["asylum_seeker", "medical_needs"],
        urgency=Urgency.IMMEDIATE,
        procedures=["medical_care"],
    )
    referred = register(given_name="Meron")
    screen(referred, categories=["asylum_seeker"], urgency=Urgency.IMMEDIATE, procedures=["asylum_procedure"])
    late = referral_send(
        actor=world.alice, person=referred, to_organisation=world.beta, service=Procedure.ASYLUM, **consent
    )
    Referral.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(world.alice)
    response = client.get(reverse("referrals:dashboard"), {"site": world.quay.uuid})
    board = response.context["board"]
    assert f"person={screened.uuid}&amp;screening=" in response.content.decode()  # a link to refer them
    assert (board.arrivals, board.screened, board.not_screened_count) == (4, 2, 2)
    assert waiting in [e.person for e in board.not_screened]
    assert dict(board.by_urgency)["Immediate"] == 2
    assert dict(board.by_category)["Asylum-seeker or person with international protection needs"] == 2
    assert [(s.person, s.procedure_labels) for s in board.immediate_not_referred] == [
        (screened, [("medical_care", "Medical care")])
    ]
    assert board.overdue == [late]
    client.force_login(world.bob)  # Beta's dashboard at the same site counts none of Alpha's people
    board = client.get(reverse("referrals:dashboard"), {"site": world.quay.uuid}).context["board"]
    assert board.arrivals == 0 and board.overdue == []
    refused = client.get(
        reverse("referrals:dashboard"), {"site": world.quay.uuid, "start": "2026-02-01", "end": "2026-01-01"}
    )
    assert "ends before it starts" in refused.content.decode()


def test_nav_entries(client, world):
    client.force_login(world.bea)
    page = client.get(reverse("home")).content.decode()
    for name in ("inbox", "outbox", "directory", "dashboard"):
        assert reverse(f"referrals:{name}") in page


def test_boxes_list_work_soonest_due_first_and_finished_latest_first(client, world, register):
    person = register(given_name="Abel")
    _many(world, person, 4)
    _many(world, person, 4, status=Referral.Status.COMPLETED)
    client.force_login(world.bob)
    waiting = [r.due_at for r in client.get(reverse("referrals:inbox")).context["page"]]
    assert waiting == sorted(waiting) and len(waiting) == 4
    done = [r.due_at for r in client.get(reverse("referrals:inbox"), {"status": "completed"}).context["page"]]
    assert done == sorted(done, reverse=True) and len(done) == 4


def test_person_page_screening_panel_shows_only_agreed_categories(client, world, gamma, referral, girl):
    """The person page's screening panel (screening app) for the receiving agency: trafficking and child
    categories crossed with their groups, the GBV category did not; a third agency gets a 404."""
    person, _ = girl
    panel = reverse("screening:panel", args=[person.uuid])
    client.force_login(world.bob)
    html = client.get(panel).content.decode()
    assert 'data-category="unaccompanied_child"' in html and 'data-category="presumed_vot"' in html
    assert "gbv_survivor" not in html and "gender-based violence" not in html
    client.force_login(world.gail)
    assert client.get(panel).status_code == 404


def test_consent_withdrawal_asks_for_confirmation_and_a_reason_kept_in_the_audit_trail(
    client, world, referral
):
    from mixedflows.core.models import AuditEvent

    client.force_login(world.alice)
    url = reverse("referrals:consent_withdrawn", args=[referral.uuid])
    page = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert 'name="confirm" value="yes" required' in page and 'name="reason"' in page
    unconfirmed = client.post(url, {"reason": "Told the desk officer she no longer agrees"}, follow=True)
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    no_reason = client.post(url, {"confirm": "yes", "reason": "  "}, follow=True)
    assert "Say how the withdrawal was expressed" in no_reason.content.decode()
    referral.refresh_from_db()
    assert referral.consent_withdrawn_at is None  # nothing written either time
    done = client.post(
        url, {"confirm": "yes", "reason": "Told the desk officer she no longer agrees"}, follow=True
    )
    assert "Consent withdrawal recorded" in done.content.decode()
    event = AuditEvent.objects.get(action="consent_withdrawn", object_id=str(referral.uuid))
    assert event.detail == {"reason": "Told the desk officer she no longer agrees"}


def test_the_inbox_says_who_each_referral_is_about_as_far_as_the_grant_names_them(
    client, world, referral, girl
):
    person, _ = girl
    client.force_login(world.bob)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert '<bdi class="person-name">Senait Tesfaye</bdi>' in inbox and person.registration_number in inbox
    grant = person.grants.get()
    grant.field_groups = [g for g in grant.field_groups if g != "identity"]
    grant.save()
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert "Senait" not in inbox and person.registration_number in inbox
