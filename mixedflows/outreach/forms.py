"""Forms parse what counsellors and campaign officers type; the services decide what is valid."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.forms import ProjectChoiceField, offer_projects
from mixedflows.lib.codes import country_code, language_code
from mixedflows.lib.forms import DateInput, RequiredChoiceField
from mixedflows.outreach.codes import (
    PARTICIPANT_KEYS,
    SEX_NAMES,
    AgeBand,
    Audience,
    Channel,
    Decision,
    Onward,
    Sex,
    Topic,
)
from mixedflows.outreach.services.campaigns import CAMPAIGN_FIELDS, CampaignInput, ReachInput
from mixedflows.outreach.services.sessions import SessionInput


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class SessionForm(forms.Form):
    """One counselling session: what the counts need, and a name only for a follow-up the person asked for."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    sex = RequiredChoiceField(choices=Sex.choices, label=_("Sex"))
    age_band = RequiredChoiceField(choices=AgeBand.choices, label=_("Age band"))
    nationality = forms.CharField(max_length=60, required=False, label=_("Nationality"))
    area = forms.CharField(max_length=100, required=False, label=_("Area of origin"))
    topics = forms.MultipleChoiceField(
        choices=Topic.choices, required=False, label=_("Topics"), widget=forms.CheckboxSelectMultiple
    )
    decision = RequiredChoiceField(choices=Decision.choices, label=_("Was considering"))
    onward = forms.MultipleChoiceField(
        choices=Onward.choices, required=False, label=_("Referred to"), widget=forms.CheckboxSelectMultiple
    )
    follow_up = forms.BooleanField(required=False, label=_("Asks for follow-up"))
    consent = forms.BooleanField(required=False, label=_("Consents to a name and contact being kept"))
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    contact = forms.CharField(max_length=200, required=False, label=_("Phone or other contact"))
    project = ProjectChoiceField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            offer_projects(self, user)

    @property
    def focus_field(self) -> str:
        """The box the cursor starts in: the first one with an error, else Sex."""
        return next((name for name in self.fields if name in self.errors), "sex")

    def clean_nationality(self) -> str:
        return country_code(self.cleaned_data["nationality"])

    def to_input(self) -> SessionInput:
        return SessionInput(**self.cleaned_data)


class CampaignForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    channel = RequiredChoiceField(choices=Channel.choices, label=_("Channel"))
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices, required=False, label=_("Audiences"), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        max_length=300,
        required=False,
        label=_("Languages"),
        help_text=_("Codes or names, separated by commas"),
    )
    areas = forms.CharField(
        max_length=500, required=False, label=_("Areas"), help_text=_("Separated by commas")
    )
    partners = forms.CharField(
        max_length=500, required=False, label=_("Partners"), help_text=_("Separated by commas")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    description = forms.CharField(
        required=False, label=_("Description"), widget=forms.Textarea(attrs={"rows": 3})
    )
    project = ProjectChoiceField(
        help_text=_("The funded project whose indicators count this campaign's reach.")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            offer_projects(self, user)

    @classmethod
    def initial_from(cls, campaign) -> dict:
        initial = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
        for name in ("languages", "areas", "partners"):
            initial[name] = ", ".join(initial[name])
        return initial

    def to_input(self) -> CampaignInput:
        data = dict(self.cleaned_data)
        data["languages"] = [language_code(text) for text in _list(data["languages"])]
        data["areas"] = _list(data["areas"])
        data["partners"] = _list(data["partners"])
        return CampaignInput(**data)


class ReachForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("to"), widget=DateInput())
    listeners = forms.IntegerField(min_value=0, required=False, label=_("Listeners or viewers"))
    listeners_source = forms.CharField(max_length=200, required=False, label=_("Source"))
    sessions_held = forms.IntegerField(min_value=0, required=False, label=_("Sessions held"))
    sessions_source = forms.CharField(max_length=200, required=False, label=_("Source"))
    participants_source = forms.CharField(max_length=200, required=False, label=_("Source"))
    materials_distributed = forms.IntegerField(min_value=0, required=False, label=_("Materials distributed"))
    materials_source = forms.CharField(max_length=200, required=False, label=_("Source"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in PARTICIPANT_KEYS:
            sex, band = key.split("_", 1)
            self.fields[f"p_{key}"] = forms.IntegerField(
                min_value=0,
                required=False,
                label=f"{Sex(sex).label} {AgeBand(band).label}",
                widget=forms.NumberInput(attrs={"class": "count"}),
            )

    def participant_rows(self):
        """The participant boxes as rows of a small table: (sex, [(band, bound field)])."""
        return [
            (SEX_NAMES[Sex(sex)], [(AgeBand(band), self[f"p_{sex}_{band}"]) for band in AgeBand.values])
            for sex in dict.fromkeys(key.split("_", 1)[0] for key in PARTICIPANT_KEYS)
        ]

    def to_input(self) -> ReachInput:
        data = dict(self.cleaned_data)
        participants = {key: data.pop(f"p_{key}") for key in PARTICIPANT_KEYS}
        return ReachInput(**data, participants={k: n for k, n in participants.items() if n})


class SessionsTagForm(forms.Form):
    """Tag a centre's earlier sessions (logged before the project was set up) with a project, by period."""

    project = ProjectChoiceField(required=True, empty_label=None)
    start = forms.DateField(label=_("Sessions held from"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            offer_projects(self, user)
