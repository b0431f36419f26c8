"""Identifying victims of trafficking (joint IOM-UNHCR procedure): screening indicators, interview, determination,
then the protection needs and who is responsible for each next step.

Code lists of the exploitation details are those of the Human Trafficking Case Data Standard (HTCDS), so that
identified cases export without translation.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.fields import EncryptedJSONField, EncryptedTextField
from mixedflows.core.models import Organisation, User
from mixedflows.lib.codes import country_name_local, language_name_local
from mixedflows.screening.codes import ProfileCategory

METHODS_OF_RECRUITMENT = [
    "Abduction",
    "EducationalFacility",
    "Familial",
    "Internet",
    "InternationalMarriageBroker",
    "IntimatePartner",
    "JobOffer",
    "PosingAsBenefactor",
    "PublicArea",
    "OfferOfAccommodation",
    "Shelter",
    "Smuggling",
    "Work",
    "Other",
    "Unknown",
]
METHODS_OF_CONTROL = [
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
]
LABOUR_EXPLOITATION = [
    "Agriculture",
    "Aquafarming",
    "Begging",
    "Construction",
    "DomesticWork",
    "Hospitality",
    "IllicitActivities",
    "Manufacturing",
    "MiningOrDrilling",
    "Peddling",
    "Transportation",
    "Other",
]
SEX_EXPLOITATION = ["Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"]
VULNERABILITIES = [
    "Addiction",
    "Caste",
    "Discrimination",
    "Poverty",
    "DisabilityAndPhysicalHealth",
    "MentalHealth",
    "Migration",
    "Homelessness",
    "AbuseSocialMedia",
    "AbusePhysical",
    "Education",
    "WorkEnvironment",
]

# What a caseworker reads for each stored code (the codes stay HTCDS's, in the data and the export).
CODE_LABELS = {
    "Abduction": _("Abduction"),
    "EducationalFacility": _("At an educational facility"),
    "Familial": _("Through the family"),
    "Internet": _("Over the internet"),
    "InternationalMarriageBroker": _("International marriage broker"),
    "IntimatePartner": _("Intimate partner"),
    "JobOffer": _("Job offer"),
    "PosingAsBenefactor": _("Posing as a benefactor"),
    "PublicArea": _("In a public area"),
    "OfferOfAccommodation": _("Offer of accommodation"),
    "Shelter": _("At a shelter"),
    "Smuggling": _("During smuggling"),
    "Work": _("At work"),
    "Other": _("Other"),
    "Unknown": _("Unknown"),
    "DebtBondage": _("Debt bondage"),
    "TakesEarnings": _("Takes earnings"),
    "RestrictsFinancialAccess": _("Restricts access to money"),
    "Threats": _("Threats"),
    "PsychologicalAbuse": _("Psychological abuse"),
    "PhysicalAbuse": _("Physical abuse"),
    "SexualAbuse": _("Sexual abuse"),
    "FalsePromises": _("False promises"),
    "PsychoactiveSubstances": _("Psychoactive substances"),
    "RestrictsMovement": _("Restricts movement"),
    "RestrictsMedicalCare": _("Restricts medical care"),
    "ExcessiveWorkingHours": _("Excessive working hours"),
    "UsesChildren": _("Threatens or uses children"),
    "ThreatOfLawEnforcement": _("Threat of law enforcement"),
    "WithholdsNecessities": _("Withholds necessities"),
    "WithholdsDocuments": _("Withholds documents"),
    "Agriculture": _("Agriculture"),
    "Aquafarming": _("Aquafarming or fishing"),
    "Begging": _("Begging"),
    "Construction": _("Construction"),
    "DomesticWork": _("Domestic work"),
    "Hospitality": _("Hospitality"),
    "IllicitActivities": _("Illicit activities"),
    "Manufacturing": _("Manufacturing"),
    "MiningOrDrilling": _("Mining or drilling"),
    "Peddling": _("Peddling"),
    "Transportation": _("Transportation"),
    "Prostitution": _("Prostitution"),
    "Pornography": _("Pornography"),
    "RemoteInteractiveServices": _("Remote interactive services"),
    "PrivateSexualServices": _("Private sexual services"),
    "Addiction": _("Addiction"),
    "Caste": _("Caste"),
    "Discrimination": _("Discrimination"),
    "Poverty": _("Poverty"),
    "DisabilityAndPhysicalHealth": _("Disability or physical health"),
    "MentalHealth": _("Mental health"),
    "Migration": _("Migration status"),
    "Homelessness": _("Homelessness"),
    "AbuseSocialMedia": _("Abuse on social media"),
    "AbusePhysical": _("Earlier physical abuse"),
    "Education": _("Education"),
    "WorkEnvironment": _("Work environment"),
}


def code_choices(codes: list[str]) -> list[tuple[str, object]]:
    """A code list as form choices: the stored code and what the caseworker reads."""
    return [(code, CODE_LABELS[code]) for code in codes]


class Identification(models.Model):
    class Stage(models.TextChoices):
        SCREENING = "screening", _("Screening indicators")
        INTERVIEW = "interview", _("Identification interview")
        DETERMINED = "determined", _("Determined")

    class Determination(models.TextChoices):
        IDENTIFIED = "identified", _("Identified victim of trafficking")
        NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")
        INCONCLUSIVE = "inconclusive", _("Inconclusive")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="identification")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SCREENING)
    # Step 1: indicators from the pre-screening (profiling): ProfileCategory codes and the rules' explanations.
    screening_indicators = EncryptedJSONField(default=list)
    screening_note = EncryptedTextField(blank=True)
    screening_reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    screening_reviewed_at = models.DateTimeField(default=timezone.now)
    # Step 2: the detailed interview. How she was recruited, controlled and exploited is encrypted at rest (#16).
    interviewed_on = models.DateField(null=True, blank=True)
    interviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interpreter_language = models.CharField(max_length=3, blank=True)
    methods_of_recruitment = EncryptedJSONField(default=list, blank=True)
    methods_of_control = EncryptedJSONField(default=list, blank=True)
    labour_exploitation = EncryptedJSONField(default=list, blank=True)
    sex_exploitation = EncryptedJSONField(default=list, blank=True)
    vulnerabilities = EncryptedJSONField(default=list, blank=True)
    country_of_exploitation = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3")
    interview_summary = EncryptedTextField(blank=True)
    # The determination.
    determination = models.CharField(max_length=16, choices=Determination.choices, blank=True)
    determination_reasons = EncryptedTextField(blank=True)
    determined_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    determined_at = models.DateTimeField(null=True, blank=True)

    @property
    def interview_labels(self) -> dict[str, list[str]]:
        """What the caseworker reads for each code-list answer of the interview, in the order recorded."""
        fields = ("methods_of_recruitment", "methods_of_control", "labour_exploitation", "sex_exploitation")
        return {
            field: [str(CODE_LABELS.get(code, code)) for code in getattr(self, field)]
            for field in (*fields, "vulnerabilities")
        }

    @property
    def country_of_exploitation_display(self) -> str:
        return (
            f"{country_name_local(self.country_of_exploitation)} ({self.country_of_exploitation})"
            if self.country_of_exploitation
            else ""
        )

    @property
    def interpreter_language_display(self) -> str:
        return language_name_local(self.interpreter_language)

    @property
    def indicator_labels(self) -> list[str]:
        labels = dict(ProfileCategory.choices)
        return [str(labels.get(code, code)) for code in self.screening_indicators]


class ProtectionNeed(models.Model):
    """After the determination: which route the person is eligible for, and which agency takes the next step."""

    class Route(models.TextChoices):
        ASYLUM = "asylum", _("Asylum")
        RESETTLEMENT = "resettlement", _("Resettlement")
        VOLUNTARY_RETURN = "voluntary_return", _("Assisted voluntary return")
        LOCAL_SUPPORT = "local_support", _("Local support and integration")
        OTHER = "other", _("Other assistance")

    class Eligibility(models.TextChoices):
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        TO_ASSESS = "to_assess", _("To be assessed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identification = models.ForeignKey(Identification, on_delete=models.CASCADE, related_name="needs")
    route = models.CharField(max_length=20, choices=Route.choices)
    eligibility = models.CharField(max_length=16, choices=Eligibility.choices)
    responsible_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    next_step = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["identification", "route"], name="one_need_per_route")]
