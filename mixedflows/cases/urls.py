from django.urls import path

from mixedflows.cases.views import case, caseload, fund, plan, returns, trafficking

app_name = "cases"

urlpatterns = [
    path("", caseload.mine, name="mine"),
    path("overdue/", caseload.overdue, name="overdue"),
    path("approvals/", caseload.approvals, name="approvals"),
    path("stages/", caseload.stages, name="stages"),
    path("incoming/", caseload.incoming, name="incoming"),
    path("incoming/<uuid:uuid>/take-over/", case.take_over, name="take_over"),
    path("people/<uuid:uuid>/", caseload.person_panel, name="person_panel"),
    path("people/<uuid:uuid>/open/", case.open_for_person, name="open"),
    path("<uuid:uuid>/", case.detail, name="detail"),
    path("<uuid:uuid>/edit/", case.edit, name="edit"),
    path("<uuid:uuid>/project/", case.project, name="project"),
    path("<uuid:uuid>/close/", case.close_request, name="close_request"),
    path("<uuid:uuid>/close/approve/", case.close_approve, name="close_approve"),
    path("<uuid:uuid>/reopen/", case.reopen, name="reopen"),
    path("<uuid:uuid>/audit/", case.audit, name="audit"),
    path("<uuid:uuid>/assessment/", plan.assessment_new, name="assessment_new"),
    path("<uuid:uuid>/goals/new/", plan.goal_add, name="goal_add"),
    path("<uuid:uuid>/actions/new/", plan.action_add, name="action_add"),
    path("<uuid:uuid>/plan/submit/", plan.plan_submit, name="plan_submit"),
    path("<uuid:uuid>/plan/approve/", plan.plan_approve, name="plan_approve"),
    path("<uuid:uuid>/services/new/", plan.service_add, name="service_add"),
    path("<uuid:uuid>/fund-requests/new/", fund.fund_request_new, name="fund_request_new"),
    path("<uuid:uuid>/identification/", trafficking.identification, name="identification"),
    path("<uuid:uuid>/return/", returns.return_page, name="return"),
    path("actions/<uuid:uuid>/done/", plan.action_done, name="action_done"),
    path("funds/", fund.funds, name="funds"),
    path("funds/<uuid:uuid>/", fund.fund_detail, name="fund"),
    path("fund-requests/<uuid:uuid>/decide/", fund.fund_request_decide, name="fund_request_decide"),
    path("returns/", returns.returns_board, name="returns_board"),
    path("export/htcds/", trafficking.export_htcds, name="export_htcds"),
]
