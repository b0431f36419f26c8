"""Form fields shared by every app.

A required choice shown as a select would open on its first option, so an untouched box records
a value nobody chose (an untouched Sex box recorded Female). `RequiredChoiceField` opens on an
empty option and refuses it; a field that means a default says so with `initial=`.
"""

from django import forms
from django.utils.choices import normalize_choices
from django.utils.translation import gettext_lazy as _

EMPTY_LABEL = "—"


class RequiredChoiceField(forms.ChoiceField):
    """A choice the person must make: an empty first option unless the field has an `initial`."""

    default_error_messages = {"required": _("Choose one.")}

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        choices = list(normalize_choices(value))
        if self.required and self.initial is None and not any(key == "" for key, _label in choices):
            choices = [("", EMPTY_LABEL), *choices]
        self._choices = self.widget.choices = choices
