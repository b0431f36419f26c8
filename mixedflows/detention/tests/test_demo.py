"""The detention demo holds what journey 4 walks through."""

from mixedflows.core.models import User
from mixedflows.demo.detention import add_detention_demo
from mixedflows.demo.world import ensure_world
from mixedflows.detention.models import Facility, PersonMet, RecommendationStep, Visit
from mixedflows.detention.selectors import alerts_for, recommendations_to_check
from mixedflows.referrals.models import Referral


def test_the_demo_story(db):
    world = ensure_world()
    assert add_detention_demo(world, seed=2026) == 3
    monitor = User.objects.get(username="agm.detention")
    facilities = {f.site.name: f for f in Facility.objects.visible_to(monitor)}
    assert len(facilities) == 2
    borgo = facilities["Borgo Fermo detention centre"]
    visits = list(Visit.objects.visible_to(monitor).order_by("started_at"))
    assert len(visits) == 3
    assert (visits[-1].started_at - visits[0].started_at).days >= 100
    assert all(v.held > borgo.capacity for v in visits if v.facility == borgo)
    assert visits[0].children_with_families == "some"
    moved = RecommendationStep.objects.filter(recommendation__facility=borgo).exclude(from_status="")
    assert {s.to_status for s in moved} == {"accepted", "partly_implemented", "implemented"}
    # Separating families is partly implemented, medical screening accepted: both still to check.
    still_open = recommendations_to_check(user=monitor, visit=visits[1])
    assert {r.status for r in still_open} == {"partly_implemented", "accepted"}

    boy = PersonMet.objects.get(person__given_name="Yonas")
    assert boy.person.age_disputed and boy.person.age_declared == 16 and boy.detention.age_recorded == 19
    man = PersonMet.objects.get(person__given_name="Abdirahman")
    assert "medical" in man.reasons
    assert set(
        Referral.objects.filter(person__in=[boy.person, man.person]).values_list("service", flat=True)
    ) == {
        "child_protection",
        "medical_care",
    }
    alerts = {a.detention.person.given_name: a for a in alerts_for(user=monitor)}
    assert alerts["Yonas"].child and alerts["Yonas"].over_limit is False
    assert alerts["Abdirahman"].near_limit
