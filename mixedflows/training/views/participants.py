"""Participants: the template, the import, one typed in, attendance, scores and the certificate."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, run_service, submit
from mixedflows.lib.pdf import render_pdf
from mixedflows.training import selectors, spreadsheet
from mixedflows.training.forms import ImportForm, ParticipantForm, ScoreDatesForm
from mixedflows.training.services.certificates import certificate_issue, display_code
from mixedflows.training.services.participants import participant_enrol, participants_import
from mixedflows.training.services.records import attendance_record, scores_record


@requires(Perm.VIEW_TRAINING)
def template_xlsx(request):
    response = HttpResponse(
        spreadsheet.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="training-participants-template.xlsx"'
    return response


@requires(Perm.VIEW_TRAINING)
def template_csv(request):
    response = HttpResponse(spreadsheet.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="training-participants-template.csv"'
    return response


@requires(Perm.MANAGE_TRAINING)
def participants_upload(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    form = ImportForm(request.POST or None, request.FILES or None)

    def load(data):
        upload = data["file"]
        rows = spreadsheet.read_rows(upload.read(), upload.name)
        return participants_import(actor=request.user, event=event, rows=rows)

    if done := submit(
        request,
        form,
        load,
        then=lambda added: _imported(request, event, len(added)),
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return render(request, "training/import.html", {"event": event, "form": form}, status=status)


def _imported(request, event, count):
    messages.success(
        request, ngettext("%(n)s participant enrolled.", "%(n)s participants enrolled.", count) % {"n": count}
    )
    return redirect("training:event", uuid=event.uuid)


@requires(Perm.MANAGE_TRAINING)
def participant_new(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    form = ParticipantForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda data: participant_enrol(actor=request.user, event=event, **data),
        success=_("Participant enrolled."),
        then=lambda _p: redirect("training:event", uuid=event.uuid),
    ):
        return done
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Participant of %(event)s") % {"event": event}, "back": event},
    )


@requires(Perm.MANAGE_TRAINING)
def attendance(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    participants = list(selectors.participants_of(user=request.user, event=event))
    days = event.days
    if request.method == "POST":
        shown = [d for d in days if request.POST.get(f"day-{d.isoformat()}")]
        present = {
            day: {p.pk for p in participants if request.POST.get(f"present-{p.uuid}-{day.isoformat()}")}
            for day in shown
        }
        if run_service(
            request,
            None,
            lambda: attendance_record(actor=request.user, event=event, present=present),
            success=_("Attendance saved."),
        ):
            return redirect("training:event", uuid=event.uuid)
    grid = selectors.attendance_grid(user=request.user, event=event)
    today = datetime.date.today()
    rows = [
        (p, [(day, grid.get((p.pk, day)), f"present-{p.uuid}-{day.isoformat()}") for day in days])
        for p in participants
    ]
    return render(
        request,
        "training/attendance.html",
        {"event": event, "days": [(d, d <= today) for d in days], "rows": rows},
    )


def _score_of(request, name: str):
    text = (request.POST.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text  # the service names a score that is not a number from 0 to 100


@requires(Perm.MANAGE_TRAINING)
def scores(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    participants = list(selectors.participants_of(user=request.user, event=event))
    dates = ScoreDatesForm(
        request.POST or None,
        initial={
            "pre_test_on": next((p.pre_test_on for p in participants if p.pre_test_on), event.starts_on),
            "post_test_on": next((p.post_test_on for p in participants if p.post_test_on), event.ends_on),
        },
    )
    values = {}
    if request.method == "POST":
        values = {
            p.uuid: (request.POST.get(f"pre-{p.uuid}", ""), request.POST.get(f"post-{p.uuid}", ""))
            for p in participants
        }

        def save(data):
            given = {
                p: (_score_of(request, f"pre-{p.uuid}"), _score_of(request, f"post-{p.uuid}"))
                for p in participants
            }
            return scores_record(actor=request.user, event=event, scores=given, **data)

        if done := submit(
            request,
            dates,
            save,
            success=_("Scores saved."),
            then=lambda _e: redirect("training:event", uuid=event.uuid),
        ):
            return done
    rows = [
        (
            p,
            values.get(
                p.uuid,
                ("" if p.pre_score is None else p.pre_score, "" if p.post_score is None else p.post_score),
            ),
        )
        for p in participants
    ]
    return render(
        request,
        "training/scores.html",
        {"event": event, "form": dates, "rows": rows},
        status=422 if request.method == "POST" else 200,
    )


@requires(Perm.MANAGE_TRAINING)
def certificate(request, uuid):
    """The participant's certificate as PDF (issued on the first download), in the trainer's language."""
    participant = get_or_404(selectors.participant_for, user=request.user, uuid=uuid)
    try:
        participant = certificate_issue(actor=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:event", uuid=participant.event.uuid)
    event = participant.event
    html = render_to_string(
        "training/certificate_pdf.html",
        {
            "participant": participant,
            "event": event,
            "course": event.course,
            "organisation": participant.organisation,
            "code": display_code(participant.certificate_code),
            "verify_url": request.build_absolute_uri(reverse("training:verify")),
            "rtl": get_language_bidi(),
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{event.ends_on:%Y%m%d}.pdf"'
    return response
