import datetime
from typing import cast

from django import forms

from mixedflows.core.models import Site
from mixedflows.flows.analytics import DIMENSIONS
from mixedflows.flows.models import AGE_BANDS, SEXES, Direction, MonitoringPoint, Movement, Transport
from mixedflows.lib.forms import RequiredChoiceField
from mixedflows.screening.codes import ProfileCategory


class PointForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = RequiredChoiceField(choices=MonitoringPoint.Kind.choices)
    country = forms.CharField(max_length=3, help_text="ISO 3166-1 alpha-3, e.g. NER")
    admin_area = forms.CharField(max_length=200, required=False)
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text="The registered site this point belongs to, if any",
    )
    directions = forms.MultipleChoiceField(choices=Direction.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class ObservationForm(forms.Form):
    """One observed group. Sex and age counts first after the date, so an enumerator types straight across."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    direction = RequiredChoiceField(choices=Direction.choices)
    movement = RequiredChoiceField(choices=Movement.choices)
    nationality = forms.CharField(max_length=3, required=False, help_text="ISO alpha-3")
    previous_place = forms.CharField(max_length=200, required=False)
    next_place = forms.CharField(max_length=200, required=False)
    final_destination = forms.CharField(max_length=3, required=False, help_text="Country, ISO alpha-3")
    transport = forms.ChoiceField(choices=[("", "—"), *Transport.choices], required=False)

    def __init__(self, *args, point: MonitoringPoint, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            (d, Direction(d).label) for d in point.directions
        ]
        for sex, sex_label in SEXES:
            for band, band_label, *_ in AGE_BANDS:
                self.fields[f"{sex}_{band}"] = forms.IntegerField(
                    min_value=0,
                    max_value=100000,
                    required=False,
                    label=f"{sex_label} {band_label}",
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
                )
        self.fields["date"].widget.attrs["autofocus"] = True

    def focus_counts(self) -> None:
        self.fields["date"].widget.attrs.pop("autofocus", None)
        self.fields["f_0_4"].widget.attrs["autofocus"] = True

    def count_fields(self):
        return [self[f"{sex}_{band}"] for sex, _ in SEXES for band, *_ in AGE_BANDS]

    def counts(self) -> dict:
        return {
            f"{sex}_{band}": self.cleaned_data.get(f"{sex}_{band}") or 0
            for sex, _ in SEXES
            for band, *_ in AGE_BANDS
        }


class RouteForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    points = forms.ModelMultipleChoiceField(
        queryset=MonitoringPoint.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text="Monitoring points along the route, in the order listed",
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text="Sites where people on this route arrive",
    )
    via_countries = forms.CharField(
        required=False,
        help_text="Departure countries, ISO alpha-3, comma separated (empty: arrivals from anywhere)",
    )

    def __init__(self, *args, points, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = points
        self.fields["sites"].queryset = sites

    def clean_via_countries(self):
        return [c.strip().upper() for c in self.cleaned_data["via_countries"].split(",") if c.strip()]


def _default_start():
    return datetime.date.today() - datetime.timedelta(days=365)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def period(self):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("start") or _default_start(), data.get("end") or datetime.date.today()


class CompareForm(PeriodForm):
    a = forms.ChoiceField(label="Compare")
    b = forms.ChoiceField(label="with", required=False)
    grain = forms.ChoiceField(choices=[("month", "Month"), ("week", "Week")], required=False, initial="month")

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = scopes
        self.fields["b"].choices = [("", "— nothing —"), *scopes]


class TableForm(PeriodForm):
    source = forms.ChoiceField(
        choices=[
            ("arrivals", "Persons arrived (registrations)"),
            ("registry", "People seen at monitoring points (registry)"),
        ],
        initial="arrivals",
    )
    scope = forms.ChoiceField(required=False)
    rows = forms.ChoiceField(choices=[(k, v[0]) for k, v in DIMENSIONS.items()], initial="nationality")
    cols = forms.ChoiceField(choices=[(k, v[0]) for k, v in DIMENSIONS.items()], initial="sex")
    category = forms.ChoiceField(
        choices=[("", "All arrivals"), *ProfileCategory.choices],
        required=False,
        help_text="Only screened persons in this category (arrivals only)",
    )
    threshold = forms.IntegerField(
        min_value=2,
        max_value=50,
        initial=5,
        required=False,
        help_text="Cells under this count are suppressed",
    )
    rounding_base = forms.IntegerField(
        min_value=2, max_value=100, required=False, help_text="Round published cells to this base (optional)"
    )
    title = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", "Everything of my agency"), *scopes]

    def clean(self):
        data = super().clean()
        if data.get("rows") and data.get("rows") == data.get("cols"):
            self.add_error("cols", "Choose a different dimension for the columns.")
        return data


class ExtractForm(PeriodForm):
    scope = forms.ChoiceField(required=False)
    quasi_identifiers = forms.MultipleChoiceField(
        choices=[
            ("sex", "Sex"),
            ("age_band", "Age band"),
            ("nationality", "Nationality"),
            ("site", "Site"),
            ("departure_country", "Departure country"),
            ("month", "Month of arrival"),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["sex", "age_band", "nationality"],
        help_text="The columns of the extract; every combination must be shared by at least k persons",
    )
    k = forms.IntegerField(min_value=2, max_value=100, initial=11)
    title = forms.CharField(max_length=200)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", "Everything of my agency"), *scopes]
