"""The breach register's pages (data protection officers and agency administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.dataprotection import selectors, services
from mixedflows.dataprotection.forms import BreachForm, NotificationMadeForm


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
