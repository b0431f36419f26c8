"""Small adapters shared by the case views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from mixedflows.core.web import add_service_errors


def run_service(request, form, call) -> bool:
    """Call a service; put its errors on the form (or in a message) and say whether it worked."""
    try:
        call()
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return False
    except PermissionDenied as error:
        message = str(error) if " " in str(error) else "You are not allowed to do this."
        if form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)
        return False
    return True


def back_to_case(case, anchor: str = ""):
    response = redirect("cases:detail", uuid=case.uuid)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
