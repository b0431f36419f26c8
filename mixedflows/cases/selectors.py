"""Reads for cases and caseloads. Every one starts from `visible_to(user)`."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.models import (
    Action,
    Case,
    CasePlan,
    Fund,
    FundRequest,
    Identification,
    ReturnCase,
    ServiceDelivery,
)
from mixedflows.cases.models.cases import CLOSED_STATUSES, CaseStatus, CaseType
from mixedflows.cases.models.returns import ReturnStage
from mixedflows.core.models import SENSITIVE_FIELD_GROUPS, AuditEvent, FieldGroup, User
from mixedflows.core.roles import Perm
from mixedflows.people.models import Person
from mixedflows.people.selectors import field_groups_for, role_field_groups
from mixedflows.referrals.models import Referral

PAGE = 50

# Case types that disclose a sensitive field group by their name alone ("GBV survivor").
CASE_TYPE_FIELD_GROUP = {
    CaseType.VICTIM_OF_TRAFFICKING: FieldGroup.TRAFFICKING,
    CaseType.UNACCOMPANIED_OR_SEPARATED_CHILD: FieldGroup.CHILD_PROTECTION,
    CaseType.GBV_SURVIVOR: FieldGroup.GBV,
    CaseType.MEDICAL_OR_PSYCHOSOCIAL: FieldGroup.HEALTH,
}
# Free text (assessment factors, service notes, monitoring notes) can hold anything a person disclosed.
FREE_TEXT_GROUPS = SENSITIVE_FIELD_GROUPS | {FieldGroup.PROTECTION_NEEDS}


@dataclass(frozen=True)
class CaseSections:
    """Which parts of a case the user may see, from `people.selectors.field_groups_for` (the one answer).

    A single value that could disclose a sensitive group (the case type) is shown only to users who may see
    every group it could disclose, so that showing some types and hiding others tells nothing either.
    """

    groups: frozenset[str]

    @property
    def type(self) -> bool:
        return set(CASE_TYPE_FIELD_GROUP.values()) <= self.groups

    @property
    def identity(self) -> bool:
        return FieldGroup.IDENTITY in self.groups

    @property
    def free_text(self) -> bool:
        """Assessment, services delivered (their kinds say "medical care") and their notes."""
        return FREE_TEXT_GROUPS <= self.groups

    @property
    def identification(self) -> bool:
        return FieldGroup.TRAFFICKING in self.groups

    @property
    def best_interests(self) -> bool:
        return FieldGroup.CHILD_PROTECTION in self.groups

    @property
    def health(self) -> bool:
        return FieldGroup.HEALTH in self.groups

    def type_label(self, case: Case) -> str:
        return case.get_type_display() if self.type else ""


def case_sections(*, user: User, case: Case | None = None) -> CaseSections:
    """The case's sections this user may see. Cases are never shared, so for lists of the agency's cases the
    role's groups (`role_field_groups`) are the same answer as `field_groups_for` on each case's person."""
    if case is None:
        return CaseSections(role_field_groups(user))
    return CaseSections(field_groups_for(user=user, person=case.person))


def case_for(*, user: User, uuid: UUID | str) -> Case:
    return (
        Case.objects.visible_to(user)
        .select_related("person", "caseworker", "supervisor", "referral")
        .get(uuid=uuid)
    )


def _with_last_service(cases: QuerySet[Case]) -> QuerySet[Case]:
    last = (
        ServiceDelivery.objects.filter(case=OuterRef("pk"))
        .order_by("-delivered_on")
        .values("delivered_on")[:1]
    )
    return cases.annotate(last_service_on=Subquery(last))


def my_cases(*, user: User, limit: int = PAGE) -> QuerySet[Case]:
    """Open and follow-up cases the user works on as caseworker, oldest first: what to pick up next."""
    cases = Case.objects.visible_to(user).filter(caseworker=user).exclude(status__in=CLOSED_STATUSES)
    return _with_last_service(cases.select_related("person").order_by("opened_at", "pk"))[:limit]


def overdue_actions(*, user: User, limit: int = PAGE) -> QuerySet[Action]:
    """Actions, tasks and reminders the user owns that are past their due date."""
    return (
        Action.objects.visible_to(user)
        .filter(owner=user, done_at__isnull=True, due_on__lt=timezone.localdate())
        .select_related("case")
        .order_by("due_on", "pk")[:limit]
    )


def due_soon(*, user: User, days: int = 7, limit: int = PAGE) -> QuerySet[Action]:
    today = timezone.localdate()
    return (
        Action.objects.visible_to(user)
        .filter(
            owner=user,
            done_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("case")
        .order_by("due_on", "pk")[:limit]
    )


def awaiting_my_approval(*, user: User) -> dict:
    """Plans, closures and fund requests this user may approve, never their own."""
    result: dict[str, list] = {"plans": [], "closures": [], "fund_requests": []}
    if user.can(Perm.APPROVE_CASES):
        cases = Case.objects.visible_to(user).filter(supervisor=user)
        result["plans"] = list(
            CasePlan.objects.filter(case__in=cases, status=CasePlan.Status.SUBMITTED)
            .exclude(author=user)
            .select_related("case")[:PAGE]
        )
        result["closures"] = list(
            cases.filter(closure_requested_at__isnull=False)
            .exclude(status__in=CLOSED_STATUSES)
            .exclude(closure_requested_by=user)[:PAGE]
        )
    statuses = []
    if user.can(Perm.APPROVE_CASES):
        statuses.append(FundRequest.Status.PENDING)
    if user.can(Perm.APPROVE_FUNDS):
        statuses.append(FundRequest.Status.AWAITING_FUND_MANAGER)
    if statuses:
        result["fund_requests"] = list(
            FundRequest.objects.visible_to(user)
            .filter(status__in=statuses)
            .exclude(requested_by=user)
            .exclude(decisions__by=user)
            .select_related("case", "fund")
            .order_by("requested_at")[:PAGE]
        )
    return result


def cases_by_stage(*, user: User) -> dict:
    """How many of the agency's cases are at each status, per type (one grouped count); one row of all types
    for a user who may not see case types (a count per type would tell how many GBV survivors there are)."""
    if not case_sections(user=user).type:
        counts = dict(Case.objects.visible_to(user).values_list("status").annotate(n=Count("*")).order_by())
        return {
            "rows": [(_("All cases"), "", [(s, counts.get(s, 0)) for s in CaseStatus.values])],
            "statuses": CaseStatus.choices,
        }
    rows = Case.objects.visible_to(user).values("type", "status").annotate(n=Count("*")).order_by()
    table = {t: {s: 0 for s in CaseStatus.values} for t in CaseType.values}
    for row in rows:
        table[row["type"]][row["status"]] = row["n"]
    return {
        "rows": [
            (CaseType(t).label, t, [(s, table[t][s]) for s in CaseStatus.values]) for t in CaseType.values
        ],
        "statuses": CaseStatus.choices,
    }


def cases_of_status(*, user: User, case_type: str, status: str, limit: int = PAGE) -> QuerySet[Case]:
    """One cell of the by-stage table; `case_type` "" is every type (the row of a user who may not see types)."""
    cases = Case.objects.visible_to(user).filter(status=status)
    if case_type:
        cases = cases.filter(type=case_type)
    return cases.select_related("person", "caseworker").order_by("-opened_at")[:limit]


def cases_of_person(*, user: User, person: Person) -> QuerySet[Case]:
    return Case.objects.visible_to(user).filter(Q(person=person) | Q(members__person=person)).distinct()


def incoming_referrals(*, user: User) -> QuerySet[Referral]:
    """Referrals to the user's agency that can still be taken over."""
    return (
        Referral.objects.visible_to(user)
        .inbox(user)
        .filter(status__in=[Referral.Status.SENT, Referral.Status.ACKNOWLEDGED])
        .select_related("from_organisation", "person")
        .order_by("due_at")
    )


def incoming_referral_for(*, user: User, uuid: UUID | str) -> Referral:
    return incoming_referrals(user=user).get(uuid=uuid)


def funds_of(*, user: User) -> QuerySet[Fund]:
    return Fund.objects.visible_to(user)


def fund_for(*, user: User, uuid: UUID | str) -> Fund:
    return Fund.objects.visible_to(user).get(uuid=uuid)


def open_funds(*, user: User, currency: str = "") -> QuerySet[Fund]:
    today = timezone.localdate()
    funds = Fund.objects.visible_to(user).filter(period_start__lte=today, period_end__gte=today)
    return funds.filter(currency=currency) if currency else funds


def usual_currency(*, user: User, case: Case | None = None) -> str:
    """The currency money is counted in here: the fund the case last drew on, else the agency's current fund
    (the latest to start), else its latest fund; "" for an agency with no fund."""
    if case is not None:
        last = FundRequest.objects.visible_to(user).filter(case=case).order_by("-requested_at", "-pk").first()
        if last is not None:
            return last.fund.currency
    current = open_funds(user=user).order_by("-period_start", "-pk").first()
    latest = current or Fund.objects.visible_to(user).order_by("-period_end", "-pk").first()
    return latest.currency if latest else ""


def fund_request_for(*, user: User, uuid: UUID | str) -> FundRequest:
    return FundRequest.objects.visible_to(user).select_related("case", "fund").get(uuid=uuid)


def action_for(*, user: User, uuid: UUID | str) -> Action:
    return Action.objects.visible_to(user).select_related("case").get(uuid=uuid)


def return_for_case(*, user: User, case: Case) -> ReturnCase | None:
    return ReturnCase.objects.visible_to(user).filter(case=case).first()


def returns_board(*, user: User, stuck_days: int) -> dict:
    """How many returns are at each stage, and which have not moved for `stuck_days` days."""
    returns = ReturnCase.objects.visible_to(user).filter(case_open=True)
    counts = dict(returns.values_list("stage").annotate(n=Count("*")).order_by())
    cutoff = timezone.now() - datetime.timedelta(days=stuck_days)
    stuck = returns.filter(progressed_at__lt=cutoff).select_related("case").order_by("progressed_at")[:PAGE]
    return {
        "stages": [(label, value, counts.get(value, 0)) for value, label in ReturnStage.choices],
        "stuck": list(stuck),
        "stuck_days": stuck_days,
    }


def case_audit_events(*, case: Case, sections: CaseSections, limit: int = 500) -> QuerySet[AuditEvent]:
    """The audit trail of a case and of what hangs off it (plan actions, services, fund requests, identification,
    return); the trail of a section the user may not see (the identification) is left out with it."""
    ids = [str(case.uuid)]
    ids += [str(u) for u in case.fund_requests.values_list("uuid", flat=True)]
    ids += [str(u) for u in case.actions.values_list("uuid", flat=True)]
    ids += [str(u) for u in ReturnCase.objects.filter(case=case).values_list("uuid", flat=True)]
    if sections.identification:
        ids += [str(u) for u in Identification.objects.filter(case=case).values_list("uuid", flat=True)]
    if sections.free_text:
        ids += [str(u) for u in case.assessments.values_list("uuid", flat=True)]
        ids += [str(u) for u in case.services.values_list("uuid", flat=True)[:1000]]
    return AuditEvent.objects.filter(object_id__in=ids).select_related("organisation").order_by("-id")[:limit]
