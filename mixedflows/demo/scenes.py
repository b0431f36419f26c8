"""Scripted scenes from JOURNEYS.md, added on top of the generated months so a demo can walk through them."""

import datetime

from django.utils import timezone

from mixedflows.demo.generator import Generator
from mixedflows.demo.names import TIGRINYA_FEMALE, TIGRINYA_MALE
from mixedflows.people.models import Relationship


def landing_at_night(gen: Generator) -> None:
    """Last night's boat at Porto Sereno: the girl with the 'cousin', the boy alone, the pregnant woman."""
    site = gen.world["sites"]["Porto Sereno landing point"]
    at = timezone.now().replace(hour=2, minute=10, second=0, microsecond=0) - datetime.timedelta(days=1)
    group = gen.group(
        org="AGM", label="Night landing · coast guard rescue", site=site, at=at, departure="LBY"
    )
    cousin = gen.individual(age=31, sex="M", nationality="ERI")
    cousin.given, cousin.father, cousin.grandfather = TIGRINYA_MALE[3], TIGRINYA_MALE[6], None
    girl = gen.individual(age=15, sex="F", nationality="ERI")
    girl.given, girl.father, girl.grandfather = TIGRINYA_FEMALE[0], TIGRINYA_MALE[5], TIGRINYA_MALE[7]
    boy = gen.individual(age=14, sex="M", nationality="SOM")
    pregnant = gen.individual(age=24, sex="F", nationality="SDN")
    burned = gen.individual(age=33, sex="M", nationality="SDN")
    people = [
        gen.record(ind, org="AGM", at=at + datetime.timedelta(minutes=i), site=site, group=group)
        for i, ind in enumerate([cousin, girl, boy, pregnant, burned])
    ]
    gen.batch.relationships.append(
        Relationship(
            organisation=gen.orgs["AGM"],
            group=group,
            person=people[1],
            relative=people[0],
            kind=Relationship.Kind.OTHER_RELATIVE,
        )
    )


def registered_last_month_in_malta(gen: Generator) -> None:
    """Mohamed Abdirahman, registered at Marsa Nuova last month; he lands again in Italy tonight."""
    site = gen.world["sites"]["Marsa Nuova landing point"]
    at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=33)
    group = gen.group(org="AGM", label="Marsa Nuova · small boat", site=site, at=at, departure="LBY")
    man = gen.individual(age=27, sex="M", nationality="SOM")
    man.given, man.father, man.grandfather = (["Mohamed"], ""), (["Abdirahman"], ""), (["Yusuf"], "")
    man.dob = datetime.date(gen.today.year - 27, 3, 14)
    gen.record(man, org="AGM", at=at, site=site, group=group)


def add_scenes(gen: Generator) -> None:
    landing_at_night(gen)
    registered_last_month_in_malta(gen)
    gen.flush()
