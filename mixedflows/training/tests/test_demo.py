"""The training demo holds what journey 6 walks through: a workshop for 32 officials of five institutions."""

from mixedflows.core.models import User
from mixedflows.demo.training import add_training_demo
from mixedflows.demo.world import ensure_world
from mixedflows.training import reports
from mixedflows.training.models import Event, Institution, Participant


def test_the_demo_story(db):
    world = ensure_world()
    assert add_training_demo(world, seed=2026) == 50
    trainer = User.objects.get(username="agm.trainer")
    workshop = Event.objects.visible_to(trainer).get(title__startswith="Workshop")
    officials = Participant.objects.filter(event=workshop)
    assert officials.count() == 32
    assert officials.values("institution").distinct().count() == 5
    assert Institution.objects.filter(participants__event=workshop).values("kind").distinct().count() == 5
    assert officials.filter(pre_score__isnull=False, post_score__isnull=False).count() == 30
    assert officials.exclude(certificate_code="").count() == 29  # three missed a day
    events, overall = reports.knowledge_gain(user=trainer, year=workshop.starts_on.year)
    assert [g for g in events if g.label.startswith("Workshop")][0].gain > 10
    cascade = Event.objects.get(title__startswith="Cascade")
    assert reports.cascades(user=trainer, year=cascade.starts_on.year).reached == 18
