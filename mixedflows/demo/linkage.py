"""Invented linkage data: the same man registered in Italy and Malta under two spellings, a
back-and-forth crossing, a match in another agency; then one whole-registry run."""

import datetime
import random

from django.utils import timezone

from mixedflows.linkage import movements, registry
from mixedflows.linkage.selectors import active_model
from mixedflows.people.services import EncounterContext, PersonInput, encounter_add, person_register


def add_linkage_demo(world, *, seed: int) -> dict:
    rng = random.Random(seed)
    sites, users = world["sites"], world["users"]
    italy, malta = sites["Porto Sereno landing point"], sites["Marsa Nuova landing point"]
    officer, partner = users["agm.protection"], users["rpo.protection"]
    now = timezone.now()

    def meet(user, site, days_ago, **names):
        context = EncounterContext(
            site=site,
            occurred_at=now - datetime.timedelta(days=days_ago, hours=rng.randrange(12)),
            kind="sea_rescue",
            departure_country="LBY",
        )
        return person_register(
            actor=user, data=PersonInput(sex="M", nationality="SOM", **names), context=context
        )

    # Registered in Italy with an asylum-seeker document, met again in Malta under the Somali spelling.
    meet(
        officer,
        italy,
        150,
        given_name="Mohamed",
        fathers_name="Abdirahman",
        grandfathers_name="Ali",
        date_of_birth=datetime.date(1996, 1, 1),
        dob_precision="year",
        documents=[{"kind": "asylum_permit", "number": "ITA-AS-448812", "issuing_country": "ITA"}],
    )
    meet(
        officer,
        malta,
        21,
        given_name="Maxamed",
        fathers_name="Cabdiraxmaan",
        grandfathers_name="Cali",
        date_of_birth=datetime.date(1996, 3, 14),
    )
    # The partner agency's own record of him, in Arabic script: a match notice, never his record.
    meet(
        partner,
        malta,
        20,
        given_name="",
        name_original_script="محمد عبدالرحمن علي",
        date_of_birth=datetime.date(1996, 3, 14),
    )
    # Back and forth between Italy and Malta: circular movement.
    trader = meet(
        officer,
        italy,
        300,
        given_name="Idris",
        fathers_name="Osman",
        grandfathers_name="Adam",
        date_of_birth=datetime.date(1985, 6, 2),
    )
    for days_ago, site in ((240, malta), (180, italy), (120, malta), (60, italy)):
        encounter_add(
            actor=officer,
            person=trader,
            context=EncounterContext(
                site=site, occurred_at=now - datetime.timedelta(days=days_ago), kind="sea_interception"
            ),
        )
    model, version = active_model()
    result = registry.run(model=model, model_version=version)
    result["flags"] = movements.flags_compute()
    return result
