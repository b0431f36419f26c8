"""A girl referred to child protection with her guardian's consent, as the three agencies see it in a browser."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.screening.codes import Procedure
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_referral_to_child_protection_across_agencies(page, live_server, world, gamma, agreement, girl):
    person, screening = girl
    ServiceOffer.objects.create(
        organisation=world.beta,
        site=world.quay,
        service=Procedure.CHILD_PROTECTION,
        contact="Child desk, tent 3",
        languages=["tir"],
    )

    # Alice, protection officer at Alpha, prepares the referral from the screening's recommendation.
    sign_in(page, live_server, "alice")
    page.goto(
        f"{live_server.url}{reverse('referrals:new')}?person={person.uuid}&screening={screening.uuid}"
        "&service=child_protection"
    )
    assert page.locator("#screening-urgency").inner_text() == "Immediate"
    assert "child_protection" in page.locator("#receivers").inner_text()  # groups the agreement lets cross
    page.get_by_label("Beta Agency · Quay landing point").check()
    page.select_option("select[name=legal_basis]", "guardian_consent")
    page.fill("input[name=consent_given_by]", "Appointed guardian, Beta child desk")
    obtained = timezone.localtime() - datetime.timedelta(minutes=20)
    page.fill("input[name=consent_obtained_at]", obtained.strftime("%Y-%m-%dT%H:%M"))
    page.click("text=Send referral")
    page.wait_for_selector("#steps")
    assert "Referral sent to BET" in page.content()
    referral = Referral.objects.get()
    assert referral.legal_basis == "guardian_consent" and referral.urgency == "immediate"

    # Bob, at Beta, finds it in the inbox, opens the girl's record: the agreed fields only.
    sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{reverse('referrals:inbox')}")
    page.click(f"a[href='{reverse('referrals:detail', args=[referral.uuid])}']")
    outcome = page.locator("#screening-outcome").inner_text()
    assert "Unaccompanied child" in outcome and "Presumed victim of trafficking" in outcome
    assert "gender-based violence" not in outcome
    page.click(f"a[href='{reverse('people:detail', args=[person.uuid])}']")
    assert "Senait" in page.locator("h1").inner_text()
    outcome = page.locator("#screening-panel")  # the screening app's panel, loaded with htmx
    outcome.wait_for()
    assert "Unaccompanied child" in outcome.inner_text() and "gender-based" not in outcome.inner_text()
    assert page.locator("#identity").is_visible()
    for hidden in ("#contact", "#documents", "#encounters"):
        assert page.locator(hidden).count() == 0
    assert "+39 333" not in page.content()
    page.go_back()
    page.click("text=Accept")
    page.wait_for_selector("text=Referral updated.")
    assert Referral.objects.get().status == "accepted"

    # Gail, at a third agency, sees nothing of it.
    sign_in(page, live_server, "gail")
    page.goto(f"{live_server.url}{reverse('referrals:inbox')}?status=")
    assert "No referrals match." in page.content()
    response = page.goto(f"{live_server.url}{reverse('people:detail', args=[person.uuid])}")
    assert response.status == 404
    response = page.goto(f"{live_server.url}{reverse('referrals:detail', args=[referral.uuid])}")
    assert response.status == 404
