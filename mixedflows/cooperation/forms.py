"""Forms parse what coordinators type; the services decide what is valid."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.cooperation.models import ActionPoint, Document, Forum
from mixedflows.core import indicators
from mixedflows.core.models import Organisation
from mixedflows.lib.forms import DateInput, RequiredChoiceField


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in re.split(r"[,;\s]+", text or "") if c.strip()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\n;]+", text or "") if line.strip()]


def _agencies(label, required=False):
    return forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
        label=label,
    )


class ProjectForm(forms.Form):
    code = forms.CharField(max_length=40, label=_("Code"))
    title = forms.CharField(max_length=200, label=_("Title"))
    donors = forms.CharField(required=False, label=_("Donors"), help_text=_("One per line or separated by ;"))
    partner_organisations = _agencies(_("Partner agencies"))
    countries = forms.CharField(required=False, label=_("Countries"), help_text=_("ISO codes, e.g. ITA, MLT"))
    starts_on = forms.DateField(widget=DateInput, label=_("Starts on"))
    ends_on = forms.DateField(widget=DateInput, label=_("Ends on"))
    budget = forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, min_value=0, label=_("Budget")
    )
    currency = forms.CharField(required=False, max_length=3, label=_("Currency"))

    def clean_donors(self):
        return _lines(self.cleaned_data["donors"])

    def clean_countries(self):
        return _codes(self.cleaned_data["countries"])

    def clean_partner_organisations(self):
        return list(self.cleaned_data["partner_organisations"])


class IndicatorForm(forms.Form):
    code = forms.CharField(max_length=20, label=_("Code"))
    wording = forms.CharField(max_length=300, label=_("Wording"))
    unit = forms.CharField(max_length=60, label=_("Unit"))
    counter = RequiredChoiceField(choices=[], label=_("Counted from"))
    disaggregations = forms.MultipleChoiceField(
        required=False, choices=[], widget=forms.CheckboxSelectMultiple, label=_("Disaggregated by")
    )
    baseline = forms.DecimalField(required=False, max_digits=14, decimal_places=2, label=_("Baseline"))
    target = forms.DecimalField(required=False, max_digits=14, decimal_places=2, label=_("Target"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter"].choices = [(c.key, c.label) for c in indicators.counters()]
        dims = dict.fromkeys(d for c in indicators.counters() for d in c.dimensions)
        self.fields["disaggregations"].choices = [(d, indicators.dimension_label(d)) for d in dims]


class PeriodForm(forms.Form):
    start = forms.DateField(widget=DateInput, label=_("From"))
    end = forms.DateField(widget=DateInput, label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ForumForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = RequiredChoiceField(choices=Forum.Kind.choices, label=_("Kind"))
    scope = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Scope"))
    countries = forms.CharField(required=False, label=_("Countries"), help_text=_("ISO codes, e.g. ITA, MLT"))
    member_agencies = _agencies(_("Member agencies"))
    member_states = forms.CharField(
        required=False, label=_("Member States"), help_text=_("ISO codes of the States, e.g. ITA, LBY, TUN")
    )

    def clean_countries(self):
        return _codes(self.cleaned_data["countries"])

    def clean_member_states(self):
        return _codes(self.cleaned_data["member_states"])

    def clean_member_agencies(self):
        return list(self.cleaned_data["member_agencies"])


class MeetingForm(forms.Form):
    held_on = forms.DateField(widget=DateInput, label=_("Date"))
    place = forms.CharField(max_length=200, label=_("Place"))
    participants = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Participating agencies"),
    )
    other_participants = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Other participants (States, observers)"),
    )
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Agenda"))
    minutes = forms.FileField(required=False, label=_("Minutes (PDF, Word, OpenDocument)"))

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [m.organisation_id for m in forum.members.all() if m.organisation_id] + [forum.organisation_id]
        self.fields["participants"].queryset = Organisation.objects.filter(pk__in=ids)  # type: ignore[attr-defined]

    def clean_participants(self):
        return list(self.cleaned_data["participants"])


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=_("Minutes (PDF, Word, OpenDocument)"))


class DecisionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Decision"))


class ActionPointForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Action"))
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Owner agency"))
    due_on = forms.DateField(widget=DateInput, label=_("Due on"))

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [m.organisation_id for m in forum.members.all() if m.organisation_id] + [forum.organisation_id]
        self.fields["owner"].queryset = Organisation.objects.filter(pk__in=ids)  # type: ignore[attr-defined]


class ActionPointStatusForm(forms.Form):
    status = RequiredChoiceField(choices=ActionPoint.Status.choices, label=_("Status"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))


class SopForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    scope = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Scope"))
    parties = _agencies(_("Parties"), required=True)
    version = forms.CharField(max_length=20, label=_("Version"))
    signed_on = forms.DateField(widget=DateInput, label=_("Signed on"))
    valid_from = forms.DateField(widget=DateInput, label=_("Valid from"))
    valid_until = forms.DateField(required=False, widget=DateInput, label=_("Valid until"))
    document = forms.FileField(required=False, label=_("Signed text (PDF, Word, OpenDocument)"))

    def clean_parties(self):
        return list(self.cleaned_data["parties"])


class SopStepForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("What is done"))
    responsible = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Responsible agency"))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("How"))
    governs_service = forms.CharField(
        required=False,
        max_length=40,
        label=_("Governs referrals for (service code)"),
        help_text=_("e.g. anti_trafficking_identification, asylum_procedure"),
    )

    def __init__(self, *args, sop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = sop.parties.all()


DOCUMENT_KINDS = Document.Kind
