"""Forms parse what monitors type; the services decide what is valid."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Organisation, Site, User
from mixedflows.detention.models import Detention, Facility, Finding, PersonMet, Recommendation, Visit
from mixedflows.lib.forms import DateInput, DateTimeInput, RequiredChoiceField
from mixedflows.people.forms import PersonRowForm

_NATIONALITY = re.compile(r"^\s*([A-Za-z]{3})\s*[:=]?\s*(\d+)\s*$")


class FacilityForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    authority = forms.CharField(max_length=200, label=_("Authority in charge"))
    kind = RequiredChoiceField(choices=Facility.Kind.choices, label=_("Facility type"))
    capacity = forms.IntegerField(min_value=1, label=_("Official capacity"))
    visit_terms = RequiredChoiceField(choices=Facility.VisitTerms.choices, label=_("Visits"))
    private_interviews = forms.BooleanField(required=False, label=_("Private interviews allowed"))
    access_terms = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Who may visit, on what terms")
    )
    contacts = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Contacts"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.usable_by(user).filter(kind=Site.Kind.DETENTION_FACILITY)


def _nationalities(text: str) -> dict[str, int]:
    """'ERI 12, SDN 30' or one per line: ISO alpha-3 code and number."""
    counts: dict[str, int] = {}
    for part in re.split(r"[,;\n]+", text or ""):
        if not part.strip():
            continue
        match = _NATIONALITY.match(part)
        if not match:
            raise forms.ValidationError(_("Write each nationality as a code and a number: ERI 12, SDN 30."))
        counts[match[1].upper()] = counts.get(match[1].upper(), 0) + int(match[2])
    return counts


class VisitForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Time in"), widget=DateTimeInput())
    ended_at = forms.DateTimeField(label=_("Time out"), widget=DateTimeInput())
    announced = forms.BooleanField(required=False, label=_("Announced"))
    access = RequiredChoiceField(choices=Visit.Access.choices, label=_("Access"))
    areas_visited = forms.CharField(required=False, label=_("Areas visited"))
    areas_refused = forms.CharField(required=False, label=_("Areas refused"))
    team = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label=_("Team"), widget=forms.CheckboxSelectMultiple
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Partner agencies on the team"),
        widget=forms.CheckboxSelectMultiple,
    )
    reported_total = forms.IntegerField(
        min_value=0, required=False, label=_("Held, as reported by the authority")
    )
    reported_men = forms.IntegerField(min_value=0, required=False, label=_("Reported: men"))
    reported_women = forms.IntegerField(min_value=0, required=False, label=_("Reported: women"))
    reported_boys = forms.IntegerField(min_value=0, required=False, label=_("Reported: boys"))
    reported_girls = forms.IntegerField(min_value=0, required=False, label=_("Reported: girls"))
    reported_nationalities = forms.CharField(
        required=False, label=_("Reported: nationalities"), help_text=_("ERI 12, SDN 30")
    )
    observed_total = forms.IntegerField(min_value=0, required=False, label=_("Held, as observed by the team"))
    observed_men = forms.IntegerField(min_value=0, required=False, label=_("Observed: men"))
    observed_women = forms.IntegerField(min_value=0, required=False, label=_("Observed: women"))
    observed_boys = forms.IntegerField(min_value=0, required=False, label=_("Observed: boys"))
    observed_girls = forms.IntegerField(min_value=0, required=False, label=_("Observed: girls"))
    observed_nationalities = forms.CharField(
        required=False, label=_("Observed: nationalities"), help_text=_("ERI 12, SDN 30")
    )
    children_with_families = RequiredChoiceField(
        choices=Visit.ChildrenWithFamilies.choices, label=_("Children with their families?")
    )
    longest_detention_days = forms.IntegerField(
        min_value=0, required=False, label=_("Longest detention reported (days)")
    )
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Summary"))

    def __init__(self, *args, user, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = (
            User.objects.filter(memberships__organisation=user.organisation).distinct().order_by("username")
        )
        self.fields["partners"].queryset = partners

    def clean_reported_nationalities(self):
        return _nationalities(self.cleaned_data["reported_nationalities"])

    def clean_observed_nationalities(self):
        return _nationalities(self.cleaned_data["observed_nationalities"])

    def to_values(self) -> dict:
        data = self.cleaned_data
        groups = ("men", "women", "boys", "girls")
        return {
            "started_at": data["started_at"],
            "ended_at": data["ended_at"],
            "announced": data["announced"],
            "access": data["access"],
            "areas_visited": data["areas_visited"],
            "areas_refused": data["areas_refused"],
            "team": list(data["team"]),
            "partners": list(data["partners"]),
            "reported_total": data["reported_total"],
            "observed_total": data["observed_total"],
            "headcounts": {s: {g: data[f"{s}_{g}"] for g in groups} for s in ("reported", "observed")},
            "nationalities": {s: data[f"{s}_nationalities"] for s in ("reported", "observed")},
            "children_with_families": data["children_with_families"],
            "longest_detention_days": data["longest_detention_days"],
            "summary": data["summary"],
        }


class FindingForm(forms.Form):
    severity = RequiredChoiceField(choices=Finding.Severity.choices, label=_("Severity"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Finding"))
    items = forms.MultipleChoiceField(
        choices=(), required=False, label=_("Checklist items concerned"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items


class RecommendationForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Recommendation"))
    addressed_to = forms.CharField(max_length=200, label=_("Addressed to"))
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    finding = forms.TypedChoiceField(choices=(), required=False, label=_("From the finding"), coerce=str)

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = {str(f.uuid): f for f in findings}
        self.fields["finding"].choices = [("", "—")] + [(k, f.text[:80]) for k, f in self.findings.items()]

    def clean_finding(self):
        return self.findings.get(self.cleaned_data["finding"])


class StatusForm(forms.Form):
    """A recommendation's new status, why, and where the team learnt it (this visit, or a letter)."""

    to_status = RequiredChoiceField(choices=Recommendation.Status.choices, label=_("New status"))
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))
    letter_on = forms.DateField(
        required=False,
        label=_("Date of the follow-up letter"),
        widget=DateInput(),
    )


class PersonMetForm(PersonRowForm):
    """The arrival grid's row, and what the team learnt about the person's detention."""

    reasons = forms.MultipleChoiceField(
        choices=PersonMet.Reason.choices,
        required=False,
        label=_("Why the team met this person"),
        widget=forms.CheckboxSelectMultiple,
    )
    detained_since = forms.DateField(required=False, label=_("Detained since"), widget=DateInput())
    age_recorded = forms.IntegerField(
        min_value=0, max_value=110, required=False, label=_("Age recorded by the authority")
    )
    age_disputed = forms.BooleanField(required=False, label=_("Disputes the age on record"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))


class PersonFoundForm(forms.Form):
    registration_number = forms.CharField(
        max_length=24, label=_("Registration number of your agency's record")
    )
    reasons = PersonMetForm.base_fields["reasons"]
    detained_since = PersonMetForm.base_fields["detained_since"]
    age_recorded = PersonMetForm.base_fields["age_recorded"]
    age_disputed = PersonMetForm.base_fields["age_disputed"]
    note = PersonMetForm.base_fields["note"]


class DetentionEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    end = RequiredChoiceField(choices=Detention.End.choices, label=_("How it ended"))
    transferred_to = forms.CharField(max_length=200, required=False, label=_("Transferred to"))
