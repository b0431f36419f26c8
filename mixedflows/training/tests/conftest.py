"""Training at Alpha Agency: Tina the trainer; at Beta Agency, Tom. Iris is Alpha's information management officer.

Tina runs a counter-trafficking workshop in Tunis for officials of five institutions.
"""

import datetime

import pytest
from django.utils import timezone


def add_trainers(world):
    from mixedflows.core.models import Membership, User
    from mixedflows.core.roles import Role

    def user(username, org, role):
        u = User.objects.create_user(username, password="a-long-test-password", first_name=username.title())
        Membership.objects.create(user=u, organisation=org, role=role)
        return User.objects.get(pk=u.pk)

    world.tina = user("tina", world.alpha, Role.TRAINER)
    world.tom = user("tom", world.beta, Role.TRAINER)
    world.counterpart.update({"tina": world.tom})
    return world


def make_course(world, actor=None, **values):
    from mixedflows.training.services.courses import course_save

    return course_save(
        actor=actor or world.tina,
        **{
            "title": "Identifying victims of trafficking at the border",
            "topic": "counter_trafficking",
            "modules": ["Indicators of trafficking", "Interviewing", "Referral to assistance"],
            "languages": ["fra", "ara"],
            **values,
        },
    )


def make_event(world, course, *, days_ago=10, length=2, actor=None, **values):
    from mixedflows.training.services.courses import event_save

    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    return event_save(
        actor=actor or world.tina,
        course=course,
        **{
            "title": "Counter-trafficking workshop, Tunis",
            "place": "Tunis",
            "country": "TUN",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=length - 1),
            "format": "in_person",
            "organiser": "Alpha Agency with the Ministry of Interior",
            "funding": "Demo donor",
            **values,
        },
    )


# Five institutions, as a trainer fills in the template.
INSTITUTIONS = [
    ("Ministry of Interior", "ministry", "TUN"),
    ("National Guard", "border_guard", "TUN"),
    ("Coast Guard", "coast_guard", "TUN"),
    ("Ministry of Social Affairs", "social_services", "TUN"),
    ("Police nationale", "police", "DZA"),
]


def rows(n=32, start=0):
    """n officials spread over the five institutions, alternately women and men."""
    out = []
    for i in range(start, start + n):
        name, kind, country = INSTITUTIONS[i % 5]
        out.append(
            {
                "name": f"Official {i + 1:02d}",
                "sex": "F" if i % 2 == 0 else "M",
                "institution": name,
                "institution_type": kind,
                "country": country,
                "position": "Officer",
                "email": f"official{i + 1}@example.org",
                "phone": "",
            }
        )
    return out


@pytest.fixture
def trainers(world):
    return add_trainers(world)


@pytest.fixture
def course(trainers):
    return make_course(trainers)


@pytest.fixture
def event(trainers, course):
    return make_event(trainers, course)
