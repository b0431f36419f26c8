"""Invented detention monitoring at AGM: two facilities, three visits over four months, recommendations
moving from visit to visit, a boy recorded as an adult and a man with untreated diabetes found and referred.

Everything goes through the detention services (so the audit trail is what real use would leave), then
dates are moved into the past. The legal maxima are demo figures, not any country's law.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from mixedflows.core.models import LegalBasis, Membership, Site, User
from mixedflows.core.roles import Role
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.detention.models import DetentionLimit, Recommendation, RecommendationStep
from mixedflows.detention.services.facilities import facility_save
from mixedflows.detention.services.people import person_met_find, person_met_register
from mixedflows.detention.services.recommendations import recommendation_add, recommendation_status_change
from mixedflows.detention.services.visits import checklist_save, finding_add, visit_record
from mixedflows.people.services import EncounterContext, PersonInput, person_register
from mixedflows.referrals.services import referral_send
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.models import Screening
from mixedflows.screening.services import apply_outcome, current_instrument

LIMITS = [("ITA", 90, "Demo figure, not the law"), ("MLT", 60, "Demo figure, not the law")]
HOLDING = ("Ta' Kandja police holding", Site.Kind.DETENTION_FACILITY, "MLT", "Southern", 35.862, 14.458)

FIRST = {  # item: (rating, note) at the first visit to Borgo Fermo
    "space_occupancy": ("not_met", "112 people in places for 80; mattresses on the corridor floor."),
    "sanitation": ("partly", "Six toilets, two broken; showers cold."),
    "food_water": ("partly", "Two meals a day; water from one tap in the yard."),
    "health_care": ("not_met", "No medical screening on arrival; a nurse twice a week."),
    "legal_counsel": ("not_met", "No lawyer had visited in a month."),
    "asylum_procedure": ("partly", "Claims written down but not forwarded."),
    "information_language": ("not_met", "Notices in Italian only."),
    "separation_children_families": ("not_met", "Three families in one room with unrelated men."),
    "women_quarters": ("partly", "Women's room without a lock; male guards at night."),
    "family_consular_contact": ("partly", "Phone calls once a week."),
    "treatment_force": ("not_observed", "Allegations of beatings at arrival; not seen."),
    "complaints": ("not_met", "No complaints box, nobody knows whom to ask."),
    "length_of_detention": ("partly", "Several people past 60 days."),
    "alternatives": ("not_met", "Not considered for families."),
}
SECOND = FIRST | {
    "space_occupancy": ("not_met", "96 people for 80 places."),
    "health_care": ("partly", "A doctor now comes weekly; arrivals still not screened."),
    "separation_children_families": (
        "partly",
        "Two families moved to the former office; one still with men.",
    ),
    "legal_counsel": ("partly", "A legal aid NGO visited twice."),
}


def _monitor(world) -> User:
    user = User.objects.filter(username="agm.detention").first()
    if user is None:
        user = User.objects.create_user(
            "agm.detention", "", DEMO_PASSWORD, first_name="Detention", last_name="AGM"
        )
        Membership.objects.create(user=user, organisation=world["orgs"]["AGM"], role=Role.DETENTION_MONITOR)
        user = User.objects.get(pk=user.pk)
    return user


def _holding_site(world) -> Site:
    name, kind, country, area, lat, lon = HOLDING
    site, created = Site.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "country": country, "admin_area": area, "latitude": lat, "longitude": lon},
    )
    if created:
        site.organisations.set([world["orgs"]["AGM"], world["orgs"]["RPO"]])
    return site


def _visit(monitor, facility, *, start, hours, observed, reported, **values):
    men, women, boys, girls = observed
    return visit_record(
        actor=monitor,
        facility=facility,
        started_at=start,
        ended_at=start + datetime.timedelta(hours=hours),
        team=[monitor],
        reported_total=reported,
        observed_total=sum(observed),
        headcounts={"observed": {"men": men, "women": women, "boys": boys, "girls": girls}},
        **values,
    )


def _screen(world, person, monitor, answers: dict) -> Screening:
    screening = Screening(
        organisation=world["orgs"]["AGM"],
        person=person,
        instrument=current_instrument(),
        status=Screening.Status.COMPLETED,
        answers={"information_given": "yes", **answers},
        performed_by=monitor,
        completed_at=timezone.now(),
    )
    apply_outcome(screening, person)
    screening.save()
    return screening


@transaction.atomic
def add_detention_demo(world: dict, *, seed: int) -> int:
    """Returns the number of visits made (deterministic: `seed` is unused, the story is fixed)."""
    monitor = _monitor(world)
    for country, days, source in LIMITS:
        DetentionLimit.objects.get_or_create(
            country=country, defaults={"max_days": days, "legal_source": source}
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    borgo = facility_save(
        actor=monitor,
        site=world["sites"]["Borgo Fermo detention centre"],
        authority="Prefecture of Calabria, immigration office",
        kind="closed_centre",
        capacity=80,
        visit_terms="unannounced",
        private_interviews=True,
        access_terms="Monitoring agreement with the Ministry of the Interior (2025): unannounced visits, all areas.",
        contacts="Centre director: office line at the gate. Prefecture liaison officer.",
    )
    kandja = facility_save(
        actor=monitor,
        site=_holding_site(world),
        authority="Police, immigration section",
        kind="police_station",
        capacity=20,
        visit_terms="announced",
        private_interviews=False,
        access_terms="Announced visits, 48 hours ahead; interviews in sight of an officer.",
    )

    first = _visit(
        monitor,
        borgo,
        start=now - datetime.timedelta(days=120, hours=6),
        hours=5,
        reported=98,
        observed=(84, 14, 9, 5),
        announced=False,
        access="granted",
        areas_visited="Dormitories, yard, kitchen, medical room",
        children_with_families="some",
        longest_detention_days=74,
        summary="Over capacity; families held with unrelated men.",
    )
    checklist_save(actor=monitor, visit=first, ratings=FIRST)
    crowded = finding_add(
        actor=monitor,
        visit=first,
        severity="urgent",
        text="Three families with children held in one room with unrelated men.",
        items=["separation_children_families", "space_occupancy"],
    )
    health = finding_add(
        actor=monitor,
        visit=first,
        severity="serious",
        text="No medical screening on arrival; chronic illness goes untreated.",
        items=["health_care"],
    )
    separate = recommendation_add(
        actor=monitor,
        visit=first,
        finding=crowded,
        addressed_to="Centre director",
        text="Move families with children to separate quarters at once, and consider alternatives to detention for them.",
        due_on=(first.started_at + datetime.timedelta(days=14)).date(),
    )
    screen = recommendation_add(
        actor=monitor,
        visit=first,
        finding=health,
        addressed_to="Prefecture of Calabria",
        text="Screen every new arrival medically within 24 hours and ensure continuity of treatment.",
        due_on=(first.started_at + datetime.timedelta(days=60)).date(),
    )
    notices = recommendation_add(
        actor=monitor,
        visit=first,
        addressed_to="Centre director",
        text="Post information on rights and on the asylum procedure in Arabic, English, French and Tigrinya.",
        due_on=(first.started_at + datetime.timedelta(days=30)).date(),
    )
    letter = recommendation_status_change(
        actor=monitor,
        recommendation=screen,
        to_status="accepted",
        reason="The prefecture's letter commits to a weekly doctor and screening of arrivals.",
        letter_on=(now - datetime.timedelta(days=95)).date(),
    )

    second = _visit(
        monitor,
        borgo,
        start=now - datetime.timedelta(days=60, hours=5),
        hours=4,
        reported=90,
        observed=(75, 12, 6, 3),
        announced=False,
        access="partial",
        areas_refused="Isolation cells",
        areas_visited="Dormitories, yard, former office",
        children_with_families="some",
        longest_detention_days=88,
    )
    checklist_save(actor=monitor, visit=second, ratings=SECOND)
    steps = [
        recommendation_status_change(
            actor=monitor,
            recommendation=separate,
            to_status="partly_implemented",
            visit=second,
            reason="Two of three families moved to the former office; one family still with unrelated men.",
        ),
        recommendation_status_change(
            actor=monitor,
            recommendation=notices,
            to_status="implemented",
            visit=second,
            reason="Notices in four languages on every dormitory door.",
        ),
    ]
    recommendation_add(
        actor=monitor,
        visit=second,
        addressed_to="Centre director",
        text="Give the monitoring team access to the isolation cells, as the monitoring agreement provides.",
        due_on=(second.started_at + datetime.timedelta(days=7)).date(),
    )

    # The boy recorded as 19 and the man with untreated diabetes, found at the second visit.
    boy = person_met_register(
        actor=monitor,
        visit=second,
        data=PersonInput(
            given_name="Yonas",
            fathers_name="Tekle",
            family_name="Haile",
            name_original_script="ዮናስ ተክለ",
            sex="M",
            age=16,
            nationality="ERI",
            languages=["tir"],
        ),
        reasons=["unaccompanied_child", "age_disputed", "asylum"],
        age_recorded=19,
        age_disputed=True,
        detained_since=(now - datetime.timedelta(days=75)).date(),
        note="Says he is 16 and travelled alone from Kassala; police recorded him as 19 at disembarkation.",
    )
    man = person_register(
        actor=monitor,
        data=PersonInput(
            given_name="Abdirahman",
            fathers_name="Osman",
            family_name="Warsame",
            sex="M",
            age=52,
            nationality="SOM",
            languages=["som"],
        ),
        context=EncounterContext(
            site=world["sites"]["Porto Sereno landing point"],
            occurred_at=now - datetime.timedelta(days=90),
            kind="sea_rescue",
            departure_country="LBY",
        ),
    )
    diabetic = person_met_find(
        actor=monitor,
        visit=second,
        person=man,
        reasons=["medical"],
        note="Type 1 diabetes; no insulin for nine days, confused and weak.",
        detained_since=(now - datetime.timedelta(days=82)).date(),
    )
    rpo, rcs = world["orgs"]["RPO"], world["orgs"]["RCS"]
    boy_screening = _screen(
        world,
        boy.person,
        monitor,
        {
            "legal_basis": "vital_interest",
            "travels_with": "alone",
            "fear_of_return": "yes",
            "reasons_for_leaving": ["persecution"],
            "detained": "yes",
        },
    )
    referral_send(
        actor=monitor,
        person=boy.person,
        to_organisation=rpo,
        service=Procedure.CHILD_PROTECTION,
        screening=boy_screening,
        urgency=Urgency.IMMEDIATE,
        legal_basis=LegalBasis.VITAL_INTEREST,
        basis_detail="Unaccompanied child in detention with adults; no guardian appointed yet.",
        note="Age disputed: declared 16, recorded 19. Ask for an age assessment and release to a guardian.",
    )
    referral_send(
        actor=monitor,
        person=diabetic.person,
        to_organisation=rcs,
        service=Procedure.MEDICAL_CARE,
        urgency=Urgency.IMMEDIATE,
        legal_basis=LegalBasis.CONSENT,
        consent_given_by="the person",
        consent_obtained_at=second.started_at + datetime.timedelta(hours=2),
        note="Type 1 diabetes, without insulin in detention.",
    )

    third = _visit(
        monitor,
        kandja,
        start=now - datetime.timedelta(days=12, hours=4),
        hours=3,
        reported=26,
        observed=(22, 4, 0, 0),
        announced=True,
        access="granted",
        children_with_families="no_children",
        longest_detention_days=9,
        summary="Police holding used for up to nine days: cells meant for 48 hours.",
    )
    checklist_save(
        actor=monitor,
        visit=third,
        ratings={
            "space_occupancy": ("not_met", "26 people in cells for 20."),
            "food_water": ("partly", "Sandwiches twice a day."),
            "information_language": ("not_met", "Nobody told why they are held."),
            "legal_counsel": ("not_met", "No access to a lawyer."),
            "length_of_detention": ("not_met", "Up to nine days in cells built for 48 hours."),
        },
    )
    recommendation_add(
        actor=monitor,
        visit=third,
        addressed_to="Police, immigration section",
        text="Transfer people out of police cells within 48 hours, and inform each person why they are held, in their language.",
        due_on=(third.started_at + datetime.timedelta(days=14)).date(),
    )

    # Steps happen on the day of the visit or the letter that moved them, not today.
    RecommendationStep.objects.filter(pk=letter.pk).update(created_at=now - datetime.timedelta(days=95))
    RecommendationStep.objects.filter(pk__in=[s.pk for s in steps]).update(created_at=second.started_at)
    for visit in (first, second, third):
        RecommendationStep.objects.filter(visit=visit, from_status="").update(created_at=visit.started_at)
        Recommendation.objects.filter(visit=visit).update(
            created_at=visit.started_at, status_changed_at=visit.started_at
        )
    return 3
