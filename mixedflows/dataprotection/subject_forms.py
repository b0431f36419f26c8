"""The forms of the data-subject request pages (services.subjects does the checking that matters)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mixedflows.dataprotection.models import SubjectRequest
from mixedflows.lib.forms import DateInput, RequiredChoiceField

_DAY = DateInput()


class SubjectRequestForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number of the person"),
        max_length=24,
        help_text=_("The agency's own record of the person who asks"),
    )
    kind = RequiredChoiceField(label=_("What the person asks"), choices=SubjectRequest.Kind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=_DAY)
    channel = RequiredChoiceField(label=_("Received how"), choices=SubjectRequest.Channel.choices)
    language = RequiredChoiceField(
        label=_("Language of the answer"), choices=settings.LANGUAGES, initial="en"
    )
    deadline = forms.DateField(
        label=_("Legal deadline"),
        required=False,
        widget=_DAY,
        help_text=_("Leave empty for the agency's usual period (%(days)s days from receipt)")
        % {"days": settings.SUBJECT_REQUEST_DAYS},
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        if person is not None:
            del self.fields["registration_number"]


class SubjectAnswerForm(forms.Form):
    status = RequiredChoiceField(
        label=_("Outcome"),
        choices=[
            (SubjectRequest.Status.ANSWERED, _("Answered: do what the person asks")),
            (SubjectRequest.Status.REFUSED, _("Refused")),
        ],
    )
    answer = forms.CharField(
        label=_("Answer given to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a refusal, the reason and the law it rests on"),
    )
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=_DAY)
