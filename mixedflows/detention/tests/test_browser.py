"""Journey 4 in Chromium: Dina visits Harbour Holding Centre, meets a boy the police recorded as 19, registers
him from the visit page, screens and refers him, and closes one of the earlier visit's recommendations with a
reason while the other stays open."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.core.models import DataSharingAgreement
from mixedflows.detention.models import PersonMet, Recommendation, RecommendationStep, Visit
from mixedflows.detention.services.recommendations import recommendation_add
from mixedflows.detention.tests.conftest import make_facility, make_visit
from mixedflows.people.models import Encounter
from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.screening.codes import Procedure
from mixedflows.screening.tests.test_browser import _tick
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_into(field, text):
    field.click()
    field.press_sequentially(text, delay=10)


@pytest.fixture(autouse=True)
def _loaded(transactional_db):
    from mixedflows.detention.services.checklists import checklists_load
    from mixedflows.screening.services import instruments_load

    instruments_load()
    checklists_load()


def test_a_boy_recorded_as_an_adult_is_found_registered_screened_and_referred(page, live_server, monitors):
    world = monitors
    facility = make_facility(world)
    earlier = make_visit(world, facility, days_ago=35)
    due = timezone.localdate() - datetime.timedelta(days=5)
    families = recommendation_add(
        actor=world.dina,
        visit=earlier,
        text="Move families out of the men's hall",
        addressed_to="Centre director",
        due_on=due,
    )
    water = recommendation_add(
        actor=world.dina,
        visit=earlier,
        text="Drinking water in every dormitory",
        addressed_to="Centre director",
        due_on=due,
    )
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=["identity", "screening_outcome", "child_protection"],
        signed_on=datetime.date(2026, 1, 1),
    )
    ServiceOffer.objects.create(
        organisation=world.beta, site=world.quay, service=Procedure.CHILD_PROTECTION, contact="Child desk"
    )

    # Dina records today's visit.
    sign_in(page, live_server, "dina")
    page.goto(f"{live_server.url}{reverse('detention:facility', args=[facility.uuid])}")
    page.get_by_role("link", name="Record a visit").click()
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
    page.get_by_label("Time in").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time out").fill((start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Access").select_option("granted")
    type_into(page.get_by_label("Held, as observed by the team"), "100")
    for label, n in (
        ("Observed: men", "80"),
        ("Observed: women", "12"),
        ("Observed: boys", "5"),
        ("Observed: girls", "2"),
    ):
        type_into(page.get_by_label(label), n)
    page.get_by_label("Children with their families?").select_option("some")
    page.get_by_role("button", name="Save the visit").click()
    # The mistakes are named, nothing is saved; she corrects them.
    expect(page.locator("#visit-form")).to_contain_text("The visit ends before it starts")
    expect(page.locator("#visit-form")).to_contain_text("make 99, the total is 100")
    assert Visit.objects.count() == 1
    page.get_by_label("Time out").fill((start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Observed: girls").fill("3")
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visit of")
    visit = Visit.objects.latest("started_at")

    # The visit opens with the earlier recommendations; one is closed with a reason, the other stays open.
    to_check = page.locator("#to-check")
    expect(to_check.locator(".to-check")).to_have_count(2)
    row = to_check.locator(".to-check", has_text="Move families out")
    row.get_by_label("New status").select_option("implemented")
    row.get_by_role("button", name="Change status").click()
    expect(page.locator("#to-check")).to_contain_text("Give the reason for the change")
    row = page.locator("#to-check .to-check", has_text="Move families out")
    row.get_by_label("New status").select_option("implemented")
    type_into(row.get_by_label("Reason"), "Families now in the former office, with a door that locks")
    row.get_by_role("button", name="Change status").click()
    expect(page.locator("#to-check .to-check")).to_have_count(1)
    expect(page.locator("#to-check")).to_contain_text("Drinking water in every dormitory")
    families.refresh_from_db()
    assert families.status == Recommendation.Status.IMPLEMENTED
    step = RecommendationStep.objects.get(recommendation=families, to_status="implemented")
    assert step.visit == visit and step.reason.startswith("Families now")
    assert Recommendation.objects.get(pk=water.pk).status == "open"

    # She meets Yonas: 16, the police recorded him as 19. Registered from the visit, names typed once.
    entry = page.locator("#entry")
    type_into(entry.get_by_label("Given name"), "Yonas")
    type_into(entry.get_by_label("Family name"), "Haile")
    entry.get_by_label("Sex").select_option("M")
    type_into(entry.get_by_label("Date of birth or age"), "16")
    type_into(entry.get_by_label("Nationality"), "ERI")
    entry.get_by_label("Unaccompanied or separated child").check()
    type_into(entry.get_by_label("Age recorded by the authority"), "19")
    entry.get_by_label("Disputes the age on record").check()
    entry.get_by_role("button", name="Register with a detention intake").click()
    people = page.locator("#people")
    expect(people).to_contain_text("Yonas Haile")
    expect(people).to_contain_text("declared 16, recorded 19")
    expect(people).to_contain_text("age disputed")
    met = PersonMet.objects.get()
    assert met.encounter.kind == Encounter.Kind.DETENTION_INTAKE and met.encounter.site == world.harbour
    page.screenshot(path="/tmp/detention-visit.png", full_page=True)

    # Straight into screening: alone, so an unaccompanied child; then referred to Beta's child desk.
    people.get_by_role("link", name="Screen").click()
    page.get_by_role("button", name="Start screening").click()
    page.locator('input[name="information_given"][value="yes"]').check()
    page.locator('input[name="legal_basis"][value="vital_interest"]').check()
    expect(page.locator("#status-information")).to_have_text("saved")
    # A basis other than consent needs its reason: the field appears once vital interest is chosen.
    reason = page.locator("#id_legal_basis_reason")
    expect(reason).to_be_visible()
    with page.expect_response(lambda response: "/sections/information/" in response.url):
        type_into(reason, "Child held with adults, no guardian yet; decided by the team leader")
        page.keyboard.press("Tab")
    expect(page.locator("#status-information")).to_have_text("saved")
    _tick(page, "travels_with", "alone", "child")
    page.locator("#finish").click()
    expect(page.locator("#outcome .categories")).to_contain_text("Unaccompanied child")
    page.get_by_role("link", name="Refer: Child protection and best-interests procedure").click()
    page.get_by_label("Beta Agency · Quay landing point").check()
    page.select_option("select[name=legal_basis]", "vital_interest")
    type_into(
        page.get_by_label("Vital-interest or mandate ground"), "Child held with adults, no guardian yet"
    )
    page.click("text=Send referral")
    expect(page.locator("#steps")).to_be_visible()
    referral = Referral.objects.get(person=met.person)
    assert referral.service == Procedure.CHILD_PROTECTION and referral.to_organisation == world.beta

    # The dashboard alerts on a child in detention.
    page.goto(f"{live_server.url}{reverse('detention:dashboard')}")
    expect(page.locator("#alerts")).to_contain_text(met.person.registration_number)
    expect(page.locator("#alerts")).to_contain_text("child detained")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('detention:facility', args=[facility.uuid])}")
    expect(page.locator("#chart-occupancy .main-svg").first).to_be_visible()
    page.screenshot(path="/tmp/detention-facility-390.png", full_page=True)
    expect(page.locator("#people")).to_contain_text(met.person.registration_number)
    expect(page.locator("#people")).to_contain_text("child detained")
