"""A person as an agency records them: names in every script, documents, aliases, the keys search uses."""

import datetime
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from mixedflows.core.encryption import blind_index
from mixedflows.core.fields import EncryptedTextField
from mixedflows.core.models import LegalBasis, Organisation, User
from mixedflows.core.querysets import OwnedQuerySet
from mixedflows.lib.calendars import SUFFIX, Calendar, from_gregorian
from mixedflows.lib.codes import country_name, language_name
from mixedflows.lib.names import normalise_document_number
from mixedflows.lib.phones import phone_display
from mixedflows.people.querysets import PersonQuerySet

# Crockford's base32 without I, L, O, U: easy to read out loud on a noisy quay.
_REG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_registration_number(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(_REG_ALPHABET) for _ in range(8))


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "", _("Not known")


class DobPrecision(models.TextChoices):
    EXACT = "exact", _("Exact day")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated from age")


# Stored as it is (a typed purpose is the agency's own words); the page translates this default one.
DEFAULT_PURPOSE = gettext_noop("Registration and protection screening")

NAME_FIELDS = ("given_name", "fathers_name", "grandfathers_name", "family_name", "name_original_script")
# The person's fields in the identity field group: what a grant of "identity" shares, the API returns, a
# receiving agency takes over.
IDENTITY_FIELDS = (
    *NAME_FIELDS,
    "sex",
    "date_of_birth",
    "dob_precision",
    "dob_calendar",
    "age_declared",
    "age_assessed",
    "age_disputed",
    "nationality",
    "other_nationalities",
    "languages",
)


class Person(models.Model):
    """One organisation's record of a person. Other agencies keep their own records."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration_number = models.CharField(max_length=24, unique=True)
    # A key the registration page makes per row, so a row re-sent after a dropped connection is saved once.
    intake_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULLs stay out of the unique constraint
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    # Names as spoken (Latin script) and, where known, in the original script.
    given_name = models.CharField(max_length=100, blank=True)
    fathers_name = models.CharField(max_length=100, blank=True)
    grandfathers_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    name_original_script = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(max_length=10, choices=DobPrecision.choices, blank=True)
    # The calendar the date of birth was given in (blank: Gregorian); the date itself is always stored Gregorian.
    dob_calendar = models.CharField(max_length=12, choices=Calendar.choices, blank=True)
    age_declared = models.PositiveSmallIntegerField(null=True, blank=True)
    age_assessed = models.PositiveSmallIntegerField(null=True, blank=True)
    age_disputed = models.BooleanField(default=False)
    nationality = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3, as declared")
    other_nationalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-3 codes")
    phone = models.CharField(max_length=40, blank=True, help_text="E.164: +393331234567")
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, default=LegalBasis.MANDATE)
    purpose = models.CharField(max_length=200, default=DEFAULT_PURPOSE)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Set by a linkage merge: the record is kept, out of lists and searches, and can be restored.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    # Set when the person asked that processing be restricted (a data-subject request, issue 16 item 11): the
    # record is kept, but no new referral or other sharing starts from it while the restriction lasts.
    restricted_at = models.DateTimeField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="person_org_recent_idx"),
            models.Index(fields=["organisation", "nationality"], name="person_org_nat_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "intake_key"], name="person_intake_key_unique")
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def display_name(self) -> str:
        """Names in the traditional order: given, father's, grandfather's, family."""
        return " ".join(
            p for p in (self.given_name, self.fathers_name, self.grandfathers_name, self.family_name) if p
        )

    @property
    def exchange_family_name(self) -> str:
        """For formats with one family_name: the other name parts in order."""
        return " ".join(p for p in (self.fathers_name, self.grandfathers_name, self.family_name) if p)

    def age_on(self, day: datetime.date) -> int | None:
        if not self.date_of_birth:
            return self.age_assessed if self.age_assessed is not None else self.age_declared
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_child(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def nationality_display(self) -> str:
        return f"{country_name(self.nationality)} ({self.nationality})" if self.nationality else ""

    @property
    def languages_display(self) -> str:
        return ", ".join(language_name(code) for code in self.languages or [])

    @property
    def date_of_birth_display(self) -> str:
        """The date of birth as precisely as it is known (an estimated 1 January is never a birthday), and as the
        person gave it when that was in another calendar: 20 January 1990 (30/10/1368 S.H.)."""
        dob = self.date_of_birth
        if not dob:
            return gettext("not known")
        match self.dob_precision:
            case DobPrecision.MONTH:
                shown = date_format(dob, "YEAR_MONTH_FORMAT")
            case DobPrecision.YEAR:
                shown = f"{dob.year}"
            case DobPrecision.ESTIMATED:
                return gettext("about %(year)d (estimated)") % {"year": dob.year}
            case _:
                shown = dob.isoformat()
        if not self.dob_calendar:
            return shown
        return f"{shown} ({self.date_of_birth_as_given})"

    @property
    def date_of_birth_as_given(self) -> str:
        """The date of birth in the calendar it was given in, as the officer would type it: 30/10/1368 S.H."""
        if not self.date_of_birth or not self.dob_calendar:
            return ""
        year, month, day = from_gregorian(self.dob_calendar, self.date_of_birth)
        match self.dob_precision:
            case DobPrecision.YEAR:
                given = f"{year}"
            case DobPrecision.MONTH:
                given = f"{month:02d}/{year}"
            case _:
                given = f"{day:02d}/{month:02d}/{year}"
        return f"{given} {SUFFIX[Calendar(self.dob_calendar)]}"

    @property
    def phone_display(self) -> str:
        """The phone as people read it: national format in the country the person was last met in."""
        return phone_display(self.phone, country=self.home_country)

    @property
    def home_country(self) -> str:
        """The country of the site the person was last met at, else the agency's: the default for phone numbers."""
        latest = self.encounters.select_related("site").order_by("-occurred_at").first() if self.pk else None
        return latest.site.country if latest else self.organisation.country


class PersonNameKey(models.Model):
    """Transliteration-stable search keys of a person's names (see mixedflows.lib.names)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "key", "person"], name="namekey_lookup_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="namekey_unique")]


class Alias(models.Model):
    """Other spellings or other names the person has used."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        ASYLUM_PERMIT = "asylum_permit", _("Asylum-seeker or refugee document")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        TRAVEL_DOCUMENT = "travel_document", _("Travel document")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # Encrypted; found by its blind index (document_number_index), never by the number itself.
    number = EncryptedTextField()
    number_index = models.CharField(max_length=64, blank=True)
    issuing_country = models.CharField(max_length=3, blank=True)
    held_by_person = models.BooleanField(default=True, help_text="False when someone else holds it")
    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "number_index"], name="document_index_idx")]


def document_number_index(number: str) -> str:
    """The keyed blind index of a document number, normalised first (`lib.names.normalise_document_number`)."""
    return blind_index(normalise_document_number(number), context="people.document.number")
