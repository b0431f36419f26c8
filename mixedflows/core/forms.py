from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import FieldGroup, Organisation, Site, User
from mixedflows.core.roles import Role
from mixedflows.lib.forms import DateInput, RequiredChoiceField


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "mandate", "country"]
        labels = {
            "name": _("Name"),
            "short_name": _("Short name"),
            "kind": _("Type"),
            "mandate": _("Mandate"),
            "country": _("Country"),
        }


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = RequiredChoiceField(label=_("Kind"), choices=Site.Kind.choices)
    country = forms.CharField(label=_("Country"), max_length=60, help_text=_("ISO 3166 alpha-3 code or name"))
    admin_area = forms.CharField(label=_("Admin area"), max_length=200, required=False)
    adm1_pcode = forms.CharField(
        label=_("Admin 1 p-code"),
        max_length=20,
        required=False,
        help_text=_("From the country's Common Operational Dataset on HDX, e.g. IT19"),
    )
    adm2_pcode = forms.CharField(label=_("Admin 2 p-code"), max_length=20, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=8, decimal_places=5, min_value=-90, max_value=90, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=8, decimal_places=5, min_value=-180, max_value=180, required=False
    )
    other_organisations = forms.ModelMultipleChoiceField(
        label=_("Other organisations"), queryset=Organisation.objects.all(), required=False
    )


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters, not a common one"),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every site of the agency"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.of_organisation(organisation)


class MembershipForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every site of the agency"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.of_organisation(organisation)


class AgreementForm(forms.Form):
    to_organisation = forms.ModelChoiceField(label=_("To organisation"), queryset=Organisation.objects.all())
    field_groups = forms.MultipleChoiceField(
        label=_("Field groups"), choices=FieldGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    match_notices = forms.BooleanField(
        label=_("Match notices"),
        required=False,
        help_text=_("May they learn that a possible match exists here?"),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(pk=organisation.pk)


class SuspendForm(forms.Form):
    """The emergency switch on the access page: one staff member, or (with `whole_agency`) the agency itself."""

    user = forms.ModelChoiceField(
        label=_("Staff member"), queryset=Organisation.objects.none(), required=False, to_field_name="uuid"
    )
    whole_agency = forms.BooleanField(
        label=_("Suspend the whole agency (every user, you included)"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the suspension; do not name the people whose data is concerned."),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("whole_agency"):
            raise forms.ValidationError(_("Choose a staff member, or tick “Suspend the whole agency”."))
        if data.get("user") and data.get("whole_agency"):
            raise forms.ValidationError(_("Choose a staff member or the whole agency, not both."))
        return data


class RestoreForm(forms.Form):
    lift_reason = forms.CharField(
        label=_("Reason for restoring access"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProjectChoiceField(forms.ModelChoiceField):
    """The project an activity counts towards (issue 13): offered from the projects the user's agency implements
    or partners in (`offer_projects`); another agency's project is refused with the services' message, and the
    service checks it again."""

    def __init__(self, **kwargs):
        from mixedflows.core.project_models import Project

        kwargs.setdefault("label", _("Project"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "—")
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(queryset=Project.objects.none(), **kwargs)
        self.error_messages["invalid_choice"] = _("Your agency is not part of this project.")


def offer_projects(form: forms.Form, user: User, name: str = "project") -> None:
    """Let the form's project field offer the projects the user's agency implements or partners in."""
    from mixedflows.core.project_models import Project

    field = form.fields[name]
    assert isinstance(field, ProjectChoiceField)
    field.queryset = Project.objects.visible_to(user).order_by("code")


class ProjectTagForm(forms.Form):
    """The project control on a recorded activity's page (core/_project_tag.html): tag it, or untag it with —."""

    project = ProjectChoiceField(help_text=_("The funded project whose indicators count this activity."))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        offer_projects(self, user)
