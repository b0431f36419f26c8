"""Detention monitoring: facilities, visits, conditions, findings, recommendations, people met."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Organisation, OwnedModel, Site, User
from mixedflows.detention.querysets import SharedFindingsQuerySet
from mixedflows.people.models import Encounter, Person


class SharedFindings(OwnedModel):
    """An owned record that a partner agency may also read under an agreement sharing visit findings."""

    # django-stubs types OwnedModel's manager by its own queryset; a wider one here is what the base allows.
    objects = SharedFindingsQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True


class DetentionLimit(models.Model):
    """A country's legal maximum length of immigration detention: law, the same for every agency."""

    country = models.CharField(_("country"), max_length=3, unique=True, help_text=_("ISO 3166-1 alpha-3"))
    max_days = models.PositiveIntegerField(_("legal maximum (days)"))
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before"),
        default=14,
        help_text=_("An alert shows when a person nears the maximum."),
    )
    legal_source = models.CharField(_("legal source"), max_length=200, blank=True)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.country}: {self.max_days}"


class Facility(SharedFindings):
    """A detention facility as one monitoring agency knows it: the site, who runs it, on what terms it is visited."""

    class Kind(models.TextChoices):
        CLOSED_CENTRE = "closed_centre", _("Closed detention centre")
        POLICE_STATION = "police_station", _("Police station")
        BORDER_POST = "border_post", _("Border post")
        AIRPORT_ZONE = "airport_zone", _("Airport transit zone")
        PRISON_WING = "prison_wing", _("Prison wing")
        RESTRICTED_RECEPTION = "restricted_reception", _("Reception centre with restricted movement")

    class VisitTerms(models.TextChoices):
        ANNOUNCED = "announced", _("Announced visits only")
        UNANNOUNCED = "unannounced", _("Unannounced visits allowed")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    authority = models.CharField(_("authority in charge"), max_length=200)
    kind = models.CharField(_("facility type"), max_length=24, choices=Kind.choices)
    capacity = models.PositiveIntegerField(_("official capacity"))
    visit_terms = models.CharField(_("visits"), max_length=12, choices=VisitTerms.choices)
    private_interviews = models.BooleanField(_("private interviews allowed"), default=False)
    access_terms = models.TextField(_("who may visit, on what terms"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)

    class Meta:
        ordering = ["site__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "site"], name="one_facility_per_site")]

    def __str__(self) -> str:
        return self.site.name


class ChecklistVersion(models.Model):
    """One version of a conditions checklist, loaded from its YAML file. Never edited."""

    code = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    definition = models.JSONField()
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


HEADCOUNT_GROUPS = ("men", "women", "boys", "girls")


class Visit(SharedFindings):
    """A monitoring visit by a team: when, on what terms, what access, how many people held."""

    class Access(models.TextChoices):
        GRANTED = "granted", _("Granted to all areas")
        PARTIAL = "partial", _("Granted to some areas")
        REFUSED = "refused", _("Refused")

    class ChildrenWithFamilies(models.TextChoices):
        NO_CHILDREN = "no_children", _("No children present")
        ALL = "all", _("All with their families")
        SOME = "some", _("Some without their families")
        NONE = "none", _("None with their families")
        NOT_KNOWN = "not_known", _("Not known")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="visits")
    checklist = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="visits")
    started_at = models.DateTimeField(_("time in"))
    ended_at = models.DateTimeField(_("time out"))
    announced = models.BooleanField(_("announced"), default=True)
    access = models.CharField(_("access"), max_length=10, choices=Access.choices)
    areas_visited = models.TextField(_("areas visited"), blank=True)
    areas_refused = models.TextField(_("areas refused"), blank=True)
    team = models.ManyToManyField(User, related_name="+", verbose_name=_("team"))
    partner_organisations = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("partner agencies on the team")
    )
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    # Headcounts by sex and age group, as the authority reported them and as the team observed them.
    reported_total = models.PositiveIntegerField(_("total reported by the authority"), null=True, blank=True)
    observed_total = models.PositiveIntegerField(_("total observed"), null=True, blank=True)
    headcounts = models.JSONField(default=dict, help_text="{'reported': {'men': n, ...}, 'observed': {...}}")
    nationalities = models.JSONField(default=dict, help_text="{'reported': {'ERI': n}, 'observed': {...}}")
    children_with_families = models.CharField(
        _("children present, with their families?"), max_length=12, choices=ChildrenWithFamilies.choices
    )
    longest_detention_days = models.PositiveIntegerField(
        _("longest detention reported (days)"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["organisation", "facility", "started_at"], name="visit_facility_time_idx")
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.started_at:%Y-%m-%d}"

    @property
    def held(self) -> int | None:
        """People held on the day: observed where the team counted, else as reported."""
        return self.observed_total if self.observed_total is not None else self.reported_total

    def children(self, source: str = "observed") -> int | None:
        counts = self.headcounts.get(source) or {}
        if not counts:
            return None
        return int(counts.get("boys") or 0) + int(counts.get("girls") or 0)


class ConditionRating(SharedFindings):
    class Rating(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_OBSERVED = "not_observed", _("Not observed")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="ratings")
    item = models.CharField(max_length=64)
    rating = models.CharField(max_length=16, choices=Rating.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_rating_per_item")]


class Finding(SharedFindings):
    class Severity(models.TextChoices):
        URGENT = "urgent", _("Urgent")
        SERIOUS = "serious", _("Serious")
        CONCERNING = "concerning", _("Concerning")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    text = models.TextField(_("finding"))
    items = models.JSONField(_("checklist items concerned"), default=list)

    class Meta:
        ordering = ["visit", "created_at"]


class Recommendation(SharedFindings):
    """Addressed to an authority, followed up visit after visit; its status changes only with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
        IMPLEMENTED = "implemented", _("Implemented")
        REJECTED = "rejected", _("Rejected")
        DROPPED = "dropped", _("Dropped")

    # Still to check at the next visit.
    PENDING = (Status.OPEN, Status.ACCEPTED, Status.PARTLY_IMPLEMENTED)

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="recommendations")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="recommendations")
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    addressed_to = models.CharField(_("addressed to"), max_length=200)
    due_on = models.DateField(_("due"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "created_at"]

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    def age_days(self, today: datetime.date | None = None) -> int:
        return ((today or timezone.localdate()) - timezone.localdate(self.created_at)).days


class RecommendationStep(SharedFindings):
    """One change of a recommendation's status: from what, to what, why, seen at which visit or in which letter."""

    class Source(models.TextChoices):
        VISIT = "visit", _("Checked at a visit")
        LETTER = "letter", _("Follow-up letter")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=Recommendation.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    reason = models.TextField()
    source = models.CharField(max_length=8, choices=Source.choices)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    letter_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "created_at", "id"]


class Detention(OwnedModel):
    """A person known to be held at a facility: since when, and how it ended (release, transfer...)."""

    class End(models.TextChoices):
        RELEASED = "released", _("Released")
        ALTERNATIVE = "alternative", _("Released to an alternative to detention")
        TRANSFERRED = "transferred", _("Transferred")
        DEPORTED = "deported", _("Deported or returned")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="detentions")
    detained_since = models.DateField(_("detained since"))
    age_recorded = models.PositiveSmallIntegerField(_("age recorded by the authority"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end = models.CharField(_("how it ended"), max_length=12, choices=End.choices, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)

    class Meta:
        ordering = ["-detained_since"]

    def days(self, today: datetime.date | None = None) -> int:
        return ((self.ended_on or today or timezone.localdate()) - self.detained_since).days


class PersonMet(OwnedModel):
    """A person the team identified during a visit, registered or found, with a detention-intake encounter."""

    class Reason(models.TextChoices):
        UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied or separated child")
        AGE_DISPUTED = "age_disputed", _("Age disputed")
        MEDICAL = "medical", _("Medical needs")
        ASYLUM = "asylum", _("Asks for asylum")
        TRAFFICKING = "trafficking", _("Possible victim of trafficking")
        FAMILY = "family", _("Family held together or separated")
        OTHER = "other", _("Other")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="people_met")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, related_name="+")
    detention = models.ForeignKey(Detention, on_delete=models.PROTECT, related_name="meetings")
    reasons = models.JSONField(_("why the team met this person"), default=list)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="person_met_once_per_visit")]

    @property
    def reason_labels(self) -> list[str]:
        return [str(self.Reason(r).label) for r in self.reasons if r in self.Reason.values]
