"""Alpha's project, forum (Beta not a member), meeting with minutes, action point and SOP (Beta not a party), for the
cross-agency test (tests/test_cross_agency.py)."""

import datetime

from django.utils import timezone

from mixedflows.cooperation.services.forums import action_point_add, decision_add
from mixedflows.cooperation.services.sops import sop_step_add
from mixedflows.cooperation.tests.conftest import (
    add_coordinators,
    make_forum,
    make_meeting,
    make_project,
    make_sop,
    pdf,
)


def objects(world, register):
    add_coordinators(world)
    project = make_project(world)
    forum = make_forum(world)
    meeting = make_meeting(world, forum, minutes=pdf())
    decision_add(actor=world.cora, meeting=meeting, text="Share weekly arrival figures")
    point = action_point_add(
        actor=world.cora,
        meeting=meeting,
        text="Map reception places",
        owner=world.alpha,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    sop = make_sop(world)
    sop_step_add(actor=world.cora, sop=sop, title="Screen arrivals", responsible=world.alpha)
    return {"project": project, "forum": forum, "meeting": meeting, "point": point, "sop": sop}


def _of(key):
    return lambda o: {"uuid": o[key].uuid}


def _minutes(o):
    return {"uuid": o["meeting"].minutes.uuid}


URLS = {
    "cooperation:project": ("get", "cora", _of("project")),
    "cooperation:indicator_new": ("get", "cora", _of("project")),
    "cooperation:donor_report_xlsx": ("get", "cora", _of("project")),
    "cooperation:donor_report_pdf": ("get", "cora", _of("project")),
    "cooperation:forum": ("get", "cora", _of("forum")),
    "cooperation:meeting_new": ("get", "cora", _of("forum")),
    "cooperation:meeting": ("get", "cora", _of("meeting")),
    "cooperation:decision_add": ("post", "cora", _of("meeting")),
    "cooperation:action_point_add": ("post", "cora", _of("meeting")),
    "cooperation:minutes_attach": ("post", "cora", _of("meeting")),
    "cooperation:action_point": ("get", "cora", _of("point")),
    "cooperation:sop": ("get", "cora", _of("sop")),
    "cooperation:sop_step_add": ("post", "cora", _of("sop")),
    "cooperation:document": ("get", "cora", _minutes),
}

# Lists of the signed-in user's own agency; the referral panel takes the two agencies in its query (test_views.py).
LIST_URLS = {
    "cooperation:projects",
    "cooperation:project_new",
    "cooperation:forums",
    "cooperation:forum_new",
    "cooperation:home_panel",
    "cooperation:sops",
    "cooperation:sop_new",
    "cooperation:referral_panel",
}
