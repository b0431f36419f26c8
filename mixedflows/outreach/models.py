"""Information to migrants and host communities: campaigns with their reach, and counselling sessions at
migrant resource centres (core sites of that kind), anonymous unless the person asks for follow-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import OwnedModel, Site
from mixedflows.core.querysets import OwnedQuerySet
from mixedflows.outreach.codes import AgeBand, Channel, Decision, Onward, Sex, Topic


# Visibility: the agency's own rows, for those who hold the outreach permission; a follow-up contact (the name a
# person gave when asking to be called back) needs a permission of its own.
class OutreachQuerySet(OwnedQuerySet):
    view_permission = "outreach.view"


class FollowUpContactQuerySet(OwnedQuerySet):
    view_permission = "outreach.view_contacts"


class Campaign(OwnedModel):
    title = models.CharField(_("title"), max_length=200)
    channel = models.CharField(_("channel"), max_length=32, choices=Channel.choices)
    audiences = models.JSONField(_("audiences"), default=list)  # Audience codes
    languages = models.JSONField(_("languages"), default=list)  # ISO 639-3 codes
    areas = models.JSONField(_("areas"), default=list)  # place names, as the campaign plan names them
    partners = models.JSONField(_("partners"), default=list)  # organisations named as written
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )

    objects = OutreachQuerySet.as_manager()  # type: ignore[misc]  # narrows OwnedModel's manager

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class ReachReport(OwnedModel):
    """A campaign's reach over one period; every figure given carries its source."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach_reports")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    listeners = models.PositiveIntegerField(_("listeners or viewers"), null=True, blank=True)
    listeners_source = models.CharField(_("source of the listeners"), max_length=200, blank=True)
    sessions_held = models.PositiveIntegerField(_("sessions held"), null=True, blank=True)
    sessions_source = models.CharField(_("source of the sessions"), max_length=200, blank=True)
    # {"F_18_24": 12, ...}: codes.PARTICIPANT_KEYS; empty when no participant was counted.
    participants = models.JSONField(_("participants by sex and age band"), default=dict)
    participants_source = models.CharField(_("source of the participants"), max_length=200, blank=True)
    materials_distributed = models.PositiveIntegerField(_("materials distributed"), null=True, blank=True)
    materials_source = models.CharField(_("source of the materials"), max_length=200, blank=True)

    objects = OutreachQuerySet.as_manager()  # type: ignore[misc]  # narrows OwnedModel's manager

    class Meta:
        ordering = ["period_start"]

    @property
    def participants_total(self) -> int | None:
        return sum(self.participants.values()) if self.participants else None

    @property
    def sources(self) -> list[str]:
        """The distinct sources of the period's figures, in the order of the figures."""
        named = [self.listeners_source, self.sessions_source, self.participants_source, self.materials_source]
        return list(dict.fromkeys(source for source in named if source))


class CounsellingSession(OwnedModel):
    """One person counselled at a migrant resource centre. No name: only what the counts need."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    area = models.CharField(_("area of origin"), max_length=100, blank=True)
    topics = models.JSONField(_("topics"), default=list)  # Topic codes
    decision = models.CharField(_("decision considered"), max_length=32, choices=Decision.choices)
    onward = models.JSONField(_("referred onward to"), default=list)  # Onward codes
    follow_up = models.BooleanField(_("asked for follow-up"), default=False)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )

    objects = OutreachQuerySet.as_manager()  # type: ignore[misc]  # narrows OwnedModel's manager

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["organisation", "site", "held_on"], name="outreach_session_site_day")]

    def topic_labels(self) -> list[str]:
        return [str(Topic(code).label) for code in self.topics]

    def onward_labels(self) -> list[str]:
        return [str(Onward(code).label) for code in self.onward]


class FollowUpContact(OwnedModel):
    """The name and contact of a person who asked for follow-up and consented to them being kept."""

    session = models.OneToOneField(CounsellingSession, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("phone or other contact"), max_length=200, blank=True)
    consent_given_on = models.DateField(_("consent given on"))

    objects = FollowUpContactQuerySet.as_manager()  # type: ignore[misc]  # narrows OwnedModel's manager
