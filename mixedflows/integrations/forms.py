from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.core.roles import Role
from mixedflows.integrations import scopes
from mixedflows.integrations.models import WebhookEndpoint

SCOPE_CHOICES = [
    ("read", _("Read everything my roles allow")),
    ("write", _("Read and write everything my roles allow")),
] + [(s, s) for s in sorted(scopes.ALL)]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What uses it"), max_length=120)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    expires_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1, max_value=365, initial=90)
    holder = forms.ChoiceField(label=_("For"), required=False)

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", _("Myself"))] + [(str(a.uuid), a.name) for a in accounts]
        if not accounts:
            del self.fields["holder"]


class ServiceAccountForm(forms.Form):
    name = forms.CharField(label=_("Integration"), max_length=120)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("Address that receives the events"), max_length=500)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEndpoint.Event.choices, widget=forms.CheckboxSelectMultiple
    )
