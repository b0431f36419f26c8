"""The codes outreach stores (never labels, so data and exports do not change with the language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    RADIO = "radio", _("Radio")
    TELEVISION = "television", _("Television")
    SOCIAL_MEDIA = "social_media", _("Social media")
    COMMUNITY_SESSIONS = "community_sessions", _("Community sessions")
    SCHOOL_CURRICULA = "school_curricula", _("School curricula")
    PRINTED_MATERIAL = "printed_material", _("Printed material")
    SMS = "sms", _("SMS")


class Audience(models.TextChoices):
    PROSPECTIVE_MIGRANTS = "prospective_migrants", _("Prospective migrants")
    RETURNEES = "returnees", _("Returnees")
    HOST_COMMUNITIES = "host_communities", _("Host communities")
    SCHOOLS = "schools", _("Schools")
    EMPLOYERS = "employers", _("Employers")


class Sex(models.TextChoices):
    # Each label starts with the letter a counsellor types to pick it (as in the arrival grid).
    FEMALE = "F", _("F · female")
    MALE = "M", _("M · male")
    OTHER = "X", _("X · other")
    UNKNOWN = "U", _("U · not known")


class AgeBand(models.TextChoices):
    # Each label starts with a different character, so one key picks the band in the select.
    UNDER_18 = "0_17", "0-17"
    FROM_18 = "18_24", "18-24"
    FROM_25 = "25_34", "25-34"
    FROM_35 = "35_49", "35-49"
    FROM_50 = "50p", "50+"
    UNKNOWN = "unknown", _("not known")


class Topic(models.TextChoices):
    REGULAR_PATHWAYS = "regular_pathways", _("Regular migration pathways")
    LABOUR_ABROAD = "labour_abroad", _("Labour market and living conditions abroad")
    IRREGULAR_RISKS = "irregular_risks", _("Risks of irregular migration")
    TRAFFICKING_SMUGGLING = "trafficking_smuggling", _("Trafficking and smuggling")
    RIGHTS = "rights", _("Rights")
    DOCUMENTS = "documents", _("Documents")
    RETURN = "return", _("Return")


class Decision(models.TextChoices):
    """What the person was considering when they came."""

    LEAVE_IRREGULARLY = "leave_irregularly", _("Leaving irregularly")
    LEAVE_REGULARLY = "leave_regularly", _("Leaving through a regular pathway")
    STAY = "stay", _("Staying")
    RETURN_HOME = "return_home", _("Returning home")
    UNDECIDED = "undecided", _("Undecided")


class Onward(models.TextChoices):
    """Where a counsellor sends the person on."""

    JOB_CENTRE = "job_centre", _("Job centre")
    # The agency's referral system (the `referrals` app): needs the person's consent.
    REFERRAL_SYSTEM = "referral_system", _("Referral system (with consent)")


# Participants in a reach report are counted by these sexes and bands (attendance sheets rarely say more).
PARTICIPANT_SEXES = [Sex.FEMALE, Sex.MALE]
PARTICIPANT_KEYS = [f"{sex}_{band}" for sex in PARTICIPANT_SEXES for band in AgeBand.values]

# Sexes as table headings (the choice labels carry the key to type).
SEX_NAMES = {
    Sex.FEMALE: _("Female"),
    Sex.MALE: _("Male"),
    Sex.OTHER: _("Other"),
    Sex.UNKNOWN: _("Not known"),
}
