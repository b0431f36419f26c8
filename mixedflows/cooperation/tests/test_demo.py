"""The cooperation demo holds what the issue asks: nine indicators that compute (training and outreach too), a task force with three meetings and
open and closed action points, one of AGM's overdue on its coordinator's home page."""

from django.urls import reverse
from django.utils import timezone

from mixedflows.cooperation import selectors
from mixedflows.cooperation.models import ActionPoint, Meeting
from mixedflows.core import project_selectors as core_selectors
from mixedflows.core.models import User
from mixedflows.demo.cooperation import add_cooperation_demo
from mixedflows.demo.detention import add_detention_demo
from mixedflows.demo.outreach import add_outreach_demo
from mixedflows.demo.training import add_training_demo
from mixedflows.demo.world import ensure_world
from mixedflows.outreach.models import ReachReport


def test_the_demo_story(db, client):
    world = ensure_world()
    add_detention_demo(world, seed=2026)
    add_outreach_demo(world, seed=2026)
    add_training_demo(world, seed=2026)
    project = add_cooperation_demo(world, seed=2026)
    assert add_cooperation_demo(world, seed=2026) == project  # once
    coordinator = User.objects.get(username="agm.coordination")
    supervisor = User.objects.get(username="agm.supervisor")
    values = core_selectors.project_values(
        user=supervisor, project=project, start=project.starts_on, end=timezone.localdate()
    )
    assert len(values) == 9
    assert [v.indicator.code for v in values if v.breakdown is None] == ["4.1", "4.2"]  # no training records
    visits = {v.indicator.code: v for v in values}["3.1"]
    assert visits.breakdown.total == 3 and dict(visits.breakdown.by["country"]) == {"ITA": 2, "MLT": 1}
    mine = core_selectors.project_values(
        user=coordinator, project=project, start=project.starts_on, end=timezone.localdate()
    )
    assert [v.indicator.code for v in mine if v.breakdown is None] == [
        "2.1",
        "2.2",
        "4.1",
        "4.2",
        "5.1",
        "5.2",
    ]  # cases, training, outreach: not the coordinator's
    # The information management officer sees training and outreach: the workshop, the centre, the radio campaign.
    im = {
        v.indicator.code: v
        for v in core_selectors.project_values(
            user=User.objects.get(username="agm.im"),
            project=project,
            start=project.starts_on,
            end=timezone.localdate(),
        )
    }
    # all 32 officials of the workshop were there on at least one day (three missed one); the cascade is untagged
    assert im["4.1"].breakdown.total == 32 and im["4.2"].breakdown.total == 1
    assert sum(n for _sex, n in im["4.1"].breakdown.by["sex"]) == im["4.1"].breakdown.total
    assert im["5.1"].breakdown.total == 200
    reported = sum(r.participants_total or 0 for r in ReachReport.objects.filter(campaign__channel="radio"))
    assert reported > 0 and im["5.2"].breakdown.total == reported

    forum = selectors.forums_visible(user=coordinator).get()
    assert Meeting.objects.filter(forum=forum).count() == 3
    assert all(m.minutes is not None for m in Meeting.objects.filter(forum=forum))
    statuses = set(ActionPoint.objects.filter(forum=forum).values_list("status", flat=True))
    assert {"done", "open", "in_progress"} <= statuses
    overdue = list(selectors.overdue_for_owner(user=coordinator))
    assert [p.text for p in overdue] == ["Train landing-point teams on the joint identification procedure"]
    client.force_login(coordinator)
    panel = client.get(reverse("cooperation:home_panel")).content.decode()
    assert "Train landing-point teams" in panel
