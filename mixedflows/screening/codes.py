"""Stable codes of the screening outcome (DESIGN.md, "Profile categories"). Other apps import these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileCategory(models.TextChoices):
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum-seeker or person with international protection needs")
    REFUGEE = "refugee", _("Refugee")
    PRESUMED_VICTIM_OF_TRAFFICKING = "presumed_vot", _("Presumed victim of trafficking")
    SMUGGLED_MIGRANT = "smuggled_migrant", _("Smuggled migrant")
    STRANDED_MIGRANT = "stranded_migrant", _("Stranded migrant")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied child")
    SEPARATED_CHILD = "separated_child", _("Separated child")
    GBV_SURVIVOR = "gbv_survivor", _("Survivor of gender-based violence")
    MEDICAL_NEEDS = "medical_needs", _("Person with medical needs")
    PSYCHOLOGICAL_DISTRESS = "psychological_distress", _("Person in psychological distress or trauma")
    PREGNANT_OR_LACTATING = "pregnant_or_lactating", _("Pregnant or lactating woman")
    OLDER_PERSON = "older_person", _("Older person")
    PERSON_WITH_DISABILITY = "disability", _("Person with disability")
    DETAINED_MIGRANT = "detained_migrant", _("Detained migrant")
    MIGRANT_WORKER = "migrant_worker", _("Migrant worker")
    CROSS_BORDER_TRADER = "cross_border_trader", _("Cross-border trader")
    ENVIRONMENTAL_MIGRANT = "environmental_migrant", _("Environmental migrant")
    STATELESS_PERSON = "stateless", _("Stateless person")


# Categories that reveal a sensitive field group: shown only to those who may see that group.
CATEGORY_FIELD_GROUP = {
    ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING: "trafficking",
    ProfileCategory.GBV_SURVIVOR: "gbv",
    ProfileCategory.UNACCOMPANIED_CHILD: "child_protection",
    ProfileCategory.SEPARATED_CHILD: "child_protection",
    ProfileCategory.MEDICAL_NEEDS: "health",
    ProfileCategory.PSYCHOLOGICAL_DISTRESS: "health",
    ProfileCategory.PREGNANT_OR_LACTATING: "health",
}


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


URGENCY_RANK = {Urgency.IMMEDIATE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class Procedure(models.TextChoices):
    """Procedures and services a person may be referred to; also the service types of the directory."""

    ASYLUM = "asylum_procedure", _("Asylum procedure")
    ANTI_TRAFFICKING = "anti_trafficking_identification", _("Anti-trafficking identification")
    CHILD_PROTECTION = "child_protection", _("Child protection and best-interests procedure")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    GBV_SERVICES = "gbv_services", _("GBV services")
    MEDICAL_CARE = "medical_care", _("Medical care")
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support", _("Psychosocial support")
    SHELTER = "shelter", _("Shelter")
    LEGAL_AID = "legal_aid", _("Legal aid")
    CONSULAR_ASSISTANCE = "consular_assistance", _("Consular assistance")
    ASSISTED_VOLUNTARY_RETURN = "assisted_voluntary_return", _("Assisted voluntary return")
    REGULAR_PATHWAYS = "regular_migration_pathways", _("Regular migration pathways")


# Procedures whose name alone discloses a sensitive field group ("GBV services"): shown only with that group.
PROCEDURE_FIELD_GROUP = {
    Procedure.ANTI_TRAFFICKING: "trafficking",
    Procedure.CHILD_PROTECTION: "child_protection",
    Procedure.GBV_SERVICES: "gbv",
    Procedure.MEDICAL_CARE: "health",
    Procedure.PSYCHOSOCIAL_SUPPORT: "health",
}
