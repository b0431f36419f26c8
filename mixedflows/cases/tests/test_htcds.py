"""The HTCDS 2.0 export: the standard's field names and code lists (a data file, checked here), k = 11 before it leaves."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.export import COLUMNS, codes, htcds_export, identified_cases
from mixedflows.cases.models import trafficking as model
from mixedflows.cases.services import cases as svc
from mixedflows.cases.services import trafficking as vot
from mixedflows.cases.tests.conftest import make_referral
from mixedflows.core.models import AuditEvent

# Fields and values as the HTCDS 2.0 field reference (UNMigration/HTCDS, "HTCDS Field Standards 2.0") has them.
STANDARD_2_0 = {
    "prs_Gender": [
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    ],
    "vic_TraffickingStatus": [
        "PossibleVictimOfTrafficking",
        "ActualVictimOfTrafficking",
        "NotAVictimOfTrafficking",
    ],
    "cas_Status": ["Active", "FollowUp", "Closed", "ClosedReferred"],
}
MULTI_SELECT = [
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
]


def _identified(casework, case, **interview):
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=timezone.localdate(),
        summary="Recruited with a job offer",
        **interview,
    )
    return vot.identification_determine(
        actor=casework.carla, identification=ident, determination="identified", reasons="Established"
    )


def test_the_code_lists_are_the_2_0_ones_and_every_value_we_store_maps_into_them():
    lists, mappings = codes()["code_lists"], codes()["mappings"]
    for field, values in STANDARD_2_0.items():
        assert lists[field] == values
    assert len(lists["vic_ForcedLabourIndustry"]) == 21  # ISIC Rev. 4 sections A to U
    assert [v[0] for v in lists["vic_ForcedLabourIndustry"]] == list("ABCDEFGHIJKLMNOPQRSTU")
    stored = {
        "vic_MethodOfRecruitment": model.METHODS_OF_RECRUITMENT,
        "vic_MethodsOfControl": model.METHODS_OF_CONTROL,
        "vic_TypeOfSexExploitation": model.SEX_EXPLOITATION,
    }
    for field, ours in stored.items():
        assert set(mappings[field]) == set(ours), field
        assert {v for v in mappings[field].values() if v} <= set(lists[field]), field
    assert set(mappings["labour_exploitation"]) == set(model.LABOUR_EXPLOITATION)
    for kind, industry in mappings["labour_exploitation"].values():
        assert kind in lists["vic_TypeOfExploitation"]
        assert industry is None or industry in lists["vic_ForcedLabourIndustry"]
    assert set(mappings["prs_Gender"].values()) <= set(lists["prs_Gender"])
    assert set(mappings["vic_TraffickingStatusDecisionMakingOrg"].values()) <= set(
        lists["vic_TraffickingStatusDecisionMakingOrg"]
    )
    assert set(mappings["cas_Status"].values()) == set(lists["cas_Status"])


def test_a_referred_victim_exports_in_2_0_names_and_values(casework, register):
    referral = make_referral(casework, register)
    case = svc.case_open_from_referral(
        actor=casework.carla, referral=referral, case_type="victim_of_trafficking", supervisor=casework.adam
    )
    case.person.other_nationalities = ["ETH"]  # a second citizenship: 2.0's prs_Citizenship is multi-select
    case.person.save(update_fields=["other_nationalities"])
    _identified(
        casework,
        case,
        methods_of_recruitment=["JobOffer", "Unknown"],
        methods_of_control=["DebtBondage", "Threats", "ThreatOfLawEnforcement"],
        labour_exploitation=["DomesticWork", "Begging"],
        sex_exploitation=["Prostitution"],
        country_of_exploitation="LBY",
    )
    text, protected = htcds_export(identified_cases(user=casework.adam), k=1)
    assert protected.dropped == 0
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert (
        header == COLUMNS and "prs_Nationality" not in header and "vic_TypeOfLabourExploitation" not in header
    )
    row = dict(zip(header, rows[0], strict=True))
    assert row["prs_Gender"] == "Feminine" and row["prs_Citizenship"] == "ER;ET"
    assert row["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert row["vic_TraffickingStatusDecisionMakingOrg"] == "Other"  # Alpha is an international organisation
    assert row["vic_MethodOfRecruitment"] == "AtAPlaceOfBusiness"
    assert row["vic_MethodsOfControl"] == "PhysicalThreats;ThreatsLawEnforcement;DebtBondage"
    assert row["vic_TypeOfExploitation"] == "ForcedLabour;SexualExploitation;ForcedBegging"
    assert row["vic_ForcedLabourIndustry"] == "T_ActivitiesOfHouseholdsAsEmployers"
    assert row["vic_LocationOfExploitation"] == "LY" and row["con_Consent"] == "true"
    # The date Alpha accepted the referral, not the month the case was opened.
    accepted = referral.steps.get(status="accepted").at
    assert row["cas_IncomingReferralDate"] == timezone.localdate(accepted).isoformat()
    assert row["cas_ReferringOrganisation"] == "Beta Agency"
    lists = codes()["code_lists"]
    for field in [
        *MULTI_SELECT,
        "prs_Gender",
        "vic_TraffickingStatus",
        "cas_Status",
        "vic_ForcedLabourIndustry",
    ]:
        assert all(v in lists[field] for v in row[field].split(";") if v), field


def test_eleven_unique_victims_are_generalised_suppressed_and_dropped_and_the_export_says_so(
    client, casework, register, open_case
):
    # As in the demo: every victim unique on gender x age band x citizenship.
    people = [("F", 15, "ERI"), ("M", 19, "SDN"), ("F", 22, "NGA"), ("M", 25, "ERI"), ("F", 28, "SDN")]
    people += [("M", 33, "GIN"), ("F", 41, "CIV"), ("M", 52, "MLI"), ("X", 30, "ERI"), ("M", 16, "NGA")]
    people += [("F", 60, "SOM")]
    for sex, age, nationality in people:
        person = register(given_name="Test", sex=sex, age=age, nationality=nationality)
        _identified(casework, open_case(person=person, case_type="victim_of_trafficking"))
    text, protected = htcds_export(identified_cases(user=casework.adam))
    rows = list(csv.DictReader(io.StringIO(text)))
    # Alone, each would be recognised; together under k = 11 nothing tells them apart, or they are left out.
    groups = {(r["prs_Gender"], r["ageBroad"], r["prs_Citizenship"]) for r in rows}
    assert all(
        sum((r["prs_Gender"], r["ageBroad"], r["prs_Citizenship"]) == g for r in rows) >= 11 for g in groups
    )
    assert len(rows) + protected.dropped == 11
    assert protected.suppressed["prs_Citizenship"] == ["CI", "ER", "GN", "ML", "NG", "SD", "SO"]
    client.force_login(casework.adam)
    response = client.post(reverse("cases:export_htcds"))
    event = AuditEvent.objects.filter(action="export", detail__format="htcds").latest("pk")
    assert event.detail["standard"] == "2.0" and event.detail["k"] == 11
    assert event.detail["records_kept"] + event.detail["records_dropped"] == 11
    assert "ageBroad" in event.detail["generalisation"]
    assert response["X-Records-Dropped"] == str(event.detail["records_dropped"])


def test_a_large_enough_group_keeps_its_ctdc_age_band(casework, register, open_case):
    for _ in range(11):
        person = register(given_name="Test", sex="F", age=25, nationality="ERI")
        _identified(casework, open_case(person=person, case_type="victim_of_trafficking"))
    person = register(given_name="Test", sex="M", age=60, nationality="SOM")
    _identified(casework, open_case(person=person, case_type="victim_of_trafficking"))
    text, protected = htcds_export(identified_cases(user=casework.adam))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert protected.generalisation == {"ageBroad": "CTDC ageBroad"}
    assert protected.dropped == 1 and len(rows) == 11
    assert {(r["prs_Gender"], r["ageBroad"], r["prs_Citizenship"]) for r in rows} == {
        ("Feminine", "24--26", "ER")
    }


@pytest.mark.parametrize("k", [2, 11])
def test_k_anonymise_never_publishes_a_group_smaller_than_k(k):
    from mixedflows.lib.disclosure import k_anonymise

    records = [{"a": i % 3, "b": i % 5, "other": i} for i in range(40)]
    result = k_anonymise(records, ["a", "b"], k=k, suppress_as={"a": None, "b": None})
    counts: dict = {}
    for r in result.records:
        counts[(r["a"], r["b"])] = counts.get((r["a"], r["b"]), 0) + 1
    assert all(n >= k for n in counts.values())
    assert len(result.records) + result.dropped == 40
    assert records[0] == {"a": 0, "b": 0, "other": 0}  # the input is left alone
