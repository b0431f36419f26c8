from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.dataprotection.models import Breach, BreachNotification
from mixedflows.dataprotection.records import RETENTION_RECORD_TYPES, RecordType
from mixedflows.lib.forms import DateTimeInput, RequiredChoiceField

_WHEN = DateTimeInput()


class BreachForm(forms.Form):
    title = forms.CharField(label=_("What happened"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How it happened and what was done to contain it; no names of the people concerned."),
    )
    occurred_at = forms.DateTimeField(
        label=_("When it occurred"), required=False, widget=_WHEN, help_text=_("Leave empty if not known")
    )
    discovered_at = forms.DateTimeField(label=_("When it was discovered"), widget=_WHEN)
    risk = RequiredChoiceField(label=_("Risk to the people"), choices=Breach.Risk.choices)
    people = forms.CharField(
        label=_("People concerned, if known"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Registration numbers, one a line"),
    )
    notify = forms.MultipleChoiceField(
        label=_("Also notify"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (r.value, r.label)
            for r in (
                BreachNotification.Recipient.PARTNER_AGENCIES,
                BreachNotification.Recipient.HEAD_OF_OFFICE,
            )
        ],
        help_text=_(
            "The supervisory authority is owed unless a risk is unlikely; the people themselves at a high risk."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in RecordType.choices:
            self.fields[f"count_{code}"] = forms.IntegerField(label=label, min_value=0, required=False)

    def count_fields(self):
        return [self[f"count_{code}"] for code in RecordType.values]

    def other_fields(self):
        return [f for f in self if not f.name.startswith("count_")]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "occurred_at": data["occurred_at"],
            "discovered_at": data["discovered_at"],
            "risk": data["risk"],
            "affected_counts": {
                code: data[f"count_{code}"] for code in RecordType.values if data.get(f"count_{code}")
            },
            "registration_numbers": data["people"].split(),
            "notify": data["notify"],
        }


class NotificationMadeForm(forms.Form):
    notification = forms.UUIDField(widget=forms.HiddenInput)
    made_at = forms.DateTimeField(label=_("Made on"), widget=_WHEN)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        required=False,
        help_text=_("The authority's case number, a letter"),
    )


class RetentionForm(forms.Form):
    """One retention period (months after the last encounter) per record type; empty: kept until erased."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in RETENTION_RECORD_TYPES:
            self.fields[f"months_{code}"] = forms.IntegerField(
                label=RecordType(code).label, min_value=1, max_value=1200, required=False
            )

    def months(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(f"months_{code}") for code in RETENTION_RECORD_TYPES}
