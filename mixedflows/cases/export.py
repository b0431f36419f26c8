"""Identified victims of trafficking in the Human Trafficking Case Data Standard (HTCDS) 2.0, k-anonymous.

No names, no registration numbers, no exact dates of birth (CTDC's `ageBroad` bands instead), no free text;
each row gets an export-only identifier. Code lists and the mapping of our values are a data file
(data/htcds-2.0.yaml). Multi-select fields join value names with ';', in the code list's order. Before anything leaves, the rows are
made k-anonymous on gender x age band x citizenship (k = 11, as CTDC publishes): age bands are generalised,
rare values suppressed, and records that still cannot be protected dropped, and the export says how many.
Cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import io
import secrets
from functools import cache
from pathlib import Path

import pycountry
import yaml
from django.utils import timezone

from mixedflows.cases.models import Case, Identification
from mixedflows.cases.selectors import case_sections
from mixedflows.lib import disclosure
from mixedflows.lib.cells import neutralise

CODES_FILE = Path(__file__).parent / "data" / "htcds-2.0.yaml"
COLUMNS = [
    "exportId",
    "prs_Gender",
    "ageBroad",
    "prs_Citizenship",
    "con_Consent",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
]
QUASI_IDENTIFIERS = ["prs_Gender", "ageBroad", "prs_Citizenship"]
K = disclosure.DEFAULT_K
# The Counter Trafficking Data Collaborative's age bands (its `ageBroad` variable), then coarser ones.
AGE_BANDS = [
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, 200, "48+"),
]
_COARSER = {"0--8": "0--17", "9--17": "0--17", "30--38": "30--47", "39--47": "30--47", "48+": "48+"}
AGE_HIERARCHY: disclosure.Hierarchy = [
    ("CTDC ageBroad", lambda band: band),
    ("minors, 18--29, 30--47, 48+", lambda band: _COARSER.get(str(band), "18--29" if band else "")),
    ("minors and adults", lambda band: "" if not band else ("0--17" if band in ("0--8", "9--17") else "18+")),
    ("age withheld", lambda band: ""),
]


@cache
def codes() -> dict:
    """The HTCDS 2.0 code lists and our mappings to them (data/htcds-2.0.yaml)."""
    return yaml.safe_load(CODES_FILE.read_text(encoding="utf-8"))


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def alpha_2(alpha_3: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha_3) if alpha_3 else None
    return country.alpha_2 if country else ""


def identified_cases(*, user):
    """Identified victims of trafficking: none for a user who may not see the trafficking group."""
    if not case_sections(user=user).identification:
        return Case.objects.none()
    return (
        Case.objects.visible_to(user)
        .filter(identification__determination=Identification.Determination.IDENTIFIED)
        .select_related("person", "identification", "referral__from_organisation", "organisation")
        .order_by("?")
    )


def _in_order(field: str, names) -> str:
    """2.0 value names, each once, in the code list's order, joined with ';'."""
    chosen = set(names)
    return ";".join(name for name in codes()["code_lists"][field] if name in chosen)


def _mapped(field: str, values) -> str:
    """Our values as 2.0 value names (values with no 2.0 name left out)."""
    mapping = codes()["mappings"][field]
    return _in_order(field, [mapping[v] for v in values if mapping.get(v)])


def _accepted_on(case: Case) -> str:
    """The date the agency accepted the referral the case came from (2.0's cas_IncomingReferralDate)."""
    referral = case.referral
    if referral is None:
        return ""
    step = referral.steps.filter(status="accepted").order_by("at").first()
    return timezone.localdate(step.at).isoformat() if step else ""


def _consent(case: Case) -> str:
    """con_Consent from the legal basis the case's referral recorded; empty where we hold no answer."""
    referral = case.referral
    if referral is None or not referral.legal_basis:
        return ""
    return "true" if referral.legal_basis in ("consent", "guardian_consent") else "false"


def htcds_row(case: Case) -> dict:
    ident = case.identification
    referral = case.referral
    person = case.person
    labour = [
        codes()["mappings"]["labour_exploitation"].get(v) or [None, None] for v in ident.labour_exploitation
    ]
    types = [t for t, _industry in labour if t]
    if ident.sex_exploitation:
        types.append("SexualExploitation")
    industries = [industry for _type, industry in labour if industry]
    citizenship = [alpha_2(c) for c in [person.nationality, *(person.other_nationalities or [])] if c]
    return {
        "exportId": secrets.token_hex(6),
        "prs_Gender": codes()["mappings"]["prs_Gender"].get(person.sex or "", "NonSpecifiedUnknown"),
        "ageBroad": age_band(person.age_on(case.opened_at.date())),
        "prs_Citizenship": ";".join(dict.fromkeys(c for c in citizenship if c)),
        "con_Consent": _consent(case),
        "vic_TraffickingStatus": codes()["mappings"]["vic_TraffickingStatus"].get(ident.determination, ""),
        "vic_TraffickingStatusDecisionMakingOrg": codes()["mappings"][
            "vic_TraffickingStatusDecisionMakingOrg"
        ].get(case.organisation.kind, "Other"),
        "vic_MethodOfRecruitment": _mapped("vic_MethodOfRecruitment", ident.methods_of_recruitment),
        "vic_MethodsOfControl": _mapped("vic_MethodsOfControl", ident.methods_of_control),
        "vic_TypeOfExploitation": _in_order("vic_TypeOfExploitation", types),
        # A single picklist in 2.0: the first industry recorded.
        "vic_ForcedLabourIndustry": industries[0] if industries else "",
        "vic_TypeOfSexExploitation": _mapped("vic_TypeOfSexExploitation", ident.sex_exploitation),
        "vic_LocationOfExploitation": alpha_2(ident.country_of_exploitation),
        "cas_Status": codes()["mappings"]["cas_Status"][case.status],
        "cas_ReferringOrganisation": referral.from_organisation.name if referral else "",
        "cas_IncomingReferralDate": _accepted_on(case),
    }


def htcds_export(cases, *, k: int = K) -> tuple[str, disclosure.Anonymised]:
    """The CSV text of the k-anonymous rows, and what protecting them took (for the audit and the officer)."""
    rows = [htcds_row(case) for case in cases]
    protected = disclosure.k_anonymise(
        rows,
        QUASI_IDENTIFIERS,
        k=k,
        hierarchies={"ageBroad": AGE_HIERARCHY},
        suppress_as={"prs_Gender": "NonSpecifiedUnknown", "prs_Citizenship": "", "ageBroad": ""},
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in protected.records:
        writer.writerow({key: neutralise(str(value)) for key, value in row.items()})
    return out.getvalue(), protected


def export_filename() -> str:
    return f"htcds-identified-{timezone.localdate():%Y%m%d}.csv"
