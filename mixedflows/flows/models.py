"""Flow monitoring (IOM DTM method): points, their daily registry, surveys, routes, snapshots and publications.

The registry counts people *seen* at a point on a day, not a total of people on the move: the same person
crossing twice is counted twice. Market visits and other short-term movements are recorded apart and never
counted as migration.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Organisation, Site, User
from mixedflows.flows.querysets import OwnedQuerySet

# Age bands of the registry and of the snapshot: (code, label, lowest age, highest age or None).
AGE_BANDS = [
    ("0_4", "0-4", 0, 4),
    ("5_17", "5-17", 5, 17),
    ("18_59", "18-59", 18, 59),
    ("60p", "60+", 60, None),
]
SEXES = [("f", _("Female")), ("m", _("Male"))]
COUNT_FIELDS = [f"{sex}_{band}" for sex, _ in SEXES for band, *_ in AGE_BANDS]


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for code, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return "unknown"


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    TRANSIT = "transit", _("Transit")


class Movement(models.TextChoices):
    MIGRATION = "migration", _("Migration (leaving, arriving or in transit)")
    SHORT_TERM = "short_term", _("Short-term movement (back within days)")
    CIRCULAR = "circular", _("Circular movement (back and forth regularly)")
    MARKET = "market", _("Market visit (same day, not migration)")


NOT_MIGRATION = {Movement.MARKET}


class Transport(models.TextChoices):
    ON_FOOT = "on_foot", _("On foot")
    BUS = "bus", _("Bus")
    CAR_OR_TRUCK = "car_or_truck", _("Car or truck")
    MOTORBIKE = "motorbike", _("Motorbike")
    BOAT = "boat", _("Boat")
    TRAIN = "train", _("Train")
    ANIMAL = "animal", _("Animal or cart")
    OTHER = "other", _("Other")


class MonitoringPoint(models.Model):
    class Kind(models.TextChoices):
        BORDER_CROSSING = "border_crossing", _("Border crossing")
        TRANSIT_POINT = "transit_point", _("Transit point")
        BUS_STATION = "bus_station", _("Bus station")
        LANDING_POINT = "landing_point", _("Landing point")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The registered site this point belongs to, if any",
    )
    country = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3")
    admin_area = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    directions = models.JSONField(default=list, help_text="Direction codes observed here")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="flows_point_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def directions_display(self) -> list[str]:
        """The directions observed here, in the reader's language."""
        return [str(Direction(d).label) if d in Direction.values else d for d in self.directions]


class Observation(models.Model):
    """One observed group at a point on a day: counts of people seen, by sex and age band."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(MonitoringPoint, on_delete=models.PROTECT, related_name="observations")
    date = models.DateField()
    direction = models.CharField(max_length=10, choices=Direction.choices)
    movement = models.CharField(max_length=12, choices=Movement.choices, default=Movement.MIGRATION)
    nationality = models.CharField(max_length=3, blank=True)
    previous_place = models.CharField(max_length=200, blank=True)
    next_place = models.CharField(max_length=200, blank=True)
    final_destination = models.CharField(max_length=3, blank=True, help_text="Country, ISO 3166-1 alpha-3")
    transport = models.CharField(max_length=16, choices=Transport.choices, blank=True)
    f_0_4 = models.PositiveIntegerField(default=0)
    f_5_17 = models.PositiveIntegerField(default=0)
    f_18_59 = models.PositiveIntegerField(default=0)
    f_60p = models.PositiveIntegerField(default=0)
    m_0_4 = models.PositiveIntegerField(default=0)
    m_5_17 = models.PositiveIntegerField(default=0)
    m_18_59 = models.PositiveIntegerField(default=0)
    m_60p = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-recorded_at"]
        indexes = [models.Index(fields=["organisation", "point", "date"], name="flows_obs_point_date_idx")]

    @property
    def movement_short(self) -> str:
        """The movement as a registry row shows it: migration without its explanation in brackets."""
        label = str(self.get_movement_display())
        return label.split(" (")[0] if self.movement == Movement.MIGRATION else label


class Route(models.Model):
    """A route: an ordered set of sites and points, or a named grouping of sites, optionally via departure countries."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    via_countries = models.JSONField(
        default=list, blank=True, help_text="Departure countries of arrivals on this route (empty: any)"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="flows_route_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    point = models.ForeignKey(
        MonitoringPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["route", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(site__isnull=False) | models.Q(point__isnull=False),
                name="flows_stop_site_or_point",
            ),
        ]


class SurveyInterview(models.Model):
    """A sampled flow monitoring survey interview. Consent first; one interview per respondent (respondent key)."""

    class Source(models.TextChoices):
        WEB = "web", _("Web")
        ODK = "odk", _("ODK Central / KoboToolbox submission")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(
        MonitoringPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interviewed_on = models.DateField()
    respondent_key = models.CharField(
        max_length=64, help_text="Hash of the respondent's key answers, never the answers"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ODK)
    submission_id = models.CharField(
        max_length=100, blank=True, help_text="The submission's first (root) instanceID"
    )
    submission_versions = models.JSONField(
        default=list, blank=True, help_text="Every instanceID of the submission seen so far (edits add one)"
    )
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    nationality = models.CharField(max_length=3, blank=True)
    departure_country = models.CharField(max_length=3, blank=True)
    intended_destination = models.CharField(max_length=3, blank=True)
    reasons = models.JSONField(default=list)
    journey_cost_usd = models.PositiveIntegerField(null=True, blank=True)
    incidents = models.JSONField(default=list, help_text="[{kind, where, by_whom}]")
    needs = models.JSONField(default=list)
    intention = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "respondent_key"], name="flows_survey_respondent_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "submission_id"], name="flows_survey_submission_idx")]


class Snapshot(models.Model):
    """A Parquet snapshot of the operational database for DuckDB analytics (no names, no dates of birth)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    directory = models.CharField(max_length=500)
    rows = models.JSONField(default=dict)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]


class Publication(models.Model):
    """A published table or microdata extract, kept with the rules applied (who, what, when, which rules)."""

    class Kind(models.TextChoices):
        TABLE = "table", _("Table")
        MICRODATA = "microdata", _("Microdata extract")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TABLE)
    title = models.CharField(max_length=200)
    spec = models.JSONField(help_text="Rows, columns and filters the table was built from")
    rules = models.JSONField(help_text="Disclosure control rules applied")
    content = models.JSONField(help_text="The published table, suppressed cells already removed")
    snapshot_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
