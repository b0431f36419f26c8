"""Opening (directly or by taking over a referral), the case page, changes, closure and reopening."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cases import selectors
from mixedflows.cases.forms import CaseEditForm, CaseOpenForm, CloseForm, HouseholdCaseOpenForm
from mixedflows.cases.models import CasePlan
from mixedflows.cases.models.cases import CASE_TYPE_FOR_SERVICE
from mixedflows.cases.services import cases as svc
from mixedflows.cases.views.common import back_to_case
from mixedflows.core.models import FieldGroup
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, project_control, project_tag, requires, run_service, submit
from mixedflows.people.selectors import field_groups_for, owned_person_for


@requires(Perm.MANAGE_CASES)
def take_over(request, uuid):
    """Accept a referral, create our own record from the granted fields, and open the case: one step."""
    referral = get_or_404(selectors.incoming_referral_for, user=request.user, uuid=uuid)
    groups = field_groups_for(user=request.user, person=referral.person)
    form = CaseOpenForm(
        request.POST or None,
        user=request.user,
        initial={
            "caseworker": request.user.username,
            "case_type": CASE_TYPE_FOR_SERVICE.get(referral.service, ""),
        },
    )
    if done := submit(
        request,
        form,
        lambda data: svc.case_open_from_referral(
            actor=request.user,
            referral=referral,
            case_type=data["case_type"],
            supervisor=data["supervisor"],
            caseworker=data["caseworker"],
        ),
        success=_("Referral accepted, person taken over and case opened."),
        then=back_to_case,
    ):
        return done
    return render(
        request,
        "cases/take_over.html",
        {
            "referral": referral,
            "form": form,
            "groups": groups,
            "FG": FieldGroup,
            "group_labels": [label for value, label in FieldGroup.choices if value in groups],
        },
    )


@requires(Perm.MANAGE_CASES)
def open_for_person(request, uuid):
    person = get_or_404(owned_person_for, user=request.user, uuid=uuid)
    form = HouseholdCaseOpenForm(
        request.POST or None, user=request.user, initial={"caseworker": request.user.username}
    )
    if done := submit(
        request,
        form,
        lambda data: svc.case_open(
            actor=request.user,
            person=person,
            case_type=data["case_type"],
            supervisor=data["supervisor"],
            caseworker=data["caseworker"],
            members=data["members"],
        ),
        success=_("Case opened."),
        then=back_to_case,
    ):
        return done
    return render(request, "cases/open.html", {"person": person, "form": form})


@requires(Perm.VIEW_CASES)
def detail(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    svc.case_viewed(actor=request.user, case=case)
    plan = CasePlan.objects.filter(case=case).prefetch_related("goals__actions__owner").first()
    user = request.user
    sections = selectors.case_sections(user=user, case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "sections": sections,
            "type_label": sections.type_label(case),
            "plan": plan,
            "tasks": case.actions.filter(goal__isnull=True).select_related("owner"),
            "assessment": case.assessments.prefetch_related("factors").first()
            if sections.free_text
            else None,
            "services": case.services.all()[:50] if sections.free_text else [],
            "fund_requests": case.fund_requests.select_related("fund", "requested_by").prefetch_related(
                "decisions__by"
            ),
            "members": case.members.select_related("person"),
            "can_see_person": sections.identity and user.can(Perm.VIEW_PEOPLE),
            "identification": getattr(case, "identification", None) if sections.identification else None,
            "return_case": selectors.return_for_case(user=user, case=case),
            "can_manage": user.can(Perm.MANAGE_CASES) and not case.is_closed,
            "can_approve": user.can(Perm.APPROVE_CASES),
            "can_audit": user.can(Perm.VIEW_AUDIT),
            "close_form": CloseForm(),
            "project_tag": project_control(
                user,
                case,
                url=reverse("cases:project", args=[case.uuid]),
                can_tag=user.can(Perm.MANAGE_CASES),
            ),
        },
    )


@require_POST
@requires(Perm.MANAGE_CASES)
def project(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    return project_tag(request, case, then=reverse("cases:detail", args=[case.uuid]))


@requires(Perm.MANAGE_CASES)
def edit(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = CaseEditForm(
        request.POST or None,
        user=request.user,
        initial={
            "case_type": case.type,
            "caseworker": case.caseworker.username,
            "supervisor": case.supervisor.username,
            "status": case.status,
        },
    )
    if done := submit(
        request,
        form,
        lambda data: svc.case_update(
            actor=request.user,
            case=case,
            case_type=data["case_type"],
            caseworker=data["caseworker"],
            supervisor=data["supervisor"],
            status=data["status"],
        ),
        success=_("Case saved."),
        then=lambda _: back_to_case(case),
    ):
        return done
    return render(request, "cases/form.html", {"case": case, "form": form, "title": _("Change the case")})


@require_POST
@requires(Perm.MANAGE_CASES)
def close_request(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the case closes and give the reason."))
    else:
        run_service(
            request,
            None,
            lambda: svc.case_close_request(
                actor=request.user,
                case=case,
                closure_status=form.cleaned_data["closure_status"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Closure requested: a supervisor approves it."),
        )
    return back_to_case(case)


@require_POST
@requires(Perm.APPROVE_CASES)
def close_approve(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    run_service(
        request,
        None,
        lambda: svc.case_close_approve(actor=request.user, case=case),
        success=_("Closure approved: the case is closed."),
    )
    return back_to_case(case)


@require_POST
@requires(Perm.MANAGE_CASES)
def reopen(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    run_service(
        request, None, lambda: svc.case_reopen(actor=request.user, case=case), success=_("Case reopened.")
    )
    return back_to_case(case)


@requires(Perm.VIEW_AUDIT)
def audit(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    sections = selectors.case_sections(user=request.user, case=case)
    return render(
        request,
        "cases/audit.html",
        {"case": case, "events": selectors.case_audit_events(case=case, sections=sections)},
    )
