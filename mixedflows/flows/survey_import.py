"""Importing flow monitoring survey submissions: all-or-nothing per batch, idempotent on every instanceID a
submission has had (see core.submission_versions)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.core.submission_versions import holders_by_version, versions_of
from mixedflows.flows.models import MonitoringPoint, SurveyInterview
from mixedflows.flows.survey import interview_values, parse, point_choice, respondent_key, submissions_of
from mixedflows.lib.codes import is_country


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    already_imported: int = 0
    no_consent: int = 0
    already_interviewed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)d interviews imported, %(updated)d updated, %(already_imported)d already imported, "
            "%(no_consent)d without consent (nothing kept), %(already_interviewed)d respondents "
            "interviewed before (not kept again)"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "already_imported": self.already_imported,
            "no_consent": self.no_consent,
            "already_interviewed": self.already_interviewed,
        }


class SurveyImportError(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        count = len(report.errors)
        super().__init__(
            ngettext(
                "%(count)d submission is not valid; nothing was imported.",
                "%(count)d submission(s) are not valid; nothing was imported.",
                count,
            )
            % {"count": count}
        )


def _check(parsed, number: int, points: dict) -> list[str]:
    f = parsed.fields
    where = (
        _("submission %(number)d (%(instance)s)") % {"number": number, "instance": parsed.instance_id}
        if parsed.instance_id
        else _("submission %(number)d (no instanceID)") % {"number": number}
    )
    problems = []
    if not parsed.instance_id:
        problems.append(_("%(where)s: no instanceID") % {"where": where})
    if str(f.get("point") or "") not in points:
        problems.append(_("%(where)s: unknown monitoring point") % {"where": where})
    try:
        datetime.date.fromisoformat(str(f.get("interview_date"))[:10])
    except ValueError:
        problems.append(_("%(where)s: interview_date is not a date") % {"where": where})
    if not parsed.consent or parsed.interviewed_before:
        return problems
    try:
        year = int(f.get("birth_year"))
        if not 1900 <= year <= datetime.date.today().year:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(_("%(where)s: birth_year is not a year") % {"where": where})
    if not is_country(str(f.get("nationality") or "")):
        problems.append(_("%(where)s: nationality is not an ISO alpha-3 code") % {"where": where})
    if len(str(f.get("key_initials") or "").strip()) != 2:
        problems.append(_("%(where)s: key_initials needs two letters") % {"where": where})
    if str(f.get("sex") or "") not in ("F", "M", "X"):
        problems.append(_("%(where)s: sex is not F, M or X") % {"where": where})
    cost = f.get("journey_cost_usd")
    if cost not in (None, "") and (not str(cost).isdigit()):
        problems.append(_("%(where)s: journey_cost_usd is not a whole number") % {"where": where})
    return problems


@transaction.atomic
def survey_import(*, actor: User, payload) -> ImportReport:
    """Import a batch. Any invalid submission stops the whole batch (SurveyImportError with the report)."""
    if not actor.can(Perm.RECORD_FLOWS) or actor.organisation is None:
        raise PermissionDenied(Perm.RECORD_FLOWS)
    org = actor.organisation
    report = ImportReport()
    try:
        parsed = [parse(s) for s in submissions_of(payload)]
    except ValueError as error:
        report.errors.append(str(error))
        raise SurveyImportError(report) from error
    own = list(MonitoringPoint.objects.visible_to(actor))
    points = {p.name: p for p in own} | {
        point_choice(p): p for p in own
    }  # typed name, or picked from the list
    for number, item in enumerate(parsed, start=1):
        report.errors += _check(item, number, points)
    if report.errors:
        raise SurveyImportError(report)
    existing = SurveyInterview.objects.filter(organisation=org)
    # Every instanceID an interview's submission has had: an older export imported again changes nothing.
    by_version = holders_by_version(
        existing,
        ids={i for p in parsed for i in (p.instance_id, p.root_id, p.deprecated_id)},
        replaced={p.deprecated_id for p in parsed},
        lock=True,
    )
    seen_keys: set[str] = set()
    for item in parsed:
        f = item.fields
        held = next(
            (by_version[i] for i in (item.root_id, item.deprecated_id, item.instance_id) if i in by_version),
            None,
        )
        if held is not None and item.instance_id in versions_of(held):
            report.already_imported += 1
            continue
        if not item.consent:
            report.no_consent += 1
            continue
        if item.interviewed_before:
            report.already_interviewed += 1
            continue
        day = datetime.date.fromisoformat(str(f["interview_date"])[:10])
        key = respondent_key(
            org_uuid=str(org.uuid),
            initials=str(f["key_initials"]),
            birth_year=int(f["birth_year"]),
            sex=str(f["sex"]),
            nationality=str(f["nationality"]),
        )
        values = interview_values(item, year_of_interview=day.year)
        common = {"point": points[str(f["point"])], "interviewed_on": day, "respondent_key": key, **values}
        if held is not None:  # an edited submission replaces the version it deprecates
            if existing.filter(respondent_key=key).exclude(pk=held.pk).exists():
                report.errors.append(
                    _("%(instance)s: the edit makes it the same respondent as another interview")
                    % {"instance": item.instance_id}
                )
                raise SurveyImportError(report)
            for name, value in common.items():
                setattr(held, name, value)
            held.submission_versions = [*versions_of(held), item.instance_id]
            held.save()
            by_version[item.instance_id] = held
            report.updated += 1
            continue
        if key in seen_keys or existing.filter(respondent_key=key).exists():
            report.already_interviewed += 1
            continue
        seen_keys.add(key)
        interview = SurveyInterview.objects.create(
            organisation=org,
            source=SurveyInterview.Source.ODK,
            submission_id=item.root_id or item.deprecated_id or item.instance_id,
            submission_versions=list(dict.fromkeys(v for v in (item.deprecated_id, item.instance_id) if v)),
            **common,
        )
        by_version |= {v: interview for v in versions_of(interview)}
        report.created += 1
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="flows.survey_batch",
        detail={
            "digest": batch_digest(p.instance_id for p in parsed),
            "created": report.created,
            "updated": report.updated,
            "submissions": len(parsed),
        },
    )
    return report
