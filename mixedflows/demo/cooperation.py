"""Invented cooperation at AGM: the project "Protection at sea arrivals" with nine indicators counted from the demo's
screenings, cases, fund grants, detention visits, the landing-point workshop for officials, the resource centre's
counselling sessions and the radio campaign's reach; the national mixed migration task force with three meetings,
decisions and action points (some done, some open, one of AGM's overdue); the joint procedure for presumed victims of
trafficking whose identification step governs AGM's anti-trafficking referrals.

Written through the services (projects, forums, procedures); the demo's existing records are tagged with the project
in bulk, with one audit event per kind. Run after the other module demos.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mixedflows.cases.models import Case, FundRequest
from mixedflows.cooperation.models import Forum, Meeting
from mixedflows.cooperation.services.forums import (
    action_point_add,
    action_point_set_status,
    decision_add,
    forum_create,
    meeting_record,
)
from mixedflows.cooperation.services.sops import sop_create, sop_step_add
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Membership, Site, User
from mixedflows.core.project_models import Project
from mixedflows.core.roles import Role
from mixedflows.core.services.projects import indicator_add, project_create
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.detention.models import Visit
from mixedflows.lib.pdf import render_pdf
from mixedflows.outreach.models import Campaign, CounsellingSession
from mixedflows.screening.models import Screening
from mixedflows.training.models import Event

INDICATORS = [
    (
        "1.1",
        "People screened at disembarkation, by sex and age band",
        "people",
        "screening.completed",
        ["sex", "age_band"],
        400,
    ),
    (
        "1.2",
        "People screened, by nationality and country of arrival",
        "people",
        "screening.completed",
        ["nationality", "country"],
        400,
    ),
    (
        "2.1",
        "Cases of people in vulnerable situations assisted",
        "cases",
        "cases.assisted",
        ["sex", "case_type"],
        60,
    ),
    (
        "2.2",
        "Cases granted emergency assistance funds",
        "cases",
        "cases.fund_grants",
        ["sex", "age_band"],
        25,
    ),
    (
        "3.1",
        "Monitoring visits to places of immigration detention",
        "visits",
        "detention.visits",
        ["country", "facility_kind"],
        8,
    ),
    (
        "4.1",
        "Officials trained, by institution and sex",
        "officials",
        "training.participants",
        ["institution", "sex"],
        60,
    ),
    (
        "4.2",
        "Training events held for officials",
        "events",
        "training.events",
        ["country", "training_topic"],
        4,
    ),
    (
        "5.1",
        "People counselled at the migrant resource centre, by sex and age band",
        "sessions",
        "outreach.sessions",
        ["sex", "outreach_age_band"],
        250,
    ),
    (
        "5.2",
        "People taking part in the radio campaign's listening clubs, by sex and age band",
        "participants",
        "outreach.reach",
        ["sex", "outreach_age_band"],
        300,
    ),
]

MEETINGS = [  # days ago, place, agenda, decisions, action points (text, owner, due in days from the meeting, status)
    (
        84,
        "Prefecture of Agrigento",
        "1. Arrivals since the summer\n2. Reception capacity at the hotspot\n3. Identification of trafficked persons",
        ["Members share weekly arrival and reception figures with the secretariat."],
        [
            ("Circulate the weekly arrivals template", "AGM", 7, "done"),
            ("Map shelter places for women and children", "RCS", 21, "done"),
        ],
    ),
    (
        42,
        "UNHCR office, Catania",
        "1. Follow-up of action points\n2. Referral pathways for presumed victims of trafficking\n3. Detention monitoring",
        [
            "The joint procedure for presumed victims of trafficking applies at every landing point from next month.",
            "Detention monitoring findings are shared with members under the data-sharing agreements.",
        ],
        [
            ("Train landing-point teams on the joint identification procedure", "AGM", 28, "open"),
            ("Publish a list of legal aid providers at the hotspot", "RPO", 60, "in_progress"),
        ],
    ),
    (
        9,
        "Online",
        "1. Follow-up of action points\n2. Winter contingency plan",
        ["A winter contingency plan is drafted by the Red Crescent with the Coastal Border Service."],
        [
            ("Draft the winter contingency plan", "RCS", 30, "open"),
            ("Share reception capacity figures for the winter plan", "AGM", 20, "open"),
        ],
    ),
]


def _coordinator(world) -> User:
    user = User.objects.filter(username="agm.coordination").first()
    if user is None:
        user = User.objects.create_user(
            "agm.coordination", "", DEMO_PASSWORD, first_name="Coordination", last_name="AGM"
        )
        Membership.objects.create(
            user=user, organisation=world["orgs"]["AGM"], role=Role.COORDINATION_OFFICER
        )
    return User.objects.get(pk=user.pk)


def _minutes(forum: str, day: datetime.date, agenda: str, decisions: list[str]) -> SimpleUploadedFile:
    items = "".join(f"<li>{d}</li>" for d in decisions)
    html = (
        f"<h1>{forum}</h1><p>Minutes of the meeting of {day.isoformat()} (invented for the demo)</p>"
        f"<h2>Agenda</h2><pre>{agenda}</pre><h2>Decisions</h2><ol>{items}</ol>"
    )
    return SimpleUploadedFile(
        f"minutes-{day.isoformat()}.pdf", render_pdf(html), content_type="application/pdf"
    )


def _tag(actor: User, project: Project, queryset, object_type: str) -> int:
    count = queryset.update(project=project)
    audit_record(
        actor=actor,
        action=AuditAction.BULK_CREATE,
        object_type=object_type,
        fields=["project"],
        detail={"tagged": count, "project": str(project.uuid), "demo": True},
    )
    return count


@transaction.atomic
def add_cooperation_demo(world, *, seed: int) -> Project:
    orgs = world["orgs"]
    agm = orgs["AGM"]
    coordinator = _coordinator(world)
    existing = Project.objects.owned_by(agm).filter(code="PSA-01").first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    project = project_create(
        actor=coordinator,
        code="PSA-01",
        title="Protection at sea arrivals",
        starts_on=today.replace(day=1) - datetime.timedelta(days=365),
        ends_on=today.replace(day=1) + datetime.timedelta(days=365),
        donors=["European Union (invented)", "Government of Norway (invented)"],
        partner_organisations=[orgs["RPO"], orgs["RCS"]],
        countries=["ITA", "MLT"],
        budget=Decimal("2400000.00"),
        currency="EUR",
    )
    for code, wording, unit, counter, dims, target in INDICATORS:
        indicator_add(
            actor=coordinator,
            project=project,
            code=code,
            wording=wording,
            unit=unit,
            counter=counter,
            disaggregations=dims,
            baseline=Decimal("0"),
            target=Decimal(target),
        )
    # The demo's own activities of AGM count towards the project.
    _tag(coordinator, project, Screening.objects.filter(organisation=agm), "screening_screening")
    _tag(coordinator, project, Case.objects.filter(organisation=agm), "cases_case")
    _tag(coordinator, project, FundRequest.objects.filter(organisation=agm), "cases_fundrequest")
    _tag(coordinator, project, Visit.objects.filter(organisation=agm), "detention_visit")
    workshop = Event.objects.filter(
        organisation=agm, title="Workshop for officials at landing points, Agrigento"
    )
    _tag(coordinator, project, workshop, "training_event")
    _tag(
        coordinator, project, Campaign.objects.filter(organisation=agm, channel="radio"), "outreach_campaign"
    )
    centre_sessions = CounsellingSession.objects.filter(
        organisation=agm, site__kind=Site.Kind.MIGRANT_RESOURCE_CENTRE
    )
    _tag(coordinator, project, centre_sessions, "outreach_counsellingsession")

    forum = forum_create(
        actor=coordinator,
        name="National Mixed Migration Task Force",
        kind=Forum.Kind.TASK_FORCE,
        scope="Coordination of protection and assistance for sea arrivals in Sicily and Malta.",
        countries=["ITA", "MLT"],
        member_agencies=[orgs["RPO"], orgs["RCS"], orgs["CBS"]],
        member_states=["ITA", "MLT"],
    )
    for days_ago, place, agenda, decisions, points in MEETINGS:
        held_on = today - datetime.timedelta(days=days_ago)
        meeting = meeting_record(
            actor=coordinator,
            forum=forum,
            held_on=held_on,
            place=place,
            agenda=agenda,
            participants=[agm, orgs["RPO"], orgs["RCS"], orgs["CBS"]],
            other_participants="Ministry of the Interior (ITA); Ministry for Home Affairs (MLT)",
            minutes=_minutes(forum.name, held_on, agenda, decisions),
        )
        for text in decisions:
            decision_add(actor=coordinator, meeting=meeting, text=text)
        for text, owner, due_in, status in points:
            point = action_point_add(
                actor=coordinator,
                meeting=meeting,
                text=text,
                owner=orgs[owner],
                due_on=held_on + datetime.timedelta(days=due_in),
            )
            if status != "open":
                # The secretariat records what members reported at the next meeting.
                action_point_set_status(
                    actor=coordinator, action_point=point, status=status, note="Reported at the next meeting."
                )
    Meeting.objects.filter(forum=forum).update(created_at=timezone.now())

    sop = sop_create(
        actor=coordinator,
        title="Joint procedure for presumed victims of trafficking among sea arrivals",
        scope="Who screens, who interviews, who decides and who assists presumed victims of trafficking.",
        parties=[orgs["RPO"], orgs["RCS"]],
        version="2.0",
        signed_on=today - datetime.timedelta(days=120),
        valid_from=today - datetime.timedelta(days=90),
    )
    for title, owner, governs in [
        ("Screening at disembarkation; indicators of trafficking noted", "AGM", ""),
        (
            "Identification interview by a trained officer, with an interpreter",
            "AGM",
            "anti_trafficking_identification",
        ),
        ("Asylum claim registered where protection needs are found", "RPO", "asylum_procedure"),
        ("Shelter and first assistance", "RCS", "shelter"),
    ]:
        sop_step_add(
            actor=coordinator, sop=sop, title=title, responsible=orgs[owner], governs_service=governs
        )
    return project
