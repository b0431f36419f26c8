"""A visit's pages: record it, rate the checklist, findings and recommendations, the people met."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mixedflows.core.context_processors import app_panels
from mixedflows.core.models import Organisation
from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, project_control, project_tag, requires
from mixedflows.detention import selectors
from mixedflows.detention.forms import (
    FindingForm,
    PersonFoundForm,
    PersonMetForm,
    RecommendationForm,
    StatusForm,
    VisitForm,
)
from mixedflows.detention.models import ConditionRating, Recommendation
from mixedflows.detention.services import people as people_services
from mixedflows.detention.services.recommendations import recommendation_add as add_recommendation
from mixedflows.detention.services.recommendations import recommendation_status_change
from mixedflows.detention.services.visits import checklist_save, visit_record
from mixedflows.detention.services.visits import finding_add as add_finding
from mixedflows.lib.codes import country_choices, language_choices
from mixedflows.people.models import Person


def _partners(user):
    """Agencies the user's agency has an agreement with (either way): who may join a visit."""
    org = user.organisation
    return (
        Organisation.objects.filter(
            Q(agreements_out__to_organisation=org) | Q(agreements_in__from_organisation=org)
        )
        .exclude(pk=org.pk)
        .distinct()
    )


@requires(Perm.MONITOR_DETENTION)
def visit_new(request, uuid):
    facility = get_or_404(selectors.own_facility_for, user=request.user, uuid=uuid)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = VisitForm(
        request.POST or None,
        user=request.user,
        partners=_partners(request.user),
        initial={
            "team": [request.user],
            "started_at": now,
            "ended_at": now,
            "announced": facility.visit_terms == "announced",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_record(actor=request.user, facility=facility, **form.to_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Visit recorded. Rate the conditions next."))
            return redirect("detention:visit", uuid=visit.uuid)
    return render(
        request,
        "detention/visit_form.html",
        {"form": form, "facility": facility},
        status=422 if form.errors else 200,
    )


def _visit_context(request, visit, **forms):
    own = visit.organisation_id == request.user.organisation.pk
    can_monitor = own and request.user.can(Perm.MONITOR_DETENTION)
    findings = list(selectors.findings_of(user=request.user, visit=visit))
    items = [(row.key, row.label) for row in selectors.checklist_rows(visit)]
    return {
        "visit": visit,
        "own": own,
        "can_monitor": can_monitor,
        "to_check": selectors.recommendations_to_check(user=request.user, visit=visit),
        "findings": findings,
        "recommendations": selectors.recommendations_of(user=request.user, visit=visit),
        "rows": selectors.checklist_rows(visit),
        "people": selectors.people_met_at(user=request.user, visit=visit) if own else [],
        "status_form": StatusForm(),
        "finding_form": forms.get("finding_form") or FindingForm(items=items),
        "recommendation_form": forms.get("recommendation_form")
        or RecommendationForm(findings=findings, initial={"addressed_to": visit.facility.authority}),
        "person_form": forms.get("person_form") or PersonMetForm(),
        "found_form": forms.get("found_form") or PersonFoundForm(prefix="found"),
        "lookups": app_panels("registration_lookups", request.user) if can_monitor else [],
        "countries": country_choices(),
        "languages": language_choices(),
        "project_tag": project_control(
            request.user,
            visit,
            url=reverse("detention:visit_project", args=[visit.uuid]),
            can_tag=request.user.can(Perm.MONITOR_DETENTION),
        ),
    }


@requires(Perm.VIEW_DETENTION)
def visit_detail(request, uuid):
    visit = get_or_404(selectors.visit_for, user=request.user, uuid=uuid)
    return render(request, "detention/visit.html", _visit_context(request, visit))


@require_POST
@requires(Perm.MONITOR_DETENTION)
def visit_project(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    return project_tag(request, visit, then=reverse("detention:visit", args=[visit.uuid]))


@requires(Perm.MONITOR_DETENTION)
def checklist(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    rows = selectors.checklist_rows(visit)
    errors = {}
    if request.method == "POST":
        ratings = {
            row.key: (request.POST.get(f"rating_{row.key}", ""), request.POST.get(f"note_{row.key}", ""))
            for row in rows
        }
        try:
            changed = checklist_save(actor=request.user, visit=visit, ratings=ratings)
        except ValidationError as error:
            errors = error.message_dict
        else:
            count = len(changed)
            messages.success(
                request,
                ngettext(
                    "Conditions saved (%(count)d item changed).",
                    "Conditions saved (%(count)d items changed).",
                    count,
                )
                % {"count": count},
            )
            return redirect("detention:visit", uuid=visit.uuid)
    return render(
        request,
        "detention/checklist.html",
        {"visit": visit, "rows": rows, "ratings": ConditionRating.Rating.choices, "errors": errors},
        status=422 if errors else 200,
    )


def _visit_page_with(request, visit, **forms):
    return render(request, "detention/visit.html", _visit_context(request, visit, **forms), status=422)


@require_POST
@requires(Perm.MONITOR_DETENTION)
def finding_add(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    form = FindingForm(request.POST, items=[(row.key, row.label) for row in selectors.checklist_rows(visit)])
    if form.is_valid():
        try:
            add_finding(actor=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(reverse("detention:visit", args=[visit.uuid]) + "#findings")
    return _visit_page_with(request, visit, finding_form=form)


@require_POST
@requires(Perm.MONITOR_DETENTION)
def recommendation_add(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    form = RecommendationForm(request.POST, findings=selectors.findings_of(user=request.user, visit=visit))
    if form.is_valid():
        try:
            add_recommendation(actor=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recommendation recorded."))
            return redirect(reverse("detention:visit", args=[visit.uuid]) + "#recommendations")
    return _visit_page_with(request, visit, recommendation_form=form)


@require_POST
@requires(Perm.MONITOR_DETENTION)
def person_met_register(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    form = PersonMetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            met = people_services.person_met_register(
                actor=request.user,
                visit=visit,
                data=form.to_input(),
                reasons=data["reasons"],
                note=data["note"],
                detained_since=data["detained_since"],
                age_recorded=data["age_recorded"],
                age_disputed=data["age_disputed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(number)s registered with a detention intake.")
                % {"number": met.person.registration_number},
            )
            return redirect(reverse("detention:visit", args=[visit.uuid]) + "#people")
    return _visit_page_with(request, visit, person_form=form)


@require_POST
@requires(Perm.MONITOR_DETENTION)
def person_met_find(request, uuid):
    visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=uuid)
    form = PersonFoundForm(request.POST, prefix="found")
    if form.is_valid():
        data = form.cleaned_data
        person = (
            Person.objects.owned_by(request.user.organisation)
            .filter(registration_number=data["registration_number"].strip().upper())
            .first()
        )
        if person is None:
            form.add_error("registration_number", _("Your agency holds no record with this number."))
        else:
            try:
                people_services.person_met_find(
                    actor=request.user,
                    visit=visit,
                    person=person,
                    reasons=data["reasons"],
                    note=data["note"],
                    detained_since=data["detained_since"],
                    age_recorded=data["age_recorded"],
                    age_disputed=data["age_disputed"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(number)s found and met at this visit.") % {"number": person.registration_number},
                )
                return redirect(reverse("detention:visit", args=[visit.uuid]) + "#people")
    return _visit_page_with(request, visit, found_form=form)


@requires(Perm.VIEW_DETENTION)
def recommendation_detail(request, uuid):
    """A recommendation's history; POST moves its status, with a reason, from a later visit or a letter."""
    recommendation = get_or_404(selectors.recommendation_for, user=request.user, uuid=uuid)
    own = recommendation.organisation_id == request.user.organisation.pk
    form = StatusForm(request.POST or None)
    if request.method == "POST":
        if not (own and request.user.can(Perm.MONITOR_DETENTION)):
            raise PermissionDenied(Perm.MONITOR_DETENTION)
        visit = None
        if request.POST.get("visit"):
            visit = get_or_404(selectors.own_visit_for, user=request.user, uuid=request.POST["visit"])
        if form.is_valid():
            try:
                recommendation_status_change(
                    actor=request.user,
                    recommendation=recommendation,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    visit=visit,
                    letter_on=form.cleaned_data["letter_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Status changed to %(status)s.")
                    % {"status": Recommendation.Status(form.cleaned_data["to_status"]).label},
                )
                if visit is not None:
                    return redirect(reverse("detention:visit", args=[visit.uuid]) + "#to-check")
                return redirect("detention:recommendation", uuid=uuid)
        if visit is not None:
            context = _visit_context(request, visit)
            context["status_errors"] = {
                "recommendation": recommendation.pk,
                "messages": [m for errors in form.errors.values() for m in errors],
            }
            return render(request, "detention/visit.html", context, status=422)
    return render(
        request,
        "detention/recommendation.html",
        {
            "recommendation": recommendation,
            "form": form,
            "can_monitor": own and request.user.can(Perm.MONITOR_DETENTION),
        },
        status=422 if form.errors else 200,
    )
