"""Thin adapters between services and HTML views: 404s, permission checks, service errors on forms."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def get_or_404(selector: Callable, **kwargs):
    """Call a selector; anything the user may not see is simply not found (never a 403 that confirms it exists)."""
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValidationError, ValueError) as error:
        raise Http404("Not found") from error


def requires(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.can(permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names where the form has it.

    A form that presents a service field under another name says so in `service_fields` (service name -> form name).
    """
    aliases = getattr(form, "service_fields", {})
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            alias = aliases.get(field)
            if target is None and alias in form.fields:
                target = alias
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def run_service[T](request, form, call: Callable[[], T], *, success: str = "") -> T | None:
    """Call a service and return what it returns (saying `success`, if given); when it refuses (ValidationError,
    PermissionDenied), show why on the form (or, without one, as a message) and return None. Services return what
    they wrote, never None."""
    try:
        value = call()
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return None
    except PermissionDenied as error:
        # A bare permission code is not a sentence for the officer.
        message = str(error) if " " in str(error) else _("You are not allowed to do this.")
        if form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return value


def submit[T](
    request, form, call: Callable[[dict], T], *, then: Callable[[T], HttpResponse], success: str = ""
) -> HttpResponse | None:
    """Form -> service -> redirect: on a POST whose form is valid, call the service with the form's cleaned data;
    when it returns, say `success` and answer `then(value)`. None otherwise: the view shows the form and its errors."""
    if request.method != "POST" or form is None or not form.is_valid():
        return None
    value = run_service(request, form, lambda: call(form.cleaned_data), success=success)
    return None if value is None else then(value)


# --- The project control of an activity's page (issue 13): one form, one view body, for every app --------------


def project_control(user, activity, *, url: str, can_tag: bool) -> dict:
    """What core/_project_tag.html shows: the activity's project, and the form to change it when the user may."""
    from mixedflows.core.forms import ProjectTagForm

    own = getattr(activity, "organisation_id", None) == getattr(user.organisation, "pk", None)
    form = ProjectTagForm(user=user, initial={"project": activity.project}) if can_tag and own else None
    return {"activity": activity, "url": url, "form": form}


def project_tag(request, activity, *, then: str) -> HttpResponse:
    """The POST of that control: tag the activity (the service checks the agency and the project), say so, go back
    to its page."""
    from mixedflows.core.forms import ProjectTagForm
    from mixedflows.core.services.projects import activity_tag_project

    form = ProjectTagForm(request.POST, user=request.user)
    if form.is_valid():
        project = form.cleaned_data["project"]
        run_service(
            request,
            None,
            lambda: activity_tag_project(actor=request.user, activity=activity, project=project),
            success=_("Project saved.") if project else _("No longer tagged with a project."),
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("project", [])))
    return redirect(then)
