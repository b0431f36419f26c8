"""Primero's case fields for what mixedflows holds, both ways, so an agency running Primero can exchange
referrals with one running mixedflows (field names from Primero's `basic_identity` and `services` forms).

Pure mapping over plain values: no database, no web library. What Primero has and we do not hold (protection
concerns, care arrangements, tracing) is not invented; what we hold and Primero has no field for stays out.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import pycountry

SEX_TO_PRIMERO = {"F": "female", "M": "male", "X": "other"}
SEX_FROM_PRIMERO = {v: k for k, v in SEX_TO_PRIMERO.items()}
# Primero's id fields for our document kinds; other kinds go to other_id_type / other_id_no.
DOCUMENT_FIELDS = {"national_id": "national_id_no", "asylum_permit": "unhcr_id_no"}


class PrimeroError(ValueError):
    """A Primero record we cannot take in as it is; the message names the field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field_name, self.message = field_name, message


def case_to_primero(person: dict, *, case: dict | None = None, services: Sequence[dict] = ()) -> dict:
    """A Primero case from what the caller may see of a person (the keys of absent groups are absent)."""
    out: dict = {
        "other_agency_id": person["registration_number"],
        "other_agency_name": person["organisation"],
    }
    if "given_name" in person:
        middle = " ".join(n for n in (person["fathers_name"], person["grandfathers_name"]) if n)
        out.update(
            {
                "name_first": person["given_name"],
                "name_middle": middle,
                "name_last": person["family_name"],
                "name_other": ", ".join([person["name_original_script"], *person.get("aliases", [])]).strip(
                    ", "
                ),
                "sex": SEX_TO_PRIMERO.get(person["sex"], ""),
                "date_of_birth": person["date_of_birth"].isoformat() if person["date_of_birth"] else None,
                "age": _age(person),
                "estimated": person["dob_precision"] in ("", "year", "estimated")
                if person["date_of_birth"]
                else True,
                "nationality": [c for c in [person["nationality"], *person["other_nationalities"]] if c],
            }
        )
    if "documents" in person:
        others = []
        for document in person["documents"]:
            target = DOCUMENT_FIELDS.get(document["kind"])
            if target and target not in out:
                out[target] = document["number"]
            else:
                others.append(document)
        if others:
            out["other_id_type"], out["other_id_no"] = others[0]["kind"], others[0]["number"]
    if "phone" in person:
        out["telephone_current"] = person["phone"]
    if case is not None:
        out.update(
            {
                "case_id_display": case["reference"],
                "child_status": "closed" if case["closed_at"] else "open",
                "registration_date": case["opened_at"].date().isoformat(),
                "services_section": [
                    {
                        "service_type": s["kind"],
                        "service_implemented_day_time": s["delivered_on"].isoformat(),
                        "service_provider": s["provider"],
                        "service_implemented": "implemented",
                    }
                    for s in services
                ],
            }
        )
    return out


def _age(person: dict) -> int | None:
    if person["age_assessed"] is not None:
        return person["age_assessed"]
    if person["date_of_birth"]:
        today = datetime.date.today()
        born = person["date_of_birth"]
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return person["age_declared"]


@dataclass
class PrimeroPerson:
    """What a Primero case gives a mixedflows registration (PersonInput's fields)."""

    given_name: str = ""
    fathers_name: str = ""
    family_name: str = ""
    sex: str = ""
    date_of_birth: datetime.date | None = None
    dob_precision: str = ""
    age: int | None = None
    nationality: str = ""
    phone: str = ""
    aliases: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)


def _country(value: str, field_name: str) -> str:
    try:
        return pycountry.countries.lookup(value.strip()).alpha_3
    except LookupError as error:
        raise PrimeroError(field_name, f"unknown country {value!r}") from error


def person_from_primero(case: dict) -> PrimeroPerson:
    """Read a Primero case; PrimeroError names the first field we cannot take as it is."""
    person = PrimeroPerson(
        given_name=str(case.get("name_first") or "").strip(),
        fathers_name=str(case.get("name_middle") or "").strip(),
        family_name=str(case.get("name_last") or "").strip(),
        phone=str(case.get("telephone_current") or "").strip(),
    )
    if not (person.given_name or person.family_name):
        raise PrimeroError("name_first", "the case has no name")
    sex = str(case.get("sex") or "").strip().lower()
    if sex and sex not in SEX_FROM_PRIMERO:
        raise PrimeroError("sex", f"unknown value {sex!r} (female, male or other)")
    person.sex = SEX_FROM_PRIMERO.get(sex, "")
    if born := case.get("date_of_birth"):
        try:
            person.date_of_birth = datetime.date.fromisoformat(str(born)[:10])
        except ValueError as error:
            raise PrimeroError("date_of_birth", f"not a date: {born!r}") from error
        person.dob_precision = "estimated" if case.get("estimated") else "exact"
    elif case.get("age") not in (None, ""):
        try:
            person.age = int(case["age"])
        except (TypeError, ValueError) as error:
            raise PrimeroError("age", f"not a number: {case['age']!r}") from error
    nationality = case.get("nationality") or []
    if isinstance(nationality, str):
        nationality = [nationality]
    if nationality:
        person.nationality = _country(str(nationality[0]), "nationality")
    if other := str(case.get("name_other") or "").strip():
        person.aliases = [a.strip() for a in other.split(",") if a.strip()]
    for kind, primero_field in DOCUMENT_FIELDS.items():
        if number := str(case.get(primero_field) or "").strip():
            person.documents.append({"kind": kind, "number": number})
    if number := str(case.get("other_id_no") or "").strip():
        person.documents.append({"kind": "other", "number": number})
    return person
