"""HTML views: the queue, the screening page (saved section by section), the person panel, XLSForm and imports."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.models import JobKind, Site
from mixedflows.core.roles import Perm
from mixedflows.core.selectors import job_for
from mixedflows.core.tasks import job_start
from mixedflows.core.web import get_or_404, project_control, project_tag, requires
from mixedflows.lib.codes import language_choices, language_name
from mixedflows.people.selectors import field_groups_for, owned_person_for, person_for
from mixedflows.screening import selectors, services
from mixedflows.screening.answers import answer_display
from mixedflows.screening.forms import UploadForm
from mixedflows.screening.logic import relevant_keys
from mixedflows.screening.models import Screening
from mixedflows.screening.outcome import VisibleOutcome, visible_outcome
from mixedflows.screening.rules import Facts
from mixedflows.screening.services import current_instrument
from mixedflows.screening.tasks import import_submissions_task, upload_path
from mixedflows.screening.xlsform import ENTITY_LIST, entity_csv, form_id, xlsform_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(Perm.SCREEN)
def queue(request):
    return render(
        request,
        "screening/queue.html",
        {
            "people": selectors.people_to_screen(user=request.user),
            "sites": Site.objects.of_organisation(request.user.organisation),
        },
    )


@requires(Perm.SCREEN)
def person_screening(request, uuid):
    """The screening page by person: continue the open screening, or start one (POST)."""
    person = get_or_404(owned_person_for, user=request.user, uuid=uuid)
    if request.method == "POST":
        screening = services.screening_start(actor=request.user, person=person)
        return redirect("screening:screening", uuid=screening.uuid)
    if open_screening := selectors.open_screening_of(user=request.user, person=person):
        return redirect("screening:screening", uuid=open_screening.uuid)
    groups = field_groups_for(user=request.user, person=person)
    return render(
        request,
        "screening/start.html",
        {
            "person": person,
            "previous": [
                (s, visible_outcome(s, groups))
                for s in selectors.screenings_of_person(user=request.user, person=person)
            ],
        },
    )


def _page_context(request, screening: Screening) -> dict:
    groups = field_groups_for(user=request.user, person=screening.person)
    facts = services.person_facts(screening.person)
    codes = {code for code, _ in language_choices()}
    asked = relevant_keys(screening.instrument.definition, Facts(answers=screening.answers, person=facts))
    sections = []
    for section in selectors.visible_sections(screening, groups):
        questions = [
            {
                **q,
                "value": screening.answers.get(q["key"], ""),
                "shown": answer_display(q, screening.answers.get(q["key"])),
                "asked": q["key"] in asked,
                "relevant_json": json.dumps(q["relevant"]) if "relevant" in q else "",
                "extra_language": language_name(q_value)
                if q["type"] == "language"
                and (q_value := screening.answers.get(q["key"]))
                and q_value not in codes
                else "",
            }
            for q in section["questions"]
        ]
        sections.append(
            {
                **section,
                "questions": questions,
                "asked": any(q["asked"] for q in questions),
                "relevant_json": json.dumps(section["relevant"]) if "relevant" in section else "",
            }
        )
    outcome = visible_outcome(screening, groups) or VisibleOutcome(withheld=True)
    return {
        "person_facts": facts,
        "languages": language_choices(),
        "screening": screening,
        "person": screening.person,
        "sections": sections,
        "outcome": outcome,
        "categories": outcome.categories,
        "explained": selectors.explanation_for(screening, outcome),
        "links": selectors.referral_links(screening, outcome.procedures)
        if screening.status == Screening.Status.COMPLETED
        else [],
        "urgency_label": outcome.urgency_label,
        "declared": selectors.declared_accompaniment(user=request.user, person=screening.person),
        "project_tag": project_control(
            request.user,
            screening,
            url=reverse("screening:project", args=[screening.uuid]),
            can_tag=request.user.can(Perm.SCREEN),
        ),
    }


@requires(Perm.SCREEN)
def screening_page(request, uuid):
    screening = get_or_404(selectors.screening_for, user=request.user, uuid=uuid)
    return render(request, "screening/screening.html", _page_context(request, screening))


@require_POST
@requires(Perm.SCREEN)
def section_save(request, uuid, section):
    """Save one section; htmx gets the section's status and the outcome back, a plain POST a redirect."""
    screening = get_or_404(selectors.screening_for, user=request.user, uuid=uuid)
    questions = next(
        (s["questions"] for s in screening.instrument.definition["sections"] if s["key"] == section), []
    )
    # An unticked checkbox sends nothing: a multiple choice is always read as a list, possibly empty.
    raw = {
        q["key"]: request.POST.getlist(q["key"])
        if q["type"] == "select_multiple"
        else request.POST.get(q["key"])
        for q in questions
    }
    errors, changed = {}, []
    try:
        changed = services.screening_save_section(
            actor=request.user, screening=screening, section_key=section, raw=raw
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    if not request.htmx:
        for field, problems in errors.items():
            label = {q["key"]: q["label"] for q in questions}.get(field)
            messages.error(request, f"{label}: {' '.join(problems)}" if label else " ".join(problems))
        return redirect(f"{screening_page_url(screening)}#section-{section}")
    context = {
        **_page_context(request, screening),
        "section_key": section,
        "changed": changed,
        "section_errors": errors,
    }
    return render(request, "screening/screening.html#saved", context, status=422 if errors else 200)


def screening_page_url(screening: Screening) -> str:
    return reverse("screening:screening", kwargs={"uuid": screening.uuid})


@require_POST
@requires(Perm.SCREEN)
def project(request, uuid):
    screening = get_or_404(selectors.screening_for, user=request.user, uuid=uuid)
    return project_tag(request, screening, then=screening_page_url(screening))


@require_POST
@requires(Perm.SCREEN)
def complete(request, uuid):
    screening = get_or_404(selectors.screening_for, user=request.user, uuid=uuid)
    try:
        services.screening_complete(actor=request.user, screening=screening)
    except ValidationError as error:
        labels = {
            q["key"]: q["label"] for s in screening.instrument.definition["sections"] for q in s["questions"]
        }
        for field, problems in error.message_dict.items():
            messages.error(request, f"{labels.get(field, field)}: {' '.join(problems)}")
        return redirect("screening:screening", uuid=screening.uuid)
    messages.success(request, _("Screening finished."))
    return redirect(f"{screening_page_url(screening)}#outcome")


@requires(Perm.VIEW_PEOPLE)
def person_panel(request, uuid):
    """The person page's panel: this person's screenings and outcomes, within the field groups the user may see."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    groups = field_groups_for(user=request.user, person=person)
    if "screening_outcome" not in groups:
        return HttpResponse("")
    rows = [
        (s, visible_outcome(s, groups))
        for s in selectors.screenings_of_person(user=request.user, person=person).select_related("instrument")
    ]
    return render(
        request,
        "screening/panel.html",
        {
            "person": person,
            "rows": rows,
            "can_screen": request.user.can(Perm.SCREEN)
            and person.organisation_id == request.user.organisation.pk,
        },
    )


@requires(Perm.SCREEN)
def xlsform(request):
    """The current instrument as an XLSForm (no personal data in it)."""
    instrument = current_instrument()
    response = HttpResponse(xlsform_workbook(instrument), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{form_id(instrument)}-v{instrument.version}.xlsx"'
    )
    return response


@require_POST
@requires(Perm.SCREEN)
def people_entities(request, uuid):
    """The site's entity list `people.csv` for the form (names of the agency's people): a POSTed, audited export."""
    site = get_or_404(selectors.site_of_agency, user=request.user, uuid=uuid)
    rows = services.people_entity_list_export(actor=request.user, site=site)
    response = HttpResponse(entity_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ENTITY_LIST}.csv"'
    return response


@requires(Perm.SCREEN)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(actor=request.user, kind=JobKind.SCREENING_IMPORT)
        upload_path(job).write_bytes(form.cleaned_data["file"].read())
        import_submissions_task.enqueue(str(job.uuid))
        return redirect("screening:import_job", uuid=job.uuid)
    return render(request, "screening/import.html", {"form": form})


@requires(Perm.SCREEN)
def import_job(request, uuid):
    job = get_or_404(job_for, user=request.user, uuid=uuid)
    context = {"form": UploadForm(), "job": job, "problems": job.result.get("problems", [])}
    if request.htmx:
        return render(request, "screening/import.html#result", context)
    return render(request, "screening/import.html", context)
