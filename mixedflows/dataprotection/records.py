"""The record types a breach counts (and, later, that retention periods are set for)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    PERSON = "person", _("Person records")
    DOCUMENT = "document", _("Identity documents")
    CONTACT = "contact", _("Contact details")
    ENCOUNTER = "encounter", _("Encounters")
    SCREENING = "screening", _("Screenings")
    REFERRAL = "referral", _("Referrals")
    CASE = "case", _("Cases")
    DETENTION_VISIT = "detention_visit", _("Detention visit records")


# The record types an agency sets a retention period for (dataprotection.services.retention says what each removes).
RETENTION_RECORD_TYPES = [
    RecordType.PERSON,
    RecordType.DOCUMENT,
    RecordType.CONTACT,
    RecordType.ENCOUNTER,
    RecordType.SCREENING,
]
