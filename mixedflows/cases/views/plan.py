"""Assessment, goals, actions, tasks and reminders, plan approval, services delivered."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cases import selectors
from mixedflows.cases.forms import ActionForm, AssessmentForm, GoalForm, ServiceForm
from mixedflows.cases.services import plan as svc
from mixedflows.cases.views.common import back_to_case
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, run_service, submit


@requires(Perm.MANAGE_CASES)
def assessment_new(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if done := submit(
        request,
        form,
        lambda data: svc.assessment_record(
            actor=request.user,
            case=case,
            assessed_on=data["assessed_on"],
            rating=data["rating"],
            rating_reason=data["rating_reason"],
            factors=form.factors(),
        ),
        success=_("Assessment recorded."),
        then=lambda _: back_to_case(case, "assessment"),
    ):
        return done
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Vulnerability assessment"),
            "intro": _(
                "IOM's Determinants of Migrant Vulnerability: risk and "
                "protective factors at each level, then an overall rating."
            ),
        },
    )


@requires(Perm.MANAGE_CASES)
def goal_add(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = GoalForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda data: svc.goal_add(actor=request.user, case=case, description=data["description"]),
        then=lambda _: back_to_case(case, "plan"),
    ):
        return done
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Add a goal to the plan")}
    )


@requires(Perm.MANAGE_CASES)
def action_add(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = ActionForm(
        request.POST or None,
        user=request.user,
        case=case,
        initial={"owner": request.user.username, "goal": request.GET.get("goal", "")},
    )
    if done := submit(
        request,
        form,
        lambda data: svc.action_add(
            actor=request.user,
            case=case,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
            goal=form.goals.get(data["goal"]),
        ),
        then=lambda _: back_to_case(case, "plan"),
    ):
        return done
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Add an action, task or reminder")},
    )


@require_POST
@requires(Perm.VIEW_CASES)
def action_done(request, uuid):
    action = get_or_404(selectors.action_for, user=request.user, uuid=uuid)
    run_service(
        request, None, lambda: svc.action_done(actor=request.user, action=action), success=_("Marked done.")
    )
    return back_to_case(action.case, "plan")


@require_POST
@requires(Perm.MANAGE_CASES)
def plan_submit(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    run_service(
        request,
        None,
        lambda: svc.plan_submit(actor=request.user, case=case),
        success=_("Plan submitted for approval."),
    )
    return back_to_case(case, "plan")


@require_POST
@requires(Perm.APPROVE_CASES)
def plan_approve(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    run_service(
        request, None, lambda: svc.plan_approve(actor=request.user, case=case), success=_("Plan approved.")
    )
    return back_to_case(case, "plan")


@requires(Perm.MANAGE_CASES)
def service_add(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = ServiceForm(
        request.POST or None,
        initial={
            "delivered_on": timezone.localdate(),
            "currency": selectors.usual_currency(user=request.user, case=case),
        },
    )
    if done := submit(
        request,
        form,
        lambda data: svc.service_record(
            actor=request.user,
            case=case,
            kind=data["kind"],
            provider=data["provider"],
            delivered_on=data["delivered_on"],
            cost=data["cost"],
            currency=data["currency"],
            note=data["note"],
        ),
        success=_("Service recorded."),
        then=lambda _: back_to_case(case, "services"),
    ):
        return done
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Record a service delivered")}
    )
