"""Issue 3's journey in one browser: screen the girl of fifteen, refer her twice from the outcome, Beta accepts,
a third agency sees nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.people.models import Person
from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.screening.codes import Procedure
from mixedflows.screening.tests.test_browser import _tick
from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _instruments_loaded(transactional_db):
    from mixedflows.screening.services import instruments_load

    instruments_load()


def _refer(page, label):
    """From the screening outcome, refer to Beta with the appointed guardian's consent."""
    page.get_by_role("link", name=f"Refer: {label}").click()
    expect(page.locator("#screening-urgency")).to_have_text("Immediate")
    page.get_by_label("Beta Agency · Quay landing point").check()
    page.select_option("select[name=legal_basis]", "guardian_consent")
    page.fill("input[name=consent_given_by]", "Appointed guardian, Beta child desk")
    obtained = timezone.localtime() - datetime.timedelta(minutes=10)
    page.fill("input[name=consent_obtained_at]", obtained.strftime("%Y-%m-%dT%H:%M"))
    page.click("text=Send referral")
    expect(page.locator("#steps")).to_be_visible()
    page.go_back()
    page.go_back()


def test_screened_girl_referred_with_guardian_consent_and_accepted(
    page, live_server, world, register, agreement, gamma
):
    girl = register(given_name="Senait", sex="F", age=15, phone="+39 333 0000000", guardian=True)
    for service in (Procedure.CHILD_PROTECTION, Procedure.ANTI_TRAFFICKING):
        ServiceOffer.objects.create(
            organisation=world.beta, site=world.quay, service=service, contact="Tent 3"
        )

    # Alice screens her: alone, owes the smuggler, passport taken.
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{reverse('screening:queue')}")
    page.get_by_role("row", name=re.compile(girl.registration_number)).get_by_role(
        "button", name="Screen"
    ).click()
    page.locator('input[name="information_given"][value="yes"]').check()
    page.locator('input[name="legal_basis"][value="consent_guardian"]').check()
    expect(page.locator("#status-information")).to_have_text("saved")
    _tick(page, "control_methods", "debt_bondage", "trafficking")
    _tick(page, "control_methods", "withheld_documents", "trafficking")
    _tick(page, "paid_smuggler", "yes", "smuggling")
    _tick(page, "owes_smuggler", "yes", "smuggling")
    _tick(page, "travels_with", "alone", "child")
    page.locator("#finish").click()
    outcome = page.locator("#outcome")
    expect(outcome.get_by_role("heading", name=re.compile("Outcome"))).to_contain_text("Immediate")
    for category in ("Unaccompanied child", "Presumed victim of trafficking", "Smuggled migrant"):
        expect(outcome.locator(".categories")).to_contain_text(category)

    # From the outcome, one referral per recommended procedure, with the guardian's consent.
    _refer(page, "Child protection and best-interests procedure")
    _refer(page, "Anti-trafficking identification")
    referrals = Referral.objects.filter(person=girl)
    assert sorted(referrals.values_list("service", flat=True)) == sorted(
        [Procedure.CHILD_PROTECTION, Procedure.ANTI_TRAFFICKING]
    )
    assert set(referrals.values_list("legal_basis", flat=True)) == {"guardian_consent"}

    # Bob, at Beta, sees both in the inbox; the girl's record shows only the agreed fields; he accepts one.
    sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{reverse('referrals:inbox')}")
    child = referrals.get(service=Procedure.CHILD_PROTECTION)
    for referral in referrals:
        expect(page.locator(f"a[href='{reverse('referrals:detail', args=[referral.uuid])}']")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('people:detail', args=[girl.uuid])}")
    expect(page.locator("h1")).to_contain_text("Senait")
    expect(page.locator("#screening-panel")).to_contain_text("Unaccompanied child")
    for hidden in ("#contact", "#documents", "#encounters"):
        expect(page.locator(hidden)).to_have_count(0)
    assert "+39 333" not in page.content()
    page.goto(f"{live_server.url}{reverse('referrals:detail', args=[child.uuid])}")
    page.click("text=Accept")
    expect(page.locator("text=Referral updated.")).to_be_visible()
    child.refresh_from_db()
    assert child.status == Referral.Status.ACCEPTED

    # Gail, at a third agency, sees nothing of her.
    sign_in(page, live_server, "gail")
    assert page.goto(f"{live_server.url}{reverse('people:detail', args=[girl.uuid])}").status == 404
    assert page.goto(f"{live_server.url}{reverse('referrals:detail', args=[child.uuid])}").status == 404
    assert Person.objects.filter(organisation=world.gamma).count() == 0
