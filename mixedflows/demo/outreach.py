"""Invented outreach at AGM: a migrant resource centre where counsellors logged 200 anonymous sessions over
six months, and a radio campaign that reports its reach month by month.

Everything goes through the outreach services (so the audit trail is what real use would leave). The centre,
the station and every figure are invented.
"""

import datetime
import random

from django.utils import timezone

from mixedflows.core.models import Membership, Site, User
from mixedflows.core.roles import Role
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.outreach.codes import AgeBand, Decision, Onward, Sex, Topic
from mixedflows.outreach.services.campaigns import CampaignInput, ReachInput, campaign_save, reach_record
from mixedflows.outreach.services.sessions import SessionInput, session_record

CENTRE = (
    "Hosaena migrant resource centre",
    Site.Kind.MIGRANT_RESOURCE_CENTRE,
    "ETH",
    "Central Ethiopia",
    7.55,
    37.85,
)
SESSIONS = 200
MONTHS = 6

# Young men thinking of the eastern or southern route are most of those who come; weights, not data.
SEXES = [(Sex.MALE, 62), (Sex.FEMALE, 35), (Sex.OTHER, 1), (Sex.UNKNOWN, 2)]
BANDS = [
    (AgeBand.UNDER_18, 14),
    (AgeBand.FROM_18, 46),
    (AgeBand.FROM_25, 26),
    (AgeBand.FROM_35, 10),
    (AgeBand.FROM_50, 3),
    (AgeBand.UNKNOWN, 1),
]
TOPICS = [
    (Topic.IRREGULAR_RISKS, 60),
    (Topic.REGULAR_PATHWAYS, 55),
    (Topic.LABOUR_ABROAD, 45),
    (Topic.TRAFFICKING_SMUGGLING, 30),
    (Topic.DOCUMENTS, 25),
    (Topic.RIGHTS, 15),
    (Topic.RETURN, 8),
]
DECISIONS = [
    (Decision.LEAVE_IRREGULARLY, 35),
    (Decision.LEAVE_REGULARLY, 30),
    (Decision.UNDECIDED, 25),
    (Decision.STAY, 8),
    (Decision.RETURN_HOME, 2),
]
AREAS = ["Hosaena", "Hadiya", "Kembata", "Silte", "Gurage", "Wolaita"]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _officer(world) -> User:
    user = User.objects.filter(username="agm.outreach").first()
    if user is None:
        user = User.objects.create_user(
            "agm.outreach", "", DEMO_PASSWORD, first_name="Outreach", last_name="AGM"
        )
        Membership.objects.create(user=user, organisation=world["orgs"]["AGM"], role=Role.OUTREACH_OFFICER)
        user = User.objects.get(pk=user.pk)
    return user


def _centre(world) -> Site:
    name, kind, country, area, lat, lon = CENTRE
    site, created = Site.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "country": country, "admin_area": area, "latitude": lat, "longitude": lon},
    )
    if created:
        site.organisations.set([world["orgs"]["AGM"]])
    return site


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    """The first day of each of the last `months` complete months, oldest first."""
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def add_outreach_demo(world: dict, *, seed: int) -> int:
    """Returns the number of sessions logged (deterministic for a given seed and day)."""
    rng = random.Random(seed)
    officer = _officer(world)
    centre = _centre(world)
    today = timezone.localdate()
    span = (today - _month_starts(today, MONTHS)[0]).days
    for _ in range(SESSIONS):
        topics = {_pick(rng, TOPICS) for _ in range(rng.choice([1, 1, 2, 2, 3]))}
        onward = [str(Onward.JOB_CENTRE)] if rng.random() < 0.12 else []
        session_record(
            actor=officer,
            site=centre,
            data=SessionInput(
                held_on=today - datetime.timedelta(days=rng.randrange(span)),
                sex=_pick(rng, SEXES),
                age_band=_pick(rng, BANDS),
                decision=_pick(rng, DECISIONS),
                topics=sorted(topics),
                nationality="ETH" if rng.random() < 0.93 else rng.choice(["ERI", "SOM", "SSD"]),
                area=rng.choice(AREAS),
                onward=onward,
            ),
        )

    starts = _month_starts(today, MONTHS)
    campaign = campaign_save(
        actor=officer,
        data=CampaignInput(
            title="Know before you go (radio)",
            channel="radio",
            starts_on=starts[0],
            audiences=["prospective_migrants", "host_communities"],
            languages=["amh", "orm", "hdy"],
            areas=["Hadiya", "Kembata", "Silte"],
            partners=["Southern community radio (invented)"],
            description="A weekly call-in programme on the risks of irregular routes and the regular pathways open.",
        ),
    )
    for month, start in enumerate(starts):
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        grow = 1 + month * 0.12
        reach_record(
            actor=officer,
            campaign=campaign,
            data=ReachInput(
                period_start=start,
                period_end=end,
                listeners=int(rng.randint(38000, 46000) * grow),
                listeners_source="Station audience estimate (invented)",
                sessions_held=4,
                sessions_source="Broadcast log",
                participants={
                    "F_18_24": int(rng.randint(8, 14) * grow),
                    "M_18_24": int(rng.randint(15, 25) * grow),
                    "F_25_34": rng.randint(3, 8),
                    "M_25_34": rng.randint(6, 12),
                },
                participants_source="Listening-club attendance sheets",
            ),
        )
    return SESSIONS
