"""The one web adapter: a view calls a service through `run_service` and gets back what the service returned."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from mixedflows.core.web import add_service_errors, run_service, submit


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    dob_or_age = forms.CharField(required=False)
    service_fields = {"date_of_birth": "dob_or_age"}


def _request():
    request = RequestFactory().post("/")
    request.session = {}  # FallbackStorage only needs a mapping
    request._messages = FallbackStorage(request)  # what MessageMiddleware sets
    return request


def test_the_service_value_comes_back_even_when_it_is_falsy():
    assert run_service(_request(), None, lambda: []) == []
    assert run_service(_request(), None, lambda: {"case": 1}) == {"case": 1}


def test_a_refusal_goes_on_the_named_field_and_nothing_comes_back():
    form = NameForm({})
    assert form.is_valid()

    def refuse():
        raise ValidationError({"name": "Give a name.", "date_of_birth": "Not a date."})

    assert run_service(_request(), form, refuse) is None
    assert form.errors == {"name": ["Give a name."], "dob_or_age": ["Not a date."]}


def test_a_permission_code_becomes_a_sentence_in_a_message_without_a_form():
    request = _request()

    def deny():
        raise PermissionDenied("cases.manage")

    assert run_service(request, None, deny) is None
    assert [str(m) for m in get_messages(request)] == ["You are not allowed to do this."]


def test_a_form_without_service_fields_gets_the_error_on_the_form():
    form = forms.Form({})
    form.is_valid()
    add_service_errors(form, ValidationError({"date_of_birth": "Not a date."}))
    assert form.non_field_errors() == ["Not a date."]


def test_submit_runs_the_service_on_a_valid_post_only_and_answers_with_the_redirect():
    calls = []

    def service(data):
        calls.append(data)
        return "saved"

    get = RequestFactory().get("/")
    assert submit(get, NameForm(), service, then=HttpResponse) is None and calls == []
    request = _request()
    response = submit(request, NameForm({"name": "Alice"}), service, success="Saved.", then=HttpResponse)
    assert response is not None and response.content == b"saved"
    assert calls == [{"name": "Alice", "dob_or_age": ""}]
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_submit_leaves_a_refused_form_to_the_view_with_the_error_on_it():
    form = NameForm({"name": "Alice"})

    def refuse(data):
        raise ValidationError({"name": "Already registered."})

    assert submit(_request(), form, refuse, success="Saved.", then=HttpResponse) is None
    assert form.errors == {"name": ["Already registered."]}
