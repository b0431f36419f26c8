"""The outreach dashboard, a resource centre's page where counsellors log sessions row after row, and a
session's own page (its follow-up contact only for those allowed to see it)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, project_control, project_tag, requires, run_service
from mixedflows.lib.codes import country_choices, country_name_local
from mixedflows.outreach import selectors
from mixedflows.outreach.codes import Onward
from mixedflows.outreach.counts import session_tables
from mixedflows.outreach.forms import SessionForm, SessionsTagForm
from mixedflows.outreach.services.sessions import session_record, sessions_tag_project

RECENT = 20  # sessions listed under the entry row


@requires(Perm.VIEW_OUTREACH)
def dashboard(request):
    return render(
        request,
        "outreach/dashboard.html",
        {
            "campaigns": selectors.campaigns_for(user=request.user),
            "centres": selectors.centres_for(user=request.user),
            "can_record": request.user.can(Perm.RECORD_OUTREACH),
        },
    )


def _centre_context(request, centre, form, tag_form=None):
    today = timezone.localdate()
    todays = selectors.sessions_at(user=request.user, site=centre, on=today)
    total, tables = session_tables(todays.values_list("sex", "age_band", "topics"))
    return {
        "centre": centre,
        "form": form,
        "recent": selectors.sessions_at(user=request.user, site=centre)[:RECENT],
        "today": today,
        "today_total": total,
        "today_table": tables[0].labelled(tables[0].exact()),
        "countries": country_choices(),
        "can_record": request.user.can(Perm.RECORD_OUTREACH),
        "tag_form": tag_form or SessionsTagForm(user=request.user),
    }


@requires(Perm.VIEW_OUTREACH)
def centre_detail(request, uuid):
    centre = get_or_404(selectors.centre_for, user=request.user, uuid=uuid)
    return render(
        request, "outreach/centre.html", _centre_context(request, centre, SessionForm(user=request.user))
    )


@require_POST
@requires(Perm.RECORD_OUTREACH)
def session_add(request, uuid):
    """One row of the entry grid: saved, then a fresh row (the same date) and the updated counts; or the row
    back with its errors and nothing saved."""
    centre = get_or_404(selectors.centre_for, user=request.user, uuid=uuid)
    form = SessionForm(request.POST, user=request.user)
    saved = None
    if form.is_valid():
        saved = run_service(
            request, form, lambda: session_record(actor=request.user, site=centre, data=form.to_input())
        )
    if saved is not None:
        form = SessionForm(initial={"held_on": saved.held_on, "project": saved.project}, user=request.user)
    context = _centre_context(request, centre, form) | {"saved": saved}
    if not request.htmx:
        if saved is not None:
            return redirect("outreach:centre", uuid=centre.uuid)
        return render(request, "outreach/centre.html", context, status=422)
    return render(request, "outreach/centre.html#session_result", context, status=200 if saved else 422)


@require_POST
@requires(Perm.RECORD_OUTREACH)
def sessions_tag(request, uuid):
    """Tag the centre's sessions of a period that no project counts yet (logged before the project existed)."""
    centre = get_or_404(selectors.centre_for, user=request.user, uuid=uuid)
    form = SessionsTagForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        tagged = run_service(
            request,
            form,
            lambda: sessions_tag_project(
                actor=request.user, site=centre, project=data["project"], start=data["start"], end=data["end"]
            ),
        )
        if tagged is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d session tagged with %(project)s.",
                    "%(count)d sessions tagged with %(project)s.",
                    tagged,
                )
                % {"count": tagged, "project": data["project"]},
            )
            return redirect("outreach:centre", uuid=centre.uuid)
    context = _centre_context(request, centre, SessionForm(user=request.user), tag_form=form)
    return render(request, "outreach/centre.html", context, status=422)


@require_POST
@requires(Perm.RECORD_OUTREACH)
def session_project(request, uuid):
    session = get_or_404(selectors.session_for, user=request.user, uuid=uuid)
    return project_tag(request, session, then=reverse("outreach:session", args=[session.uuid]))


@requires(Perm.VIEW_OUTREACH)
def session_detail(request, uuid):
    session = get_or_404(selectors.session_for, user=request.user, uuid=uuid)
    return render(
        request,
        "outreach/session_detail.html",
        {
            "session": session,
            "nationality": country_name_local(session.nationality),
            "contact": selectors.contact_of(user=request.user, session=session),
            "to_referral_system": Onward.REFERRAL_SYSTEM in session.onward,
            "to_job_centre": Onward.JOB_CENTRE in session.onward,
            "can_register": request.user.can(Perm.REGISTER_PEOPLE),
            "notice": _("Anonymous session: no name was kept."),
            "project_tag": project_control(
                request.user,
                session,
                url=reverse("outreach:session_project", args=[session.uuid]),
                can_tag=request.user.can(Perm.RECORD_OUTREACH),
            ),
        },
    )
