"""A presumed victim of trafficking, referred by Beta, through Alpha's case work in Chromium.

Carla takes over the referral and opens the case, assesses it, identifies her as a victim after the interview;
she chooses voluntary return; an emergency-fund grant above the threshold is approved by Adam (supervisor) and
then Fiona (fund manager); she travels and is monitored after arrival. The fund balance and the audit trail are
checked at each step.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.cases.models import Case, Fund, FundRequest
from mixedflows.cases.services.fund import fund_create
from mixedflows.cases.tests.conftest import make_referral
from mixedflows.core.models import AuditEvent
from mixedflows.referrals.models import Referral
from mixedflows.screening.models import Instrument, Screening
from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def remaining(fund):
    return Fund.objects.get(pk=fund.pk).remaining


def events(object_type, object_id, action):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id), action=action).count()


def test_referred_victim_is_identified_returns_home_with_a_grant_and_is_monitored(
    page, live_server, casework, register
):
    referral = make_referral(casework, register)
    instrument = Instrument.objects.create(
        code="profiling", version="1", title="Profiling", definition={}, sha256="0" * 64
    )
    referral.screening = Screening.objects.create(
        organisation=casework.beta,
        person=referral.person,
        instrument=instrument,
        status="completed",
        categories=["presumed_vot"],
        urgency="high",
        performed_by=casework.bob,
        completed_at=timezone.now(),
    )
    referral.save()
    today = timezone.localdate()
    fund = fund_create(
        actor=casework.fiona,
        name="Return assistance",
        currency="EUR",
        period_start=today,
        period_end=today + datetime.timedelta(days=90),
        budget=Decimal("1000.00"),
        fund_manager_threshold=Decimal("300.00"),
    )

    # Carla takes over the referral: accepted, Alpha's own record created, case opened.
    sign_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/cases/incoming/")
    page.click("a:has-text('Take over')")
    page.select_option("select[name=case_type]", "victim_of_trafficking")
    page.select_option("select[name=supervisor]", "adam")
    page.click("button:has-text('Accept referral and open case')")
    expect(page.locator("#case-status")).to_have_text("Open")
    case = Case.objects.get(referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED
    assert case.person.organisation == casework.alpha and case.person.given_name == "Hiwet"
    assert events("person", case.person.uuid, "create") == 1 and events("case", case.uuid, "create") == 1

    # Assessment.
    page.click("a:has-text('New assessment')")
    page.fill("textarea[name=individual_risk]", "Debt to the recruiter\nDocuments withheld")
    page.fill("textarea[name=structural_protective]", "Anti-trafficking law grants a reflection period")
    page.select_option("select[name=rating]", "high")
    page.fill("textarea[name=rating_reason]", "Under the control of a network that knows her family")
    page.click("button:has-text('Save')")
    expect(page.locator("#rating")).to_have_text("High")

    # Identification: the indicators come from the referral's screening; interview; determination; needs.
    page.click("a:has-text('Open the identification')")
    expect(page.locator("input[name=indicators][value=presumed_vot]")).to_be_checked()
    page.click("button:has-text('Record the indicators')")
    page.check("input[name=methods_of_control][value=DebtBondage]")
    page.check("input[name=methods_of_recruitment][value=JobOffer]")
    page.check("input[name=sex_exploitation][value=Prostitution]")
    page.select_option("select[name=country_of_exploitation]", "LBY")
    page.select_option("select[name=interpreter_language]", "tir")
    page.fill("textarea[name=summary]", "Recruited with a job offer as a cleaner; held in a house in Tripoli")
    page.click("button:has-text('Record the interview')")
    page.select_option("select[name=determination]", "identified")
    page.fill("textarea[name=reasons]", "Act, means and purpose established in the interview")
    page.click("button:has-text('Record the determination')")
    expect(page.locator("#determination")).to_have_text("Identified victim of trafficking")
    page.select_option("select[name=route]", "voluntary_return")
    page.select_option("select[name=eligibility]", "eligible")
    page.select_option("select[name=responsible_organisation]", label="Alpha Agency")
    page.fill("input[name=next_step]", "Assisted voluntary return to Eritrea")
    page.click("form:has(input[value=need]) button:has-text('Record')")
    expect(page.locator("#needs")).to_contain_text("Assisted voluntary return")

    # She chooses voluntary return: informed, then her decision with capacity confirmed.
    page.goto(f"{live_server.url}/cases/{case.uuid}/return/")
    page.fill("input[name=destination_country]", "ERI")
    page.click("#return-step button")
    page.check("input[name=capacity_confirmed]")
    page.click("#return-step button")
    expect(page.locator("#return-stage")).to_have_text("Voluntary decision recorded")

    # Emergency fund: 450 EUR, above the 300 threshold.
    page.goto(f"{live_server.url}/cases/{case.uuid}/")
    page.click("a:has-text('Request emergency assistance')")
    page.fill("input[name=amount]", "450.00")
    page.fill("input[name=purpose]", "Reintegration start-up and travel costs")
    page.fill("textarea[name=justification]", "No savings; the trafficker took her earnings")
    page.click("button:has-text('Save')")
    expect(page.locator("#fund-requests .fund-status")).to_have_text("Awaiting the supervisor")
    request = FundRequest.objects.get(case=case)
    assert remaining(fund) == Decimal("1000.00") and events("fund_request", request.uuid, "create") == 1
    sign_out(page)

    sign_in(page, live_server, "adam")
    page.goto(f"{live_server.url}/cases/approvals/")
    page.click("#approval-funds button:has-text('Approve')")
    expect(page.locator(".messages")).to_contain_text("awaiting the fund manager")
    assert remaining(fund) == Decimal("1000.00")  # nothing is committed before the second approval
    assert events("fund_request", request.uuid, "approve") == 1
    sign_out(page)

    sign_in(page, live_server, "fiona")
    page.goto(f"{live_server.url}/cases/approvals/")
    page.click("#approval-funds button:has-text('Approve')")
    expect(page.locator(".messages")).to_contain_text("approved")
    page.goto(f"{live_server.url}/cases/funds/{fund.uuid}/")
    expect(page.locator("#fund-remaining")).to_have_text("550.00 EUR")
    assert remaining(fund) == Decimal("550.00") and events("fund_request", request.uuid, "approve") == 2
    sign_out(page)

    # Pre-departure, travel, reception, reintegration plan, two monitoring visits.
    sign_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/cases/{case.uuid}/return/")
    two_days_ago = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    for name in ("counselling_on", "fit_to_travel_on", "travel_documents_on"):
        page.fill(f"input[name={name}]", two_days_ago)
    page.fill("input[name=booking_reference]", "MS-880 CAI-ASM")
    page.click("#return-step button")
    expect(page.locator("h2")).to_contain_text("Travel")
    page.fill(
        "input[name=departed_at]",
        (timezone.localtime() - datetime.timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M"),
    )
    page.fill(
        "input[name=arrived_at]",
        (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    page.fill("input[name=transit_place]", "Cairo")
    page.fill("input[name=escort]", "Operational escort to Asmara")
    page.click("#return-step button")
    expect(page.locator("#return-stage")).to_have_text("Travel")
    page.fill("input[name=received_by]", "Partner NGO, Asmara")
    page.click("#return-step button")
    page.fill("textarea[name=economic]", "Tailoring course and a sewing machine")
    page.fill("textarea[name=social]", "Family mediation")
    page.fill("textarea[name=psychosocial]", "Monthly counselling")
    page.click("#return-step button")
    for economic in ("0.35", "0.60"):
        page.fill("input[name=economic_score]", economic)
        page.fill("input[name=social_score]", "0.50")
        page.fill("input[name=psychosocial_score]", "0.55")
        page.click("#return-step button")
    expect(page.locator("#return-stage")).to_have_text("Monitoring")
    expect(page.locator("#schedule tr.visited")).to_have_count(2)
    expect(page.locator("#schedule tr.visited").nth(1)).to_contain_text("6 months after arrival")
    expect(page.locator("#schedule tr.visited").nth(1)).to_contain_text("0.60")
    sign_out(page)

    # The supervisor reads the audit trail of the case.
    sign_in(page, live_server, "adam")
    page.goto(f"{live_server.url}/cases/{case.uuid}/audit/")
    trail = page.locator("#audit")
    expect(trail).to_contain_text("fiona")
    expect(trail).to_contain_text(re.compile(r"step: fund_manager.*fund_remaining: 550\.00"))
    assert AuditEvent.objects.filter(object_type="return", action="change").count() == 7
    assert remaining(fund) == Decimal("550.00")
