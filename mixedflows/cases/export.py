"""Identified victims of trafficking in the Human Trafficking Case Data Standard (HTCDS) format, anonymised.

No names, no registration numbers, no exact dates of birth (CTDC's `ageBroad` bands instead), no free text;
each row gets an export-only identifier. Multi-select fields join HTCDS value names with ';'. Cells that a
spreadsheet would run as a formula are neutralised.
"""

import csv
import io
import secrets

import pycountry
from django.utils import timezone

from mixedflows.cases.models import Case, Identification

COLUMNS = [
    "exportId",
    "prs_Gender",
    "ageBroad",
    "prs_Nationality",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfLabourExploitation",
    "vic_TypeOfSexExploitation",
    "vic_Vulnerabilities",
    "hte_Type",
    "hte_Country",
]

GENDER = {"F": "Female", "M": "Male", "X": "Transgender/NonConforming", "": "Unknown"}
CASE_STATUS = {
    "open": "Active",
    "follow_up": "FollowUp",
    "closed": "Closed",
    "closed_referred": "ClosedReferred",
}
# The Counter Trafficking Data Collaborative's age bands (its `ageBroad` variable).
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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def alpha_2(alpha_3: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha_3) if alpha_3 else None
    return country.alpha_2 if country else ""


def neutralise(value: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it with a quote."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def identified_cases(*, user):
    return (
        Case.objects.visible_to(user)
        .filter(identification__determination=Identification.Determination.IDENTIFIED)
        .select_related("person", "identification", "referral__from_organisation")
        .order_by("?")
    )


def htcds_row(case: Case) -> dict:
    ident = case.identification
    referral = case.referral
    return {
        "exportId": secrets.token_hex(6),
        "prs_Gender": GENDER.get(case.person.sex, "Unknown"),
        "ageBroad": age_band(case.person.age_on(case.opened_at.date())),
        "prs_Nationality": alpha_2(case.person.nationality),
        "cas_Status": CASE_STATUS[case.status],
        "cas_ReferringOrganisation": referral.from_organisation.name if referral else "",
        # The month only: an exact date narrows who the person is.
        "cas_IncomingReferralDate": case.opened_at.strftime("%Y-%m") if referral else "",
        "vic_MethodOfRecruitment": ";".join(ident.methods_of_recruitment),
        "vic_MethodsOfControl": ";".join(ident.methods_of_control),
        "vic_TypeOfLabourExploitation": ";".join(ident.labour_exploitation),
        "vic_TypeOfSexExploitation": ";".join(ident.sex_exploitation),
        "vic_Vulnerabilities": ";".join(ident.vulnerabilities),
        "hte_Type": "Exploitation" if ident.country_of_exploitation else "",
        "hte_Country": alpha_2(ident.country_of_exploitation),
    }


def htcds_csv(cases) -> tuple[str, int]:
    """The CSV text and the number of rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for case in cases:
        writer.writerow({k: neutralise(str(v)) for k, v in htcds_row(case).items()})
        n += 1
    return out.getvalue(), n


def export_filename() -> str:
    return f"htcds-identified-{timezone.localdate():%Y%m%d}.csv"
