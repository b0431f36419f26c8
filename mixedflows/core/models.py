import uuid
from typing import Protocol

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mixedflows.core.querysets import (
    AccessSuspensionQuerySet,
    MembershipQuerySet,
    OwnedQuerySet,
    SiteQuerySet,
)
from mixedflows.core.roles import Role, permissions_for


class FieldGroup(models.TextChoices):
    """The unit of sharing and of sensitive permissions (DESIGN.md, "Field groups")."""

    IDENTITY = "identity", _("Identity")
    DOCUMENTS = "documents", _("Documents")
    CONTACT = "contact", _("Contact")
    ENCOUNTERS = "encounters", _("Encounters")
    SCREENING_OUTCOME = "screening_outcome", _("Screening outcome")
    PROTECTION_NEEDS = "protection_needs", _("Protection needs")
    TRAFFICKING = "trafficking", _("Trafficking details")
    GBV = "gbv", _("GBV details")
    HEALTH = "health", _("Health")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    CASE = "case", _("Case and services")
    # Not a part of a person's record: a detention monitor's findings about a facility (detention app).
    VISIT_FINDINGS = "visit_findings", _("Detention visit findings")


SENSITIVE_FIELD_GROUPS = frozenset(
    {FieldGroup.TRAFFICKING, FieldGroup.GBV, FieldGroup.HEALTH, FieldGroup.CHILD_PROTECTION}
)


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Informed consent of the person")
    GUARDIAN_CONSENT = "guardian_consent", _("Informed consent of the guardian")
    VITAL_INTEREST = "vital_interest", _("Vital interest")
    MANDATE = "mandate", _("Mandate")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        RED_CROSS = "red_cross", _("Red Cross / Red Crescent")
        NGO = "ngo", _("NGO")
        GOVERNMENT = "government", _("Government")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=12, unique=True, help_text=_("Prefix of registration numbers, e.g. AGM.")
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    mandate = models.TextField(blank=True)
    country = models.CharField(max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3 of the head office"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    class Kind(models.TextChoices):
        LANDING_POINT = "landing_point", _("Landing point")
        BORDER_CROSSING_POINT = "border_crossing_point", _("Border crossing point")
        RECEPTION_CENTRE = "reception_centre", _("Reception centre")
        TRANSIT_CENTRE = "transit_centre", _("Transit centre")
        DETENTION_FACILITY = "detention_facility", _("Detention facility")
        MIGRANT_RESOURCE_CENTRE = "migrant_resource_centre", _("Migrant resource centre")
        SHELTER = "shelter", _("Shelter")
        OFFICE = "office", _("Office")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    country = models.CharField(max_length=3, help_text=_("ISO 3166-1 alpha-3"))
    admin_area = models.CharField(max_length=200, blank=True)
    # P-codes of the Common Operational Datasets, so published tables join HDX's boundaries.
    adm1_pcode = models.CharField(_("admin 1 p-code"), max_length=20, blank=True)
    adm2_pcode = models.CharField(_("admin 2 p-code"), max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="sites", blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A code of settings.LANGUAGES (not a choices list, so adding a language needs no migration); empty: the browser's.
    language = models.CharField(_("interface language"), max_length=12, blank=True)
    # Raised to end every session of the user at once (disabled, a membership lost, ended by an administrator).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry this hash; it changes with the password and with `session_epoch`."""
        return salted_hmac(
            "mixedflows.core.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def memberships_cached(self) -> list["Membership"]:
        return list(self.memberships.select_related("organisation").prefetch_related("sites"))

    @cached_property
    def organisation(self) -> Organisation | None:
        """The one organisation a user works for (None for a platform administrator)."""
        return self.memberships_cached[0].organisation if self.memberships_cached else None

    @property
    def agency(self) -> Organisation:
        """The organisation a staff member acts for; refused for a user of none (a platform administrator)."""
        if self.organisation is None:
            raise PermissionDenied("a user of no agency")
        return self.organisation

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships_cached)

    @cached_property
    def permissions(self) -> frozenset[str]:
        return permissions_for(set(self.roles))

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """What a service asks first: the permission, or PermissionDenied (a 403, or a 404 where the
        object's existence itself is not to be known)."""
        if not self.can(permission):
            raise PermissionDenied(permission)

    @cached_property
    def site_ids(self) -> frozenset[int] | None:
        """Sites the user is limited to, or None when any site of the organisation is allowed."""
        ids: set[int] = set()
        for membership in self.memberships_cached:
            sites = list(membership.sites.all())
            if not sites:
                return None
            ids.update(s.pk for s in sites)
        return frozenset(ids)


class Owned(Protocol):
    """What an ownership check needs of a row: the organisation it belongs to (an OwnedModel, a Person...)."""

    organisation_id: int


class OwnedModel(models.Model):
    """A record that belongs to one organisation: every model holding an agency's data derives from it.

    Its manager gives `visible_to(user)` (rows of the user's organisation) and `owned_by(organisation)`;
    give a subclass its own `OwnedQuerySet` subclass when its visibility is narrower or wider.
    A subclass may redeclare a field (another `related_name`) or drop one with `= None`.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Membership(models.Model):
    """A user holds a role in one organisation, optionally limited to some of its sites."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    sites = models.ManyToManyField(Site, blank=True, related_name="memberships")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_membership_per_user_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class AccessSuspension(models.Model):
    """The emergency switch: while in force, a user (or every user of an organisation) cannot sign in, their
    sessions are over and their API tokens are refused (core.access). Lifted, with a reason, never deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="suspensions")
    # Empty: the whole organisation is suspended.
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="suspensions"
    )
    reason = models.TextField(_("reason"))
    suspended_at = models.DateTimeField(default=timezone.now, editable=False)
    suspended_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lift_reason = models.TextField(_("reason for restoring access"), blank=True)

    objects = AccessSuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-suspended_at"]

    def __str__(self) -> str:
        return f"{self.user or self.organisation} suspended {self.suspended_at:%Y-%m-%d %H:%M}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class DataSharingAgreement(models.Model):
    """Which field groups may cross from one organisation to another, and whether match notices may."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements_out"
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agreements_in")
    field_groups = models.JSONField(default=list)
    match_notices = models.BooleanField(default=False)
    signed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation"], name="one_agreement_per_direction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation.short_name} → {self.to_organisation.short_name}"


class AuditAction(models.TextChoices):
    """What an audit event records; `audit_record` refuses any other action."""

    CREATE = "create"
    BULK_CREATE = "bulk_create"
    LOAD = "load"
    IMPORT = "import"
    CHANGE = "change"
    DELETE = "delete"
    ERASE = "erase"
    VIEW = "view"
    SEARCH = "search"
    EXPORT = "export"
    API = "api"
    SHARE = "share"
    UNSHARE = "unshare"
    REVOKE = "revoke"
    CONSENT_OVERRIDE = "consent_override"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    DECIDE = "decide"
    APPROVE = "approve"
    REFUSE = "refuse"
    COMPLETE = "complete"
    MERGE = "merge"
    UNMERGE = "unmerge"
    ENABLE = "enable"
    DISABLE = "disable"
    REPLAY = "replay"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_THROTTLED = "sign_in_throttled"
    SIGN_OUT = "sign_out"
    END_SESSIONS = "end_sessions"
    PASSWORD_CHANGE = "password_change"
    MFA_ENROL = "mfa_enrol"
    MFA_CHANGE = "mfa_change"
    MFA_RESET = "mfa_reset"
    MFA_VERIFIED = "mfa_verified"
    MFA_FAILED = "mfa_failed"
    RESEAL = "reseal"
    # Data protection (issue 16, item 13): the emergency switch and the breach register.
    SIGN_IN_REFUSED = "sign_in_refused"
    ACCESS_SUSPEND = "access_suspend"
    ACCESS_RESTORE = "access_restore"
    NOTIFY = "notify"

    @classmethod
    def _missing_(cls, value):
        # Screening edits were recorded as "update" before issue 18; the chain keeps them as written.
        return cls.CHANGE if value == "update" else None


class AuditEvent(models.Model):
    """One append-only, hash-chained entry. Never holds values of personal fields."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(max_length=150)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=32)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"


class AuditHead(models.Model):
    """The chain head: one row, locked while an event is appended."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)


class SignInThrottle(models.Model):
    """Failed sign-ins for one username or one client address, under a keyed hash (core.throttle)."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()


class JobKind(models.TextChoices):
    """The long work a Job row follows; `job_start` refuses any other kind."""

    SCREENING_IMPORT = "Screening import", _("Screening import")
    LINKAGE_RUN = "linkage run", _("Linkage run")
    FLOWS_SNAPSHOT = "flows snapshot", _("Flows snapshot")
    AUDIT_VERIFY = "audit_verify", _("Audit trail check")
    RETENTION_RUN = "retention run", _("Retention run")


class Job(models.Model):
    """Progress of long work (imports, linkage, exports), updated by the task that runs it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=64)  # a JobKind value
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict)
    objects = OwnedQuerySet.as_manager()

    @property
    def kind_label(self) -> str:
        return str(JobKind(self.kind).label) if self.kind in JobKind.values else self.kind

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )
