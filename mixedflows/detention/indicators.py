"""Counters for project indicators (core.indicators): detention monitoring visits."""

from django.utils.translation import gettext_lazy as _

from mixedflows.core.indicators import register, register_dimension

register_dimension("facility_kind", _("Facility type"))


@register(
    "detention.visits",
    label=_("Detention monitoring visits"),
    dimensions=["country", "facility_kind"],
    unit=_("visits"),
)
def visits(*, project, start, end, user):
    """Monitoring visits tagged with the project, on the day they started, of the visits the user may see."""
    from mixedflows.detention.models import Facility, Visit

    rows = (
        Visit.objects.visible_to(user)
        .filter(project=project, started_at__date__range=(start, end))
        .values_list("facility__site__country", "facility__kind")
    )
    for country, kind in rows:
        yield (country, str(Facility.Kind(kind).label) if kind in Facility.Kind.values else kind, 1)
