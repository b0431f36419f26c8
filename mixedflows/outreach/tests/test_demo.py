"""The outreach demo holds what journey 6 walks through: a resource centre's 200 anonymous sessions over six
months, and a radio campaign's monthly reach."""

from mixedflows.core.models import User
from mixedflows.demo.outreach import add_outreach_demo
from mixedflows.demo.world import ensure_world
from mixedflows.outreach.models import Campaign, CounsellingSession, FollowUpContact
from mixedflows.outreach.selectors import centres_for, reach_of


def test_the_demo_story(db):
    world = ensure_world()
    assert add_outreach_demo(world, seed=2026) == 200
    officer = User.objects.get(username="agm.outreach")
    (centre,) = centres_for(user=officer)
    assert centre.session_count == 200
    sessions = CounsellingSession.objects.visible_to(officer)
    days = sessions.order_by("held_on").values_list("held_on", flat=True)
    assert 150 <= (days.last() - days.first()).days <= 186
    assert not sessions.filter(follow_up=True).exists() and not FollowUpContact.objects.exists()
    assert sessions.values("sex").distinct().count() >= 3
    campaign = Campaign.objects.visible_to(officer).get(channel="radio")
    months = list(reach_of(user=officer, campaign=campaign))
    assert len(months) == 6
    assert all(m.period_start.day == 1 and m.listeners and m.listeners_source for m in months)
    assert all(m.participants_total and m.participants_source for m in months)
