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
