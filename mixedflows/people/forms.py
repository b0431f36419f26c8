"""Forms parse what officers type; the services decide what is valid."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Site
from mixedflows.lib.calendars import Calendar
from mixedflows.lib.codes import country_code, language_code
from mixedflows.lib.dates import PartialDateError, normalise_digits, parse_given_date
from mixedflows.lib.forms import DateInput, DateTimeInput, RequiredChoiceField
from mixedflows.people.models import NAME_FIELDS, Encounter, Group, Relationship, Sex
from mixedflows.people.services import EncounterContext, PersonInput

# The "not known" answer is a choice of its own, so that an untouched box (empty) is refused, not recorded.
SEX_NOT_KNOWN = "unknown"
# Each label starts with the letter the officer types on the keyboard to pick it: F, M, X.
SEX_CHOICES = [
    (Sex.FEMALE, _("F · female")),
    (Sex.MALE, _("M · male")),
    (Sex.OTHER, _("X · other")),
    (SEX_NOT_KNOWN, _("not known")),
]

_AGE = re.compile(r"^\s*(?:about|~|ca\.?|age)?\s*(\d{1,3})\s*(?:y|yrs|years)?\s*$", re.IGNORECASE)


class PersonRowForm(forms.Form):
    """One row of the arrival grid: what an interpreter can get from a tired person in a minute."""

    # The service's fields that this form presents under another name (add_service_errors reads it).
    service_fields = {
        "date_of_birth": "dob_or_age",
        "age": "dob_or_age",
        "dob_precision": "dob_or_age",
        "languages": "language",
        "documents": "document_number",
    }

    intake_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    given_name = forms.CharField(max_length=100, required=False, label=_("Given name"))
    fathers_name = forms.CharField(max_length=100, required=False, label=_("Father's name"))
    grandfathers_name = forms.CharField(max_length=100, required=False, label=_("Grandfather's name"))
    family_name = forms.CharField(max_length=100, required=False, label=_("Family name"))
    name_original_script = forms.CharField(max_length=200, required=False, label=_("Name in original script"))
    sex = RequiredChoiceField(choices=SEX_CHOICES, label=_("Sex"))
    dob_or_age = forms.CharField(
        max_length=20,
        required=False,
        label=_("Date of birth or age"),
        help_text=_("31/12/1990, 12/1990, 1990, an age (16), or in another calendar: EC 12/05/1982"),
    )
    nationality = forms.CharField(max_length=60, required=False, label=_("Nationality"))
    language = forms.CharField(max_length=60, required=False, label=_("Language"))
    document_number = forms.CharField(max_length=64, required=False, label=_("Document number"))

    @property
    def focus_field(self) -> str:
        """The box the cursor starts in: the first one with an error, else Given name."""
        return next((name for name in self.fields if name in self.errors), "given_name")

    def clean_sex(self) -> str:
        sex = self.cleaned_data["sex"]
        return "" if sex == SEX_NOT_KNOWN else sex

    def clean_dob_or_age(self):
        text = self.cleaned_data["dob_or_age"].strip()
        data = self.cleaned_data
        data["date_of_birth"], data["dob_precision"], data["dob_calendar"], data["age"] = None, "", "", None
        if not text:
            return text
        if match := _AGE.match(normalise_digits(text)):
            data["age"] = int(match.group(1))
            return text
        try:
            given = parse_given_date(text, calendar=self.data.get(self.add_prefix("dob_calendar"), ""))
        except PartialDateError as error:
            raise forms.ValidationError(str(error)) from error
        data["date_of_birth"], data["dob_precision"], data["dob_calendar"] = (
            given.day,
            given.precision,
            given.calendar,
        )
        return text

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            given_name=data["given_name"],
            fathers_name=data["fathers_name"],
            grandfathers_name=data["grandfathers_name"],
            family_name=data["family_name"],
            name_original_script=data["name_original_script"],
            sex=data["sex"],
            date_of_birth=data.get("date_of_birth"),
            dob_precision=data.get("dob_precision", ""),
            dob_calendar=data.get("dob_calendar", ""),
            age=data.get("age"),
            nationality=country_code(data["nationality"]),
            languages=[language_code(data["language"])] if data["language"] else [],
            documents=[{"kind": "other", "number": data["document_number"]}]
            if data["document_number"]
            else [],
            intake_key=data["intake_key"],
        )


class PersonEditForm(PersonRowForm):
    dob_calendar = forms.ChoiceField(
        choices=Calendar.choices,
        required=False,
        label=_("Calendar of the date of birth"),
        help_text=_("Or type EC, AH or SH before the date: EC 12/05/1982"),
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        label=_("Phone"),
        help_text=_("A number of another country with its + prefix: +218 91 234 5678"),
    )
    # The calendar beside the date it belongs to; the fields after them keep their order.
    field_order = [*NAME_FIELDS, "sex", "dob_or_age", "dob_calendar"]
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Aliases"),
        help_text=_("One per line"),
    )

    def to_input(self) -> PersonInput:
        data = super().to_input()
        data.phone = self.cleaned_data["phone"]
        return data


class EncounterForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    kind = RequiredChoiceField(choices=Encounter.Kind.choices, label=_("Kind of encounter"))
    departure_country = forms.CharField(
        max_length=60,
        required=False,
        label=_("Departure country"),
        help_text=_("Code or name: LBY or Libya"),
        widget=forms.TextInput(attrs={"list": "countries", "autocomplete": "off"}),
    )
    previous_place = forms.CharField(max_length=200, required=False, label=_("Previous place"))
    intended_destination = forms.CharField(max_length=200, required=False, label=_("Intended destination"))
    transport_mode = forms.ChoiceField(
        choices=[("", "—"), *Encounter.Transport.choices], required=False, label=_("Transport mode")
    )
    detained = forms.BooleanField(required=False, label=_("Detained"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any site is offered by id; the service refuses one where the agency does not work, with a clear message.
        self.fields["site"].queryset = Site.objects.all()
        self.fields["site"].choices = [("", "—")] + [
            (s.pk, f"{s.name} ({s.country})") for s in Site.objects.usable_by(user)
        ]

    def to_context(self) -> EncounterContext:
        data = self.cleaned_data
        return EncounterContext(
            site=data["site"],
            occurred_at=data["occurred_at"],
            kind=data["kind"],
            departure_country=country_code(data["departure_country"]),
            previous_place=data["previous_place"],
            intended_destination=data.get("intended_destination", ""),
            transport_mode=data["transport_mode"],
            detained=data.get("detained", False),
        )


class ArrivalForm(EncounterForm):
    label = forms.CharField(
        max_length=120,
        label=_("Name of the boat or group"),
        help_text=_("e.g. Boat 14 — rescued by coast guard vessel"),
    )
    group_kind = forms.ChoiceField(
        choices=Group.Kind.choices, initial=Group.Kind.BOAT, label=_("Kind of group")
    )
    field_order = [
        "label",
        "group_kind",
        "site",
        "occurred_at",
        "kind",
        "departure_country",
        "previous_place",
        "transport_mode",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["intended_destination"]
        del self.fields["detained"]


class RelationshipForm(forms.Form):
    person = forms.UUIDField(label=_("Person"))
    relative = forms.UUIDField(label=_("Relative"))
    kind = RequiredChoiceField(choices=Relationship.Kind.choices, label=_("Relationship"))


class GuardianForm(forms.Form):
    guardian_name = forms.CharField(max_length=200, label=_("Guardian's name"))
    guardian_organisation = forms.CharField(
        max_length=200, label=_("Organisation"), help_text=_("e.g. municipal social services")
    )
    appointed_by = forms.CharField(
        max_length=200, label=_("Appointed by"), help_text=_("The court or authority")
    )
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DateInput())
    reference = forms.CharField(max_length=100, required=False, label=_("Decision number"))


class AgeAssessmentForm(forms.Form):
    age_assessed = forms.IntegerField(min_value=0, max_value=110, required=False, label=_("Assessed age"))
    disputed = forms.BooleanField(required=False, label=_("Age disputed"))


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, label=_("Name, document or registration number"))
