"""The breach register's pages (data protection officers and agency administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.dataprotection import selectors, services
from mixedflows.dataprotection.forms import BreachForm, NotificationMadeForm, RetentionForm
from mixedflows.dataprotection.services.retention import retention_periods_of, retention_periods_set
from mixedflows.dataprotection.tasks import retention_run_start


@requires(Perm.MANAGE_BREACHES)
def breach_list(request):
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Breach recorded: the notifications it owes are listed with their deadlines.")
            )
            return redirect("dataprotection:breach", uuid=breach.uuid)
    return render(
        request,
        "dataprotection/breach_list.html",
        {"form": form, "breaches": selectors.breaches_of(user=request.user)},
        status=422 if form.errors else 200,
    )


@requires(Perm.MANAGE_BREACHES)
def breach_detail(request, uuid):
    breach = get_or_404(selectors.breach_for, user=request.user, uuid=uuid)
    form = NotificationMadeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notification = breach.notifications.filter(uuid=form.cleaned_data["notification"]).first()
        if notification is None:
            form.add_error(None, _("This breach owes no such notification."))
        else:
            try:
                services.breach_notification_made(
                    actor=request.user,
                    notification=notification,
                    made_at=form.cleaned_data["made_at"],
                    reference=form.cleaned_data["reference"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Notification recorded."))
                return redirect("dataprotection:breach", uuid=breach.uuid)
    return render(
        request,
        "dataprotection/breach_detail.html",
        {
            "breach": breach,
            "people": selectors.breach_people(breach=breach),
            "affected": selectors.breach_counts(breach=breach),
            "notifications": breach.notifications.all(),
            "form": form,
            "failed": request.POST.get("notification") if form.errors else None,
        },
        status=422 if form.errors else 200,
    )


@requires(Perm.MANAGE_RETENTION)
def retention(request):
    """The agency's retention periods, the anonymisation job, and the proof of what each run removed."""
    organisation = request.user.organisation
    action = request.POST.get("action", "save")
    form = RetentionForm(
        request.POST if request.method == "POST" and action == "save" else None,
        initial={f"months_{t}": m for t, m in retention_periods_of(organisation).items()},
    )
    if request.method == "POST":
        if action == "run":
            job = retention_run_start(actor=request.user)
            return redirect("core:job", uuid=job.uuid)
        if form.is_valid():
            try:
                retention_periods_set(actor=request.user, months=form.months())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Retention periods saved."))
                return redirect("dataprotection:retention")
    return render(
        request,
        "dataprotection/retention.html",
        {"form": form, "runs": selectors.retention_runs_of(user=request.user)},
        status=422 if form.errors else 200,
    )
