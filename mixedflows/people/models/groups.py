"""Who travels together and where they were met: groups, relationships, encounters; and who else may see a
person (access grants) and who decides for a child (guardianship)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import LegalBasis, Organisation, OwnedModel, Site, User
from mixedflows.core.querysets import OwnedQuerySet
from mixedflows.people.models.person import Person
from mixedflows.people.querysets import AccessGrantQuerySet, EncounterQuerySet, GroupQuerySet


class Group(models.Model):
    """People who arrived or travel together: a boat, a family, a travel group."""

    class Kind(models.TextChoices):
        BOAT = "boat", _("Boat or vehicle")
        FAMILY = "family", _("Family")
        TRAVEL_GROUP = "travel_group", _("Travel group")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="groups")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    label = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subgroups"
    )
    members = models.ManyToManyField(Person, related_name="groups", blank=True)
    # The encounter context shared by everyone registered from this boat or group.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    arrived_at = models.DateTimeField(null=True, blank=True)
    encounter_kind = models.CharField(max_length=20, blank=True)
    departure_country = models.CharField(max_length=3, blank=True)
    previous_place = models.CharField(max_length=200, blank=True)
    transport_mode = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = GroupQuerySet.as_manager()

    def __str__(self) -> str:
        return self.label

    def get_encounter_kind_display(self) -> str:
        return (
            str(Encounter.Kind(self.encounter_kind).label)
            if self.encounter_kind in Encounter.Kind.values
            else self.encounter_kind
        )


class Relationship(models.Model):
    """`relative` is the `kind` of `person` (the person's mother, sibling...), as declared in a group."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        SIBLING = "sibling", _("Sibling")
        SPOUSE = "spouse", _("Spouse")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        UNRELATED_COMPANION = "unrelated_companion", _("Unrelated adult companion")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="relationships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_out")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_in")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person", "relative"], name="one_relationship_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relationship_not_self"
            ),
        ]

    @property
    def is_family(self) -> bool:
        return self.kind != self.Kind.UNRELATED_COMPANION


class Encounter(models.Model):
    """One meeting of the agency with the person: where, when and how they came."""

    class Kind(models.TextChoices):
        SEA_RESCUE = "sea_rescue", _("Sea arrival after rescue")
        SEA_INTERCEPTION = "sea_interception", _("Sea arrival after interception")
        LAND_BORDER = "land_border", _("Land border crossing")
        AIR_ARRIVAL = "air_arrival", _("Air arrival")
        DETENTION_INTAKE = "detention_intake", _("Detention intake")
        OTHER = "other", _("Other")

    class Transport(models.TextChoices):
        BOAT = "boat", _("Boat")
        ON_FOOT = "on_foot", _("On foot")
        BUS = "bus", _("Bus")
        CAR_OR_TRUCK = "car_or_truck", _("Car or truck")
        TRAIN = "train", _("Train")
        PLANE = "plane", _("Plane")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="encounters")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="encounters")
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="encounters"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="encounters")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    departure_country = models.CharField(max_length=3, blank=True)
    previous_place = models.CharField(max_length=200, blank=True)
    intended_destination = models.CharField(max_length=200, blank=True)
    transport_mode = models.CharField(max_length=16, choices=Transport.choices, blank=True)
    detained = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = EncounterQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["organisation", "site", "occurred_at"], name="encounter_site_time_idx")
        ]


class AccessGrant(models.Model):
    """Another organisation may see named field groups of one person, because of a referral."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants_received")
    field_groups = models.JSONField(default=list)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    source_type = models.CharField(max_length=32, help_text="What created the grant, e.g. referral")
    source_id = models.CharField(max_length=64)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "revoked_at"], name="grant_active_idx")]


class Guardianship(OwnedModel):
    """An appointed guardian of a child: a named person and the organisation that appointed or employs them.

    Never the adult the child travelled with by default: a guardian is appointed by an authority, and only
    an appointed guardian gives a child's consent (DESIGN.md).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardianships")
    guardian_name = models.CharField(max_length=200)
    guardian_organisation = models.CharField(
        max_length=200, help_text="The guardian's organisation, e.g. municipal social services"
    )
    appointed_by = models.CharField(max_length=200, help_text="The authority that appointed the guardian")
    appointed_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, help_text="The appointment decision's number")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-appointed_on"]

    def __str__(self) -> str:
        return f"{self.guardian_name} ({self.guardian_organisation})"

    @property
    def active(self) -> bool:
        return self.ended_on is None or self.ended_on > timezone.localdate()
