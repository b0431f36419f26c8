"""Identifying victims of trafficking: screening indicators, interview, determination, protection needs."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases import export
from mixedflows.cases.models import Case, Identification, ProtectionNeed
from mixedflows.cases.models import trafficking as codes
from mixedflows.cases.services.common import require, require_editable, require_own
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.lib import disclosure
from mixedflows.lib.codes import is_country, is_language
from mixedflows.screening.codes import ProfileCategory

S = Identification.Stage


def _writable(actor: User, case: Case) -> None:
    # Trafficking details are a sensitive field group: the extra permission is needed to record them.
    require(actor, Perm.MANAGE_CASES)
    require(actor, Perm.VIEW_SENSITIVE)
    require_own(actor, case)
    require_editable(case)


@transaction.atomic
def identification_start(*, actor: User, case: Case, indicators: list[str], note: str = "") -> Identification:
    """Step one: the trafficking indicators found in the pre-screening (profiling), reviewed by the caseworker."""
    _writable(actor, case)
    if Identification.objects.filter(case=case).exists():
        raise ValidationError(_("The identification of this case has already started."))
    unknown = [code for code in indicators if code not in ProfileCategory.values]
    if unknown:
        raise ValidationError(
            {"indicators": _("Unknown screening indicator %(code)r.") % {"code": unknown[0]}}
        )
    identification = Identification.objects.create(
        case=case,
        stage=S.INTERVIEW,
        screening_indicators=sorted(set(indicators)),
        screening_note=note.strip(),
        screening_reviewed_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="identification",
        object_id=identification.uuid,
        fields=["screening_indicators", "screening_note"],
        detail={"case": str(case.uuid)},
    )
    return identification


def _codes(values: list[str], allowed: list[str], field: str) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValidationError({field: _("%(code)r is not in the HTCDS code list.") % {"code": bad[0]}})
    return sorted(set(values))


@transaction.atomic
def identification_interview(
    *,
    actor: User,
    identification: Identification,
    interviewed_on: datetime.date,
    summary: str,
    interpreter_language: str = "",
    country_of_exploitation: str = "",
    methods_of_recruitment: Iterable[str] = (),
    methods_of_control: Iterable[str] = (),
    labour_exploitation: Iterable[str] = (),
    sex_exploitation: Iterable[str] = (),
    vulnerabilities: Iterable[str] = (),
) -> Identification:
    """Step two: the detailed identification interview, with the HTCDS exploitation details."""
    _writable(actor, identification.case)
    if identification.stage == S.DETERMINED:
        raise ValidationError(_("The determination is made; the interview can no longer change."))
    errors = {}
    if interviewed_on is None or interviewed_on > timezone.localdate():
        errors["interviewed_on"] = _("Give the date of the interview (not in the future).")
    if not summary.strip():
        errors["summary"] = _("Summarise the interview.")
    country = (country_of_exploitation or "").upper()
    if country and not is_country(country):
        errors["country_of_exploitation"] = _("Unknown country code %(code)r.") % {"code": country}
    language = (interpreter_language or "").lower()
    if language and not is_language(language):
        errors["interpreter_language"] = _("Unknown language code %(code)r.") % {"code": language}
    if errors:
        raise ValidationError(errors)
    identification.methods_of_recruitment = _codes(
        list(methods_of_recruitment), codes.METHODS_OF_RECRUITMENT, "methods_of_recruitment"
    )
    identification.methods_of_control = _codes(
        list(methods_of_control), codes.METHODS_OF_CONTROL, "methods_of_control"
    )
    identification.labour_exploitation = _codes(
        list(labour_exploitation), codes.LABOUR_EXPLOITATION, "labour_exploitation"
    )
    identification.sex_exploitation = _codes(
        list(sex_exploitation), codes.SEX_EXPLOITATION, "sex_exploitation"
    )
    identification.vulnerabilities = _codes(list(vulnerabilities), codes.VULNERABILITIES, "vulnerabilities")
    identification.interviewed_on, identification.interviewed_by = interviewed_on, actor
    identification.interpreter_language, identification.country_of_exploitation = language, country
    identification.interview_summary = summary.strip()
    identification.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="identification",
        object_id=identification.uuid,
        fields=[
            "interviewed_on",
            "interview_summary",
            "methods_of_recruitment",
            "methods_of_control",
            "labour_exploitation",
            "sex_exploitation",
            "vulnerabilities",
            "country_of_exploitation",
        ],
    )
    return identification


@transaction.atomic
def identification_determine(
    *, actor: User, identification: Identification, determination: str, reasons: str
) -> Identification:
    """End of the procedure: identified victim, not a victim, or inconclusive, with the reasons."""
    _writable(actor, identification.case)
    if identification.interviewed_on is None:
        raise ValidationError(_("Record the identification interview before the determination."))
    if identification.stage == S.DETERMINED:
        raise ValidationError(_("The determination is already made."))
    if determination not in Identification.Determination.values:
        raise ValidationError({"determination": _("Choose identified, not a victim, or inconclusive.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the determination.")})
    identification.determination, identification.determination_reasons = determination, reasons.strip()
    identification.determined_by, identification.determined_at = actor, timezone.now()
    identification.stage = S.DETERMINED
    identification.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="identification",
        object_id=identification.uuid,
        fields=["determination", "determination_reasons"],
        detail={"determination": determination},
    )
    return identification


@transaction.atomic
def protection_need_set(
    *,
    actor: User,
    identification: Identification,
    route: str,
    eligibility: str,
    responsible_organisation: Organisation,
    next_step: str,
) -> ProtectionNeed:
    """Record eligibility for one route (asylum, resettlement, return...) and which agency takes the next step."""
    _writable(actor, identification.case)
    if identification.stage != S.DETERMINED:
        raise ValidationError(_("Protection needs follow the determination."))
    errors = {}
    if route not in ProtectionNeed.Route.values:
        errors["route"] = _("Unknown route %(route)r.") % {"route": route}
    if eligibility not in ProtectionNeed.Eligibility.values:
        errors["eligibility"] = _("Unknown eligibility %(eligibility)r.") % {"eligibility": eligibility}
    if responsible_organisation is None:
        errors["responsible_organisation"] = _("Name the agency responsible for the next step.")
    if not next_step.strip():
        errors["next_step"] = _("Describe the next step.")
    if errors:
        raise ValidationError(errors)
    need, _created = ProtectionNeed.objects.update_or_create(
        identification=identification,
        route=route,
        defaults={
            "eligibility": eligibility,
            "responsible_organisation": responsible_organisation,
            "next_step": next_step.strip(),
            "recorded_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="identification",
        object_id=identification.uuid,
        fields=["protection_needs"],
        detail={"route": route, "eligibility": eligibility},
    )
    return need


@transaction.atomic
def identified_victims_export(*, actor: User) -> tuple[str, disclosure.Anonymised]:
    """Identified victims in HTCDS 2.0, k-anonymous, as CSV text, audited with what protecting the rows took: the
    age bands used, the values suppressed (codes, never a person's data) and how many records were left out."""
    require(actor, Perm.APPROVE_CASES)
    text, protected = export.htcds_export(export.identified_cases(user=actor))
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="case",
        detail={"format": "htcds", "standard": "2.0", "rows": len(protected.records), **protected.report()},
    )
    return text, protected
