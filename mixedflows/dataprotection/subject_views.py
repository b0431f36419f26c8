"""The data-subject request pages (issue 16, item 11): the register with its deadlines, a request, its export."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, run_service
from mixedflows.dataprotection import selectors
from mixedflows.dataprotection.services import subject_export, subjects
from mixedflows.dataprotection.subject_forms import SubjectAnswerForm, SubjectRequestForm


def _open(request, form, person):
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    if person is None:
        person = selectors.subject_person_by_number(
            user=request.user, registration_number=data["registration_number"]
        )
        if person is None:
            form.add_error("registration_number", _("No record of this agency has this registration number."))
            return None
    opened = run_service(
        request,
        form,
        lambda: subjects.subject_request_open(
            actor=request.user,
            person=person,
            kind=data["kind"],
            received_on=data["received_on"],
            channel=data["channel"],
            language=data["language"],
            deadline=data["deadline"],
        ),
        success=_("Request recorded, with its legal deadline."),
    )
    return redirect("dataprotection:subject_request", uuid=opened.uuid) if opened else None


@requires(Perm.HANDLE_SUBJECT_REQUESTS)
def subject_request_list(request):
    form = SubjectRequestForm(request.POST or None)
    if response := _open(request, form, None):
        return response
    return render(
        request,
        "dataprotection/subject_requests.html",
        {"form": form, "requests": selectors.subject_requests_of(user=request.user)},
        status=422 if form.errors else 200,
    )


@requires(Perm.HANDLE_SUBJECT_REQUESTS)
def subject_request_new(request, uuid):
    """Open a request from the person's page: the person is already known."""
    person = get_or_404(selectors.subject_person_for, user=request.user, uuid=uuid)
    form = SubjectRequestForm(request.POST or None, person=person)
    if response := _open(request, form, person):
        return response
    return render(
        request,
        "dataprotection/subject_request_new.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )


@requires(Perm.HANDLE_SUBJECT_REQUESTS)
def subject_request_detail(request, uuid):
    subject_request = get_or_404(selectors.subject_request_for, user=request.user, uuid=uuid)
    form = SubjectAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answered = run_service(
            request,
            form,
            lambda: subjects.subject_request_answer(
                actor=request.user,
                request=subject_request,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
            ),
            success=_("Answer recorded."),
        )
        if answered:
            return redirect("dataprotection:subject_request", uuid=subject_request.uuid)
    holds = (
        subjects.erasure_holds(subject_request.person)
        if subject_request.kind == subject_request.Kind.ERASURE and not subject_request.closed
        else []
    )
    return render(
        request,
        "dataprotection/subject_request.html",
        {"subject_request": subject_request, "form": form, "holds": holds},
        status=422 if form.errors else 200,
    )


@require_POST
@requires(Perm.HANDLE_SUBJECT_REQUESTS)
def subject_request_start(request, uuid):
    subject_request = get_or_404(selectors.subject_request_for, user=request.user, uuid=uuid)
    run_service(
        request,
        None,
        lambda: subjects.subject_request_start(actor=request.user, request=subject_request),
        success=_("The request is in progress, handled by you."),
    )
    return redirect("dataprotection:subject_request", uuid=subject_request.uuid)


_FORMATS = {
    "json": (subject_export.subject_export_json, "application/json"),
    "xlsx": (
        subject_export.subject_export_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@requires(Perm.HANDLE_SUBJECT_REQUESTS)
def subject_request_export(request, uuid, fmt):
    """The access request's export, made now for the officer who handles requests; never cached, never stored."""
    subject_request = get_or_404(selectors.subject_request_for, user=request.user, uuid=uuid)
    if fmt not in _FORMATS or subject_request.kind != subject_request.Kind.ACCESS:
        messages.error(request, _("Only an access request has an export."))
        return redirect("dataprotection:subject_request", uuid=subject_request.uuid)
    make, content_type = _FORMATS[fmt]
    response = HttpResponse(make(actor=request.user, request=subject_request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="access-{subject_request.uuid}.{fmt}"'
    response["Cache-Control"] = "no-store, private"
    return response
