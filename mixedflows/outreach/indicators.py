"""Counters for project indicators (core.indicators): counselling sessions, the topics discussed in them, and
campaign reach.

Sessions keep an age band, not an age: they are disaggregated by the outreach bands (0-17, 18-24, 25-34, 35-49,
50+), which do not convert to the bands of core.indicators. A session with several topics counts once in
"outreach.sessions" and under each of its topics in "outreach.topics".
"""

from django.utils.translation import gettext_lazy as _

from mixedflows.core.indicators import register, register_dimension

register_dimension("outreach_age_band", _("Age band (outreach bands)"))
register_dimension("outreach_topic", _("Topic discussed"))
register_dimension("channel", _("Channel"))


def _sex(code: str) -> str:
    from mixedflows.outreach.codes import SEX_NAMES, Sex

    return str(SEX_NAMES[Sex(code)]) if code in Sex.values else code


def _band(code: str) -> str:
    from mixedflows.outreach.codes import AgeBand

    return str(AgeBand(code).label) if code in AgeBand.values else code


def _sessions(project, start, end, user):
    from mixedflows.outreach.models import CounsellingSession

    return CounsellingSession.objects.visible_to(user).filter(project=project, held_on__range=(start, end))


@register(
    "outreach.sessions",
    label=_("Counselling sessions held"),
    dimensions=["sex", "outreach_age_band", "nationality", "country"],
    unit=_("sessions"),
    permission="outreach.view",
)
def sessions(*, project, start, end, user):
    """Sessions tagged with the project, held in the period, at resource centres of the country given."""
    rows = _sessions(project, start, end, user).values_list("sex", "age_band", "nationality", "site__country")
    for sex, band, nationality, country in rows:
        yield (_sex(sex), _band(band), nationality, country, 1)


@register(
    "outreach.topics",
    label=_("Counselling sessions by topic discussed"),
    dimensions=["outreach_topic", "sex", "outreach_age_band"],
    unit=_("topics discussed"),
    permission="outreach.view",
)
def topics(*, project, start, end, user):
    """One row per topic of each session tagged with the project and held in the period."""
    from mixedflows.outreach.codes import Topic

    for sex, band, codes in _sessions(project, start, end, user).values_list("sex", "age_band", "topics"):
        for code in codes:
            yield (str(Topic(code).label) if code in Topic.values else code, _sex(sex), _band(band), 1)


def _reports(project, start, end, user):
    """Reach reports of campaigns tagged with the project, for periods that ended in the period (each once)."""
    from mixedflows.outreach.models import ReachReport

    return ReachReport.objects.visible_to(user).filter(
        campaign__project=project, period_end__range=(start, end)
    )


def _channel(code: str) -> str:
    from mixedflows.outreach.codes import Channel

    return str(Channel(code).label) if code in Channel.values else code


@register(
    "outreach.reach",
    label=_("People taking part in campaign activities"),
    dimensions=["sex", "outreach_age_band", "channel"],
    unit=_("participants"),
    permission="outreach.view",
)
def reach(*, project, start, end, user):
    """The participants each reach report gives by sex and age band (the figures as reported, with a source)."""
    for participants, channel in _reports(project, start, end, user).values_list(
        "participants", "campaign__channel"
    ):
        for key, n in (participants or {}).items():
            sex, band = key.split("_", 1)
            yield (_sex(sex), _band(band), _channel(channel), int(n))


@register(
    "outreach.listeners",
    label=_("Listeners or viewers reached by campaigns"),
    dimensions=["channel"],
    unit=_("listeners or viewers"),
    permission="outreach.view",
)
def listeners(*, project, start, end, user):
    """The listeners or viewers each reach report gives (as reported, with a source)."""
    rows = _reports(project, start, end, user).filter(listeners__isnull=False)
    for n, channel in rows.values_list("listeners", "campaign__channel"):
        yield (_channel(channel), n)
