"""Identification of victims of trafficking, the HTCDS export, and assisted voluntary return."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mixedflows.cases.export import htcds_export, identified_cases, neutralise
from mixedflows.cases.models import ReturnCase
from mixedflows.cases.selectors import returns_board
from mixedflows.cases.services import returns as ret
from mixedflows.cases.services import trafficking as vot

TODAY = timezone.localdate


def _identified(casework, case, **interview):
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=TODAY(),
        summary="Recruited with a job offer",
        **interview,
    )
    return vot.identification_determine(
        actor=casework.carla,
        identification=ident,
        determination="identified",
        reasons="Act, means and purpose established",
    )


def test_identification_goes_screening_interview_determination_then_needs(casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(
        actor=casework.carla, case=case, indicators=["presumed_vot", "gbv_survivor"]
    )
    with pytest.raises(ValidationError, match="interview"):
        vot.identification_determine(
            actor=casework.carla, identification=ident, determination="identified", reasons="x"
        )
    with pytest.raises(ValidationError):
        vot.identification_interview(
            actor=casework.carla,
            identification=ident,
            interviewed_on=TODAY(),
            summary="ok",
            methods_of_control=["MindControl"],
        )
    vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=TODAY(),
        summary="ok",
        methods_of_control=["DebtBondage", "WithholdsDocuments"],
        country_of_exploitation="lby",
    )
    with pytest.raises(ValidationError, match="reasons"):
        vot.identification_determine(
            actor=casework.carla, identification=ident, determination="identified", reasons=" "
        )
    ident = vot.identification_determine(
        actor=casework.carla,
        identification=ident,
        determination="identified",
        reasons="Act, means and purpose established",
    )
    need = vot.protection_need_set(
        actor=casework.carla,
        identification=ident,
        route="asylum",
        eligibility="to_assess",
        responsible_organisation=casework.beta,
        next_step="Refer to asylum procedure",
    )
    assert need.responsible_organisation == casework.beta and ident.country_of_exploitation == "LBY"
    with pytest.raises(PermissionDenied):  # trafficking details need the sensitive permission
        vot.protection_need_set(
            actor=casework.fiona,
            identification=ident,
            route="resettlement",
            eligibility="eligible",
            responsible_organisation=casework.beta,
            next_step="x",
        )


def test_htcds_export_is_anonymised_and_neutralises_formulas(casework, register, open_case):
    person = register(
        given_name='=HYPERLINK("x")',
        family_name="Secret",
        sex="F",
        nationality="ERI",
        date_of_birth=datetime.date(2001, 3, 14),
        dob_precision="exact",
    )
    case = open_case(person=person, case_type="victim_of_trafficking")
    _identified(
        casework,
        case,
        methods_of_control=["DebtBondage", "Threats"],
        labour_exploitation=["DomesticWork"],
        country_of_exploitation="LBY",
    )
    other = open_case(case_type="victim_of_trafficking")
    vot.identification_start(
        actor=casework.carla, case=other, indicators=["presumed_vot"]
    )  # not determined: not exported
    text, _protected = htcds_export(identified_cases(user=casework.adam), k=1)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["prs_Gender"] == "Feminine" and row["prs_Citizenship"] == "ER"
    assert row["vic_LocationOfExploitation"] == "LY"
    assert row["vic_MethodsOfControl"] == "PhysicalThreats;DebtBondage" and row["cas_Status"] == "Active"
    assert row["ageBroad"] in {"24--26", "21--23"}
    for forbidden in ("Secret", "HYPERLINK", "2001", person.registration_number, str(case.uuid)):
        assert forbidden not in text
    assert neutralise("=1+1") == "'=1+1" and neutralise("-2") == "'-2" and neutralise("@x") == "'@x"
    assert identified_cases(user=casework.bea).count() == 0


def _returned(casework, case):
    rc = ret.return_start(actor=casework.carla, case=case, destination_country="ERI", informed_on=TODAY())
    rc = ret.return_decision(
        actor=casework.carla, return_case=rc, decision_on=TODAY(), capacity_confirmed=True
    )
    yesterday = TODAY() - datetime.timedelta(days=1)
    rc = ret.return_pre_departure(
        actor=casework.carla,
        return_case=rc,
        counselling_on=yesterday,
        fit_to_travel_on=yesterday,
        travel_documents_on=yesterday,
        booking_reference="QX-1",
    )
    now = timezone.now()
    return ret.return_travel(
        actor=casework.carla,
        return_case=rc,
        departed_at=now - datetime.timedelta(hours=9),
        arrived_at=now - datetime.timedelta(hours=1),
        transit_place="Cairo",
        escort="none",
    )


def test_a_return_moves_stage_by_stage_and_is_monitored(casework, open_case):
    case = open_case()
    rc = ret.return_start(actor=casework.carla, case=case, destination_country="ERI", informed_on=TODAY())
    with pytest.raises(ValidationError, match="later"):
        ret.return_reception(actor=casework.carla, return_case=rc, received_on=TODAY(), received_by="Partner")
    with pytest.raises(ValidationError, match="capacity"):
        ret.return_decision(actor=casework.carla, return_case=rc, decision_on=TODAY())
    rc.delete()
    rc = _returned(casework, case)
    rc = ret.return_reception(
        actor=casework.carla, return_case=rc, received_on=TODAY(), received_by="Asmara partner"
    )
    with pytest.raises(ValidationError):
        ret.monitoring_visit_record(
            actor=casework.carla,
            return_case=rc,
            slot=3,
            visited_on=TODAY(),
            economic_score=Decimal("0.5"),
            social_score=Decimal("0.5"),
            psychosocial_score=Decimal("0.5"),
        )
    rc = ret.return_reintegration_plan(
        actor=casework.carla,
        return_case=rc,
        economic="Small shop",
        social="Family",
        psychosocial="Counselling",
    )
    for slot, score in ((3, "0.40"), (6, "0.65")):
        ret.monitoring_visit_record(
            actor=casework.carla,
            return_case=rc,
            slot=slot,
            visited_on=TODAY(),
            economic_score=Decimal(score),
            social_score=Decimal("0.5"),
            psychosocial_score=Decimal("0.7"),
        )
    with pytest.raises(ValidationError):
        ret.monitoring_visit_record(
            actor=casework.carla,
            return_case=rc,
            slot=12,
            visited_on=TODAY(),
            economic_score=Decimal("1.5"),
            social_score=Decimal("0.5"),
            psychosocial_score=Decimal("0.7"),
        )
    rc.refresh_from_db()
    assert rc.stage == "monitoring" and [v.economic_score for v in rc.visits.all()] == [
        Decimal("0.40"),
        Decimal("0.65"),
    ]


def test_a_childs_return_needs_guardian_and_best_interests(casework, register, open_case):
    child = register(given_name="Yonas", sex="M", age=15)
    case = open_case(person=child, case_type="unaccompanied_or_separated_child")
    rc = ret.return_start(actor=casework.carla, case=case, destination_country="ERI", informed_on=TODAY())
    with pytest.raises(ValidationError) as error:
        ret.return_decision(
            actor=casework.carla, return_case=rc, decision_on=TODAY(), capacity_confirmed=True
        )
    assert set(error.value.message_dict) == {
        "capacity_confirmed",
        "guardian",
        "best_interests_on",
        "best_interests_supports_return",
    }
    rc = ret.return_decision(
        actor=casework.carla,
        return_case=rc,
        decision_on=TODAY(),
        guardian="M. Rossi, Comune",
        best_interests_on=TODAY(),
        best_interests_supports_return=True,
    )
    assert rc.stage == "decision"


def test_the_board_counts_stages_and_shows_stuck_returns(casework, open_case):
    ret.return_start(actor=casework.carla, case=open_case(), destination_country="ERI", informed_on=TODAY())
    stuck = _returned(casework, open_case())
    ReturnCase.objects.filter(pk=stuck.pk).update(progressed_at=timezone.now() - datetime.timedelta(days=40))
    board = returns_board(user=casework.adam, stuck_days=30)
    counts = {value: n for _, value, n in board["stages"]}
    assert counts["informed"] == 1 and counts["travel"] == 1
    assert [r.pk for r in board["stuck"]] == [stuck.pk]
    assert returns_board(user=casework.bea, stuck_days=30)["stuck"] == []


def test_a_closed_cases_return_leaves_the_board_and_comes_back_on_reopening(casework, open_case):
    from mixedflows.cases.services import cases as case_svc

    case = open_case()
    ret.return_start(actor=casework.carla, case=case, destination_country="ERI", informed_on=TODAY())
    case_svc.case_close_request(actor=casework.carla, case=case, closure_status="closed", reason="Withdrew")
    case_svc.case_close_approve(actor=casework.adam, case=case)
    assert (
        dict((v, n) for _, v, n in returns_board(user=casework.adam, stuck_days=30)["stages"])["informed"]
        == 0
    )
    case_svc.case_reopen(actor=casework.carla, case=case)
    assert (
        dict((v, n) for _, v, n in returns_board(user=casework.adam, stuck_days=30)["stages"])["informed"]
        == 1
    )
