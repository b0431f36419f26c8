from django import forms

from mixedflows.core.models import FieldGroup, Organisation, Site
from mixedflows.core.roles import Role


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "mandate", "country"]


class SiteForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Site.Kind.choices)
    country = forms.CharField(max_length=60, help_text="ISO 3166 alpha-3 code or name")
    admin_area = forms.CharField(max_length=200, required=False)
    latitude = forms.DecimalField(max_digits=8, decimal_places=5, min_value=-90, max_value=90, required=False)
    longitude = forms.DecimalField(
        max_digits=8, decimal_places=5, min_value=-180, max_value=180, required=False
    )
    other_organisations = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="At least 10 characters, not a common one"
    )
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for every site of the agency",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.of_organisation(organisation)


class AgreementForm(forms.Form):
    to_organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())
    field_groups = forms.MultipleChoiceField(choices=FieldGroup.choices, widget=forms.CheckboxSelectMultiple)
    match_notices = forms.BooleanField(
        required=False, help_text="May they learn that a possible match exists here?"
    )
    signed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(pk=organisation.pk)
