"""The answer to an access request: everything the agency holds about one person, and who it was shared with.

One set of sections (identity, other names, documents, guardians, encounters, screenings, referrals, sharing,
cases), each a heading, column titles and rows, in the language the request asked for (where the interface has
it: `translation.override`). It is given as JSON (codes as stored, headings for people) and as a spreadsheet,
one sheet a section, every cell neutralised. Only this person's own rows: relatives, household members and
other people are not in it. The file is made when the officer downloads it, never stored, and each download is
an `export` event in the audit trail (section counts, no values).
"""

import datetime
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mixedflows.cases.models import Case
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.dataprotection.models import SubjectRequest
from mixedflows.dataprotection.services.subjects import subject_officer_agency
from mixedflows.lib.cells import neutralise
from mixedflows.people.models import AccessGrant, Person
from mixedflows.referrals.models import Referral
from mixedflows.screening.models import Screening


@dataclass
class Section:
    key: str
    heading: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def _when(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _identity(person: Person) -> Section:
    rows: list[list] = [
        [_("Registration number"), person.registration_number],
        [_("Given name"), person.given_name],
        [_("Father's name"), person.fathers_name],
        [_("Grandfather's name"), person.grandfathers_name],
        [_("Family name"), person.family_name],
        [_("Name in original script"), person.name_original_script],
        [_("Sex"), person.get_sex_display()],
        [_("Date of birth"), _when(person.date_of_birth)],
        [_("Age declared"), person.age_declared if person.age_declared is not None else ""],
        [_("Age assessed"), person.age_assessed if person.age_assessed is not None else ""],
        [_("Nationality"), person.nationality],
        [_("Languages"), ", ".join(person.languages or [])],
        [_("Phone"), person.phone],
        [_("Legal basis of the record"), person.get_legal_basis_display()],
        [_("Purpose of the record"), person.purpose],
        [_("Registered"), _when(person.created_at)],
        [_("Processing restricted since"), _when(person.restricted_at)],
    ]
    return Section("identity", _("Who you are"), [_("Field"), _("Value")], rows)


def _sections(person: Person) -> list[Section]:
    sections = [_identity(person)]
    sections.append(
        Section("aliases", _("Other names"), [_("Name")], [[a.name] for a in person.aliases.order_by("name")])
    )
    sections.append(
        Section(
            "documents",
            _("Documents"),
            [_("Kind"), _("Number"), _("Issuing country")],
            [[d.get_kind_display(), d.number, d.issuing_country] for d in person.documents.order_by("pk")],
        )
    )
    sections.append(
        Section(
            "guardians",
            _("Guardians"),
            [_("Guardian"), _("Appointed by"), _("Appointed on"), _("Ended on")],
            [
                [g.guardian_name, g.appointed_by, _when(g.appointed_on), _when(g.ended_on)]
                for g in person.guardianships.order_by("appointed_on")
            ],
        )
    )
    sections.append(
        Section(
            "encounters",
            _("Where you were met"),
            [_("Date"), _("Agency"), _("Site"), _("Kind"), _("Coming from"), _("Going to")],
            [
                [
                    _when(e.occurred_at),
                    e.organisation.name,
                    e.site.name,
                    e.get_kind_display(),
                    e.previous_place or e.departure_country,
                    e.intended_destination,
                ]
                for e in person.encounters.select_related("site", "organisation").order_by("occurred_at")
            ],
        )
    )
    sections.append(
        Section(
            "screenings",
            _("Screenings"),
            [_("Started"), _("Status"), _("Categories"), _("Urgency"), _("Recommended")],
            [
                [
                    _when(s.started_at),
                    s.get_status_display(),
                    ", ".join(s.categories),
                    s.get_urgency_display(),
                    ", ".join(s.procedures),
                ]
                for s in Screening.objects.filter(person=person).order_by("started_at")
            ],
        )
    )
    referrals = (
        Referral.objects.filter(person=person).select_related("to_organisation").order_by("created_at")
    )
    sections.append(
        Section(
            "referrals",
            _("Referrals"),
            [_("Sent"), _("To agency"), _("Service"), _("Status"), _("Legal basis"), _("What was shared")],
            [
                [
                    _when(r.created_at),
                    r.to_organisation.name,
                    r.get_service_display(),
                    r.get_status_display(),
                    r.get_legal_basis_display() if r.legal_basis else _("Consent overridden"),
                    ", ".join(r.field_groups),
                ]
                for r in referrals
            ],
        )
    )
    grants = AccessGrant.objects.filter(person=person).select_related("organisation").order_by("granted_at")
    sections.append(
        Section(
            "sharing",
            _("Who your data was shared with"),
            [_("Agency"), _("What was shared"), _("Legal basis"), _("Given"), _("Ended")],
            [
                [
                    g.organisation.name,
                    ", ".join(g.field_groups),
                    g.get_legal_basis_display() if g.legal_basis else _("Consent overridden"),
                    _when(g.granted_at),
                    _when(g.revoked_at),
                ]
                for g in grants
            ],
        )
    )
    sections.append(
        Section(
            "cases",
            _("Cases"),
            [_("Reference"), _("Type"), _("Status"), _("Opened"), _("Closed")],
            [
                [
                    c.reference,
                    c.get_type_display(),
                    c.get_status_display(),
                    _when(c.opened_at),
                    _when(c.closed_at),
                ]
                for c in Case.objects.filter(person=person).order_by("opened_at")
            ],
        )
    )
    return sections


def subject_export_sections(*, request: SubjectRequest) -> list[Section]:
    """The sections of the export, headings in the request's language."""
    with translation.override(request.language):
        return _sections(request.person)


def _exported(actor: User, request: SubjectRequest, sections: list[Section], fmt: str) -> None:
    organisation = subject_officer_agency(actor)
    if request.organisation_id != organisation.pk or request.kind != SubjectRequest.Kind.ACCESS:
        raise PermissionDenied("not an access request of this organisation")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="subject_request",
        object_id=request.uuid,
        detail={"format": fmt, "rows": {s.key: len(s.rows) for s in sections}},
    )


def subject_export_json(*, actor: User, request: SubjectRequest) -> bytes:
    sections = subject_export_sections(request=request)
    _exported(actor, request, sections, "json")
    payload = {
        "request": str(request.uuid),
        "language": request.language,
        "made_at": timezone.now().isoformat(),
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "columns": s.columns,
                "rows": [[str(v) if v is not None else "" for v in row] for row in s.rows],
            }
            for s in sections
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode()


def subject_export_xlsx(*, actor: User, request: SubjectRequest) -> bytes:
    sections = subject_export_sections(request=request)
    _exported(actor, request, sections, "xlsx")
    book = Workbook()
    book.remove(book.worksheets[0])
    for section in sections:
        sheet = book.create_sheet(section.heading[:31].translate(str.maketrans("[]:*?/\\", "       ")))
        sheet.append([neutralise(section.heading)])
        sheet.append([neutralise(c) for c in section.columns])
        for row in section.rows:
            sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
