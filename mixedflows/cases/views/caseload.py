"""Caseload pages: my cases, overdue actions, awaiting my approval, cases by stage; incoming referrals."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from mixedflows.cases import selectors
from mixedflows.cases.models.cases import CaseStatus, CaseType
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires
from mixedflows.people.selectors import person_for


def _tabs(request, active):
    # Rows link to "{case_base}{uuid}/": one reverse per page instead of one per row (it shows at 100 rows).
    return {
        "active": active,
        "case_base": reverse("cases:mine"),
        "page_size": selectors.PAGE,
        "can_approve": request.user.can(Perm.APPROVE_CASES) or request.user.can(Perm.APPROVE_FUNDS),
        "show_type": selectors.case_sections(user=request.user).type,
    }


@requires(Perm.VIEW_CASES)
def mine(request):
    return render(
        request,
        "cases/caseload.html",
        {
            **_tabs(request, "mine"),
            "cases": selectors.my_cases(user=request.user),
            "due_soon": selectors.due_soon(user=request.user, limit=20),
        },
    )


@requires(Perm.VIEW_CASES)
def overdue(request):
    return render(
        request,
        "cases/caseload.html",
        {**_tabs(request, "overdue"), "overdue": selectors.overdue_actions(user=request.user)},
    )


@requires(Perm.VIEW_CASES)
def approvals(request):
    return render(
        request,
        "cases/caseload.html",
        {**_tabs(request, "approvals"), "approvals": selectors.awaiting_my_approval(user=request.user)},
    )


@requires(Perm.VIEW_CASES)
def stages(request):
    case_type, status = request.GET.get("type", ""), request.GET.get("status", "")
    listed = None
    show_type = selectors.case_sections(user=request.user).type
    if case_type or status:
        known_type = case_type in CaseType.values if show_type else case_type == ""
        if not known_type or status not in CaseStatus.values:
            raise Http404("Not found")
        listed = selectors.cases_of_status(user=request.user, case_type=case_type, status=status)
    return render(
        request,
        "cases/caseload.html",
        {
            **_tabs(request, "stages"),
            "by_stage": selectors.cases_by_stage(user=request.user),
            "listed": listed,
            "listed_type": CaseType(case_type).label if listed is not None and case_type else "",
            "listed_status": CaseStatus(status).label if listed is not None else "",
        },
    )


@requires(Perm.MANAGE_CASES)
def incoming(request):
    return render(
        request, "cases/incoming.html", {"referrals": selectors.incoming_referrals(user=request.user)}
    )


@requires(Perm.VIEW_CASES)
def person_panel(request, uuid):
    """The cases panel on a person's page: that agency's cases of this person, and a button to open one."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    own = person.organisation_id == request.user.organisation.pk
    return render(
        request,
        "cases/person_panel.html",
        {
            "person": person,
            "cases": selectors.cases_of_person(user=request.user, person=person),
            "show_type": selectors.case_sections(user=request.user).type,
            "can_open": own and request.user.can(Perm.MANAGE_CASES),
        },
    )
