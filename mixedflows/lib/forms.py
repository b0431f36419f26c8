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


class DateInput(forms.DateInput):
    """A date picker (`type="date"`). The browser shows the day in the user's locale, but the value it reads and
    sends is always ISO; Django would write the locale's format (02/12/2026 on a French page), which the picker
    cannot read, so the box showed empty. Every app's date box is this one."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A date-and-time picker (`type="datetime-local"`), its value ISO whatever the language (see DateInput)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
