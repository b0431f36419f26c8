"""Forms parse what trainers type; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.forms import ProjectChoiceField, offer_projects
from mixedflows.lib.codes import country_choices, language_choices
from mixedflows.lib.forms import DateInput, RequiredChoiceField
from mixedflows.training.models import Event, Institution, Participant, Sex, Topic


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    topic = RequiredChoiceField(choices=Topic.choices, label=_("Topic"))
    modules = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label=_("Modules"), help_text=_("One a line, in order.")
    )
    languages = forms.MultipleChoiceField(
        choices=language_choices, label=_("Languages"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description")
    )

    def clean_modules(self):
        return [line.strip() for line in self.cleaned_data["modules"].splitlines() if line.strip()]


class EventForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    place = forms.CharField(max_length=200, label=_("Place"))
    country = RequiredChoiceField(choices=country_choices, label=_("Country"))
    starts_on = forms.DateField(widget=DateInput, label=_("First day"))
    ends_on = forms.DateField(widget=DateInput, label=_("Last day"))
    format = RequiredChoiceField(choices=Event.Format.choices, label=_("Format"))
    language = forms.ChoiceField(
        choices=[("", "—"), *language_choices()], required=False, label=_("Language")
    )
    organiser = forms.CharField(max_length=200, label=_("Organiser"))
    funding = forms.CharField(max_length=200, required=False, label=_("Funding"))
    project = ProjectChoiceField(help_text=_("The funded project whose indicators count this event."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            offer_projects(self, user)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled template (.xlsx or .csv)"))


class ParticipantForm(forms.Form):
    """One official typed in: the template's columns."""

    name = forms.CharField(max_length=200, label=_("Name"))
    sex = RequiredChoiceField(choices=Sex.choices, label=_("Sex"))
    institution = forms.CharField(max_length=200, label=_("Institution"))
    institution_type = RequiredChoiceField(choices=Institution.Kind.choices, label=_("Type of institution"))
    country = RequiredChoiceField(choices=country_choices, label=_("Country"))
    position = forms.CharField(max_length=200, required=False, label=_("Position"))
    email = forms.EmailField(required=False, label=_("Email"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))

    service_fields = {"full_name": "name"}


class TrainerForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label=_("Name"))
    trained_as = forms.ModelChoiceField(
        queryset=Participant.objects.none(),
        required=False,
        label=_("Trained by us at an earlier event"),
        help_text=_("Training of trainers: pick the official; their name is used when none is typed."),
    )

    def __init__(self, *args, alumni=None, **kwargs):
        super().__init__(*args, **kwargs)
        if alumni is not None:
            self.fields["trained_as"].queryset = alumni
            self.fields["trained_as"].label_from_instance = lambda p: (
                f"{p.full_name} · {p.institution} · {p.event.title} ({p.event.ends_on:%Y-%m-%d})"
            )


class ScoreDatesForm(forms.Form):
    pre_test_on = forms.DateField(widget=DateInput, required=False, label=_("Pre-test taken on"))
    post_test_on = forms.DateField(widget=DateInput, required=False, label=_("Post-test taken on"))


class VerifyForm(forms.Form):
    code = forms.CharField(max_length=40, label=_("Certificate code"))
