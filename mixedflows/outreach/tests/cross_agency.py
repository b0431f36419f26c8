"""Alpha's campaign, centre and sessions, for the cross-agency test (tests/test_cross_agency.py)."""

from mixedflows.outreach.tests.conftest import add_outreach, make_campaign, make_session


def objects(world, register):
    add_outreach(world)
    return {
        "campaign": make_campaign(world.olga),
        "session": make_session(
            world.olga, world.hope, follow_up=True, consent=True, name="Abebe", contact="+251 911 000 000"
        ),
        "centre": world.hope,
    }


def _campaign(o):
    return {"uuid": o["campaign"].uuid}


def _centre(o):
    return {"uuid": o["centre"].uuid}


URLS = {
    "outreach:campaign": ("get", "olga", _campaign),
    "outreach:campaign_edit": ("get", "olga", _campaign),
    "outreach:reach_add": ("post", "olga", _campaign),
    "outreach:centre": ("get", "olga", _centre),
    "outreach:session_add": ("post", "olga", _centre),
    "outreach:session": ("get", "olga", lambda o: {"uuid": o["session"].uuid}),
    "outreach:session_project": ("post", "olga", lambda o: {"uuid": o["session"].uuid}),
    "outreach:sessions_tag": ("post", "olga", _centre),
}
# The JSON API (tests/test_api_cross_agency.py): operation id -> (owner, path parameters, body).
API = {
    "outreach_campaign_read": ("olga", _campaign, None),
    "outreach_centre_counts": ("olga", _centre, None),
}
API_LISTS = {"outreach_campaigns"}
# The agency's own campaigns, centres and counts only (tested in test_views.py).
LIST_URLS = {"outreach:dashboard", "outreach:campaign_new", "outreach:counts", "outreach:counts_csv"}
