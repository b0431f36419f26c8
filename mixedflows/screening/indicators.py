"""Counters for project indicators (core.indicators): screenings completed."""

import datetime

from django.utils.translation import gettext_lazy as _

from mixedflows.core.indicators import age_band, register
from mixedflows.people.models import Person, Sex

# The person's fields a counter reads for the sex, age band and nationality disaggregations.
PERSON_FIELDS = ["sex", "date_of_birth", "age_assessed", "age_declared", "nationality"]


def person_dimensions(values: dict, prefix: str, on: datetime.date) -> tuple[str, str, str]:
    """(sex, age band on the day, nationality) of a person read with `values(prefix + field...)`."""
    person = Person(**{f: values[prefix + f] for f in PERSON_FIELDS})
    sex = str(Sex(person.sex).label) if person.sex else ""
    return sex, age_band(person.age_on(on)), person.nationality


@register(
    "screening.completed",
    label=_("Screenings completed"),
    dimensions=["sex", "age_band", "nationality", "country"],
    unit=_("people screened"),
)
def screenings_completed(*, project, start, end, user):
    """Completed screenings of the user's agency tagged with the project, on the day they were completed."""
    from mixedflows.screening.models import Screening

    rows = (
        Screening.objects.visible_to(user)
        .filter(project=project, status=Screening.Status.COMPLETED, completed_at__date__range=(start, end))
        .values("completed_at", "site__country", *(f"person__{f}" for f in PERSON_FIELDS))
    )
    for row in rows:
        yield (*person_dimensions(row, "person__", row["completed_at"].date()), row["site__country"], 1)
