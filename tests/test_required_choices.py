"""No select opens on an answer nobody chose: an untouched required choice is refused, not recorded.

Every form of every app is read: a select without an `initial` must start on an empty option
(`mixedflows.lib.forms.RequiredChoiceField` does it for required choices), so that, say, an untouched
Sex box is not recorded as Female.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import mixedflows
from mixedflows.lib.forms import RequiredChoiceField


def _forms():
    for module in pkgutil.walk_packages(mixedflows.__path__, "mixedflows."):
        if module.name.rsplit(".", 1)[-1] != "forms":
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                yield cls


def _silent_defaults(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField | forms.ModelChoiceField):
            continue
        if not isinstance(field, forms.ChoiceField) or not isinstance(field.widget, forms.Select):
            continue
        choices = list(field.choices)
        if field.initial is None and choices and choices[0][0] != "":
            yield f"{form_class.__module__}.{form_class.__name__}.{name}"


def test_no_select_opens_on_an_answer():
    silent = [name for form_class in _forms() for name in _silent_defaults(form_class)]
    assert not silent, f"selects that record their first option when left alone: {silent}"


def test_the_empty_option_is_refused_with_a_clear_message():
    class Row(forms.Form):
        sex = RequiredChoiceField(choices=[("F", "F · female"), ("M", "M · male")])

    assert Row().fields["sex"].choices[0] == ("", "—")
    form = Row({"sex": ""})
    assert not form.is_valid()
    assert form.errors["sex"] == ["Choose one."]


@pytest.mark.parametrize("initial", ["M"])
def test_a_field_that_means_a_default_says_so(initial):
    field = RequiredChoiceField(choices=[("F", "F"), ("M", "M")], initial=initial)
    assert [value for value, _label in field.choices] == ["F", "M"]
