"""Issue 10, item 12: what the case pages start with, and what they show for codes.

A take-over opens the case type its referral's service names; money defaults to the fund's currency; a choice
that decides something (the type without a service that names it, the determination, the eligibility, the
closure) starts empty and must be chosen; a saved interview is read, not offered again as an empty form; HTCDS
codes read as words.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.models import Case, Identification
from mixedflows.cases.services import trafficking as vot
from mixedflows.cases.services.fund import fund_create
from mixedflows.cases.tests.conftest import make_referral
from mixedflows.cases.tests.page import page
from mixedflows.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_voluntary_return_referral_opens_a_voluntary_return_case(client, casework, register):
    referral = make_referral(casework, register, service="assisted_voluntary_return")
    client.force_login(casework.carla)
    url = reverse("cases:take_over", args=[referral.uuid])
    assert page(client.get(url)).shown("case_type") == "voluntary_return"
    response = client.post(
        url, {"case_type": "voluntary_return", "caseworker": "carla", "supervisor": "adam"}
    )
    assert response.status_code == 302 and Case.objects.get(referral=referral).type == "voluntary_return"


def test_a_referral_whose_service_names_no_case_type_makes_the_caseworker_choose(client, casework, register):
    referral = make_referral(casework, register, service="shelter")
    client.force_login(casework.carla)
    url = reverse("cases:take_over", args=[referral.uuid])
    shown = page(client.get(url))
    assert shown.shown("case_type") == "" and "case_type" in shown.required
    response = page(client.post(url, {"case_type": "", "caseworker": "carla", "supervisor": "adam"}))
    assert "This field is required" in response.text
    assert not Case.objects.exists() and Referral.objects.get(pk=referral.pk).status == Referral.Status.SENT


def test_a_case_opened_from_the_person_page_starts_with_no_type(client, casework, register):
    person = register(given_name="Meron", sex="F", age=26)
    client.force_login(casework.carla)
    assert page(client.get(reverse("cases:open", args=[person.uuid]))).shown("case_type") == ""


def test_the_cost_of_a_service_defaults_to_the_funds_currency(client, casework, open_case):
    today = timezone.localdate()
    fund_create(
        actor=casework.fiona,
        name="Assistance Addis",
        currency="ETB",
        period_start=today - datetime.timedelta(days=10),
        period_end=today + datetime.timedelta(days=100),
        budget=Decimal("90000"),
        fund_manager_threshold=Decimal("5000"),
    )
    case = open_case()
    client.force_login(casework.carla)
    assert page(client.get(reverse("cases:service_add", args=[case.uuid]))).shown("currency") == "ETB"
    client.force_login(casework.fiona)
    assert page(client.get(reverse("cases:funds"))).shown("currency") == "ETB"  # the next budget line too


def test_without_a_fund_the_currency_is_left_for_the_caseworker(client, casework, open_case):
    case = open_case()
    client.force_login(casework.carla)
    assert page(client.get(reverse("cases:service_add", args=[case.uuid]))).shown("currency") == ""


def _interviewed(casework, case):
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    return vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=timezone.localdate(),
        summary="Recruited with a job offer as a cleaner",
        methods_of_recruitment=["JobOffer"],
        methods_of_control=["DebtBondage", "WithholdsDocuments"],
        labour_exploitation=["DomesticWork"],
        country_of_exploitation="LBY",
        interpreter_language="tir",
    )


def test_a_determination_must_be_chosen(client, casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    _interviewed(casework, case)
    client.force_login(casework.carla)
    url = reverse("cases:identification", args=[case.uuid])
    shown = page(client.get(url))
    assert shown.shown("determination") == "" and "determination" in shown.required
    response = page(client.post(url, {"step": "determination", "determination": "", "reasons": "Clear"}))
    assert "This field is required" in response.text
    assert Identification.objects.get(case=case).determination == ""


def test_protection_needs_and_closure_start_empty_too(client, casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = _interviewed(casework, case)
    vot.identification_determine(
        actor=casework.carla, identification=ident, determination="identified", reasons="x"
    )
    client.force_login(casework.carla)
    shown = page(client.get(reverse("cases:identification", args=[case.uuid])))
    assert shown.shown("route") == "" and shown.shown("eligibility") == ""
    detail = page(client.get(reverse("cases:detail", args=[case.uuid])))
    assert detail.shown("closure_status") == ""


def test_a_saved_interview_is_read_and_replaced_only_when_asked(client, casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    _interviewed(casework, case)
    client.force_login(casework.carla)
    url = reverse("cases:identification", args=[case.uuid])
    shown = page(client.get(url))
    assert "interview" not in shown.forms and "summary" not in shown.fields
    assert "Replace the interview record" in shown.text and "Recruited with a job offer" in shown.text
    asked = page(client.get(url, {"replace": "interview"}))
    assert "interview" in asked.forms
    # The form to replace it starts from what was saved, not empty.
    assert (
        "Recruited with a job offer as a cleaner</textarea>"
        in client.get(url, {"replace": "interview"}).content.decode()
    )
    assert asked.shown("country_of_exploitation") == "LBY" and asked.shown("interpreter_language") == "tir"


def test_htcds_codes_read_as_words(client, casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    _interviewed(casework, case)
    client.force_login(casework.carla)
    text = page(client.get(reverse("cases:identification", args=[case.uuid]))).text
    for label in (
        "Job offer",
        "Debt bondage",
        "Withholds documents",
        "Domestic work",
        "Libya (LBY)",
        "Tigrinya",
    ):
        assert label in text, label
    assert "Presumed victim of trafficking" in text
    for code in ("JobOffer", "DebtBondage", "WithholdsDocuments", "DomesticWork", "presumed_vot"):
        assert code not in text, code
    # The interview form's boxes read as words too (their values stay the codes).
    other = open_case(case_type="victim_of_trafficking")
    vot.identification_start(actor=casework.carla, case=other, indicators=[])
    form = client.get(reverse("cases:identification", args=[other.uuid])).content.decode()
    assert (
        'value="DebtBondage"' in form and "Debt bondage</label>" in form and "DebtBondage</label>" not in form
    )
