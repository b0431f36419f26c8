"""Counters for project indicators (core.indicators): officials trained and training events.

As in the training reports, an official counts as trained at an event where they were present on at least one
day; an event counts in the period it began in.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from mixedflows.core.indicators import register, register_dimension

register_dimension("institution_type", _("Type of institution"))
register_dimension("training_topic", _("Training topic"))
register_dimension("training_format", _("Training format"))


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


@register(
    "training.participants",
    label=_("Officials trained (present on at least one day)"),
    dimensions=["sex", "institution", "institution_type", "country"],
    unit=_("officials"),
    permission="training.view",
)
def participants(*, project, start, end, user):
    """Officials present on at least one day of the events tagged with the project that began in the period,
    each official once (the same name at the same institution, as the import's duplicate check); the country is
    the institution's."""
    from mixedflows.training.models import Attendance, Institution, Participant, Sex

    present = Attendance.objects.filter(participant=OuterRef("pk"), present=True)
    rows = (
        Participant.objects.visible_to(user)
        .filter(Exists(present), event__project=project, event__starts_on__range=(start, end))
        .order_by("event__starts_on", "pk")
        .values_list(
            "organisation_id",
            "identity_key",
            "sex",
            "institution__name",
            "institution__kind",
            "institution__country",
        )
    )
    seen: set[tuple[int, str]] = set()
    for organisation, key, sex, institution, kind, country in rows:
        if (organisation, key) in seen:
            continue
        seen.add((organisation, key))
        yield (_label(Sex, sex), institution, _label(Institution.Kind, kind), country, 1)


@register(
    "training.events",
    label=_("Training events held"),
    dimensions=["country", "training_topic", "training_format"],
    unit=_("events"),
    permission="training.view",
)
def events(*, project, start, end, user):
    """Events tagged with the project that began in the period, where they took place."""
    from mixedflows.training.models import Event, Topic

    rows = (
        Event.objects.visible_to(user)
        .filter(project=project, starts_on__range=(start, end))
        .values_list("country", "course__topic", "format")
    )
    for country, topic, format in rows:
        yield (country, _label(Topic, topic), _label(Event.Format, format), 1)
