import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Site
from mixedflows.flows.analytics import DIMENSIONS, isolated
from mixedflows.flows.models import AGE_BANDS, SEXES, Direction, MonitoringPoint, Movement, Transport
from mixedflows.lib.forms import DateInput, RequiredChoiceField
from mixedflows.screening.codes import ProfileCategory


class PointForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = RequiredChoiceField(choices=MonitoringPoint.Kind.choices, label=_("Kind"))
    country = forms.CharField(max_length=3, label=_("Country"), help_text=_("ISO 3166-1 alpha-3, e.g. NER"))
    admin_area = forms.CharField(max_length=200, required=False, label=_("Administrative area"))
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        required=False,
        to_field_name="uuid",
        label=_("Site"),
        help_text=_("The registered site this point belongs to, if any"),
    )
    directions = forms.MultipleChoiceField(
        choices=Direction.choices, widget=forms.CheckboxSelectMultiple, label=_("Directions observed")
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class ObservationForm(forms.Form):
    """One observed group. Sex and age counts first after the date, so an enumerator types straight across."""

    date = forms.DateField(widget=DateInput(), label=_("Date"))
    direction = RequiredChoiceField(choices=Direction.choices, label=_("Direction"))
    movement = RequiredChoiceField(choices=Movement.choices, label=_("Movement"))
    nationality = forms.CharField(
        max_length=3, required=False, label=_("Nationality"), help_text=_("ISO alpha-3")
    )
    previous_place = forms.CharField(max_length=200, required=False, label=_("Previous place"))
    next_place = forms.CharField(max_length=200, required=False, label=_("Next place"))
    final_destination = forms.CharField(
        max_length=3, required=False, label=_("Final destination"), help_text=_("Country, ISO alpha-3")
    )
    transport = forms.ChoiceField(
        choices=[("", "—"), *Transport.choices], required=False, label=_("Transport")
    )

    def __init__(self, *args, point: MonitoringPoint, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            (d, Direction(d).label) for d in point.directions
        ]
        for sex, sex_label in SEXES:
            for band, band_label, *_bounds in AGE_BANDS:
                self.fields[f"{sex}_{band}"] = forms.IntegerField(
                    min_value=0,
                    max_value=100000,
                    required=False,
                    label=_("%(sex)s %(band)s") % {"sex": sex_label, "band": isolated(band_label)},
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
                )
        self.fields["date"].widget.attrs["autofocus"] = True

    def focus_counts(self) -> None:
        self.fields["date"].widget.attrs.pop("autofocus", None)
        self.fields["f_0_4"].widget.attrs["autofocus"] = True

    def count_fields(self):
        return [self[f"{sex}_{band}"] for sex, _label in SEXES for band, *_bounds in AGE_BANDS]

    def counts(self) -> dict:
        return {
            f"{sex}_{band}": self.cleaned_data.get(f"{sex}_{band}") or 0
            for sex, _label in SEXES
            for band, *_bounds in AGE_BANDS
        }


class RouteForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Description")
    )
    points = forms.ModelMultipleChoiceField(
        queryset=MonitoringPoint.objects.none(),
        required=False,
        to_field_name="uuid",
        label=_("Monitoring points"),
        help_text=_("Monitoring points along the route, in the order listed"),
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.none(),
        required=False,
        to_field_name="uuid",
        label=_("Sites"),
        help_text=_("Sites where people on this route arrive"),
    )
    via_countries = forms.CharField(
        required=False,
        label=_("Via countries"),
        help_text=_("Departure countries, ISO alpha-3, comma separated (empty: arrivals from anywhere)"),
    )

    def __init__(self, *args, points, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = points
        self.fields["sites"].queryset = sites

    def clean_via_countries(self):
        return [c.strip().upper() for c in self.cleaned_data["via_countries"].split(",") if c.strip()]


# The table builder's dimensions, labelled in the reader's language (the specification keeps the English).
DIMENSION_CHOICES = [(k, _(v[0])) for k, v in DIMENSIONS.items()]


def _default_start():
    return datetime.date.today() - datetime.timedelta(days=365)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False, widget=DateInput(), label=_("Start"))
    end = forms.DateField(required=False, widget=DateInput(), label=_("End"))

    def period(self):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("start") or _default_start(), data.get("end") or datetime.date.today()


class CompareForm(PeriodForm):
    a = forms.ChoiceField(label=_("Compare"))
    b = forms.ChoiceField(label=_("with"), required=False)
    grain = forms.ChoiceField(
        choices=[("month", _("Month")), ("week", _("Week"))], required=False, initial="month", label=_("By")
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = scopes
        self.fields["b"].choices = [("", _("— nothing —")), *scopes]


class TableForm(PeriodForm):
    source = forms.ChoiceField(
        choices=[
            ("arrivals", _("Persons arrived (registrations)")),
            ("registry", _("People seen at monitoring points (registry)")),
        ],
        initial="arrivals",
        label=_("Source"),
    )
    scope = forms.ChoiceField(required=False, label=_("Scope"))
    rows = forms.ChoiceField(choices=DIMENSION_CHOICES, initial="nationality", label=_("Rows"))
    cols = forms.ChoiceField(choices=DIMENSION_CHOICES, initial="sex", label=_("Columns"))
    category = forms.ChoiceField(
        choices=[("", _("All arrivals")), *ProfileCategory.choices],
        required=False,
        label=_("Profile category"),
        help_text=_("Only screened persons in this category (arrivals only)"),
    )
    threshold = forms.IntegerField(
        min_value=2,
        max_value=50,
        initial=5,
        required=False,
        label=_("Threshold"),
        help_text=_("Cells under this count are suppressed"),
    )
    rounding_base = forms.IntegerField(
        min_value=2,
        max_value=100,
        required=False,
        label=_("Rounding base"),
        help_text=_("Round published cells to this base (optional)"),
    )
    title = forms.CharField(max_length=200, required=False, label=_("Title"))

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", _("Everything of my agency")), *scopes]

    def clean(self):
        data = super().clean()
        if data.get("rows") and data.get("rows") == data.get("cols"):
            self.add_error("cols", _("Choose a different dimension for the columns."))
        return data


class ExtractForm(PeriodForm):
    scope = forms.ChoiceField(required=False, label=_("Scope"))
    quasi_identifiers = forms.MultipleChoiceField(
        choices=[
            ("sex", _("Sex")),
            ("age_band", _("Age band")),
            ("nationality", _("Nationality")),
            ("site", _("Site")),
            ("departure_country", _("Departure country")),
            ("month", _("Month of arrival")),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["sex", "age_band", "nationality"],
        label=_("Columns"),
        help_text=_("The columns of the extract; every combination must be shared by at least k persons"),
    )
    k = forms.IntegerField(min_value=2, max_value=100, initial=11, label=_("k"))
    title = forms.CharField(max_length=200, label=_("Title"))

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", _("Everything of my agency")), *scopes]
