"""Home, organisations, sites, users, agreements and job progress."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mixedflows.core import access, selectors, services
from mixedflows.core.context_processors import app_panels
from mixedflows.core.forms import (
    AgreementForm,
    MembershipForm,
    OrganisationForm,
    RestoreForm,
    SiteForm,
    SuspendForm,
    UserForm,
)
from mixedflows.core.models import AccessSuspension, Organisation, Site
from mixedflows.core.roles import Perm
from mixedflows.core.throttle import throttled_usernames
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.lib.codes import country_code


def home(request):
    """The agency's start page; apps put their panels on it (AppConfig.home_panels)."""
    return render(request, "core/home.html", {"panels": app_panels("home_panels", request.user)})


def organisation_list(request):
    action = request.POST.get("action", "create")
    form = OrganisationForm(request.POST if action == "create" else None)
    if request.method == "POST":
        if not request.user.is_superuser:
            raise PermissionDenied("platform administrators only")
        if action in ("suspend", "restore"):
            return _organisation_switch(request, action)
        if form.is_valid():
            try:
                services.organisation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Organisation created."))
                return redirect("core:organisations")
    return render(
        request,
        "core/organisation_list.html",
        {
            "organisations": selectors.organisations_list(),
            "form": form if request.user.is_superuser else None,
            "suspended": access.organisations_suspended() if request.user.is_superuser else set(),
        },
    )


def _organisation_switch(request, action: str):
    """The platform administrator suspends an organisation's access, or restores it, with a reason."""
    organisation = get_or_404(Organisation.objects.get, uuid=request.POST.get("organisation", ""))
    reason = request.POST.get("reason", "")
    try:
        if action == "suspend":
            services.access_suspend(actor=request.user, organisation=organisation, reason=reason)
            messages.success(request, _("Access of %(agency)s suspended.") % {"agency": organisation.name})
        else:
            suspension = get_or_404(
                AccessSuspension.objects.in_force().get, organisation=organisation, user__isnull=True
            )
            services.access_restore(actor=request.user, suspension=suspension, reason=reason)
            messages.success(request, _("Access of %(agency)s restored.") % {"agency": organisation.name})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("core:organisations")


def site_list(request):
    return render(request, "core/site_list.html", {"sites": selectors.sites_list()})


@requires(Perm.MANAGE_SITES)
def site_new(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.site_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                country=country_code(data["country"]),
                admin_area=data["admin_area"],
                adm1_pcode=data["adm1_pcode"],
                adm2_pcode=data["adm2_pcode"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                organisations=data["other_organisations"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Site created."))
            return redirect("core:sites")
    return render(request, "core/form_page.html", {"form": form, "title": _("New site")})


@require_POST
@requires(Perm.MANAGE_SITES)
def site_join(request, uuid):
    site = get_or_404(Site.objects.get, uuid=uuid)
    services.site_join(actor=request.user, site=site)
    messages.success(
        request,
        _("%(agency)s now works at %(site)s.")
        % {"agency": request.user.organisation.short_name, "site": site.name},
    )
    return redirect("core:sites")


@requires(Perm.MANAGE_USERS)
def user_list(request):
    form = UserForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("User created."))
            return redirect("core:users")
    users = selectors.users_of_organisation(user=request.user)
    return render(
        request,
        "core/user_list.html",
        {
            "users": users,
            "throttled": throttled_usernames(u.username for u in users),
            "form": form,
        },
    )


@requires(Perm.MANAGE_USERS)
def user_detail(request, uuid):
    """An agency administrator changes a staff member's roles and sites, disables them, or ends their sessions."""
    member = get_or_404(selectors.staff_member, user=request.user, uuid=uuid)
    memberships = list(member.memberships.all())
    initial = {
        "roles": [m.role for m in memberships],
        "sites": memberships[0].sites.all() if memberships else [],
    }
    action = request.POST.get("action", "roles")
    form = MembershipForm(
        request.POST if action == "roles" else None, initial=initial, organisation=request.user.organisation
    )
    if request.method == "POST":
        try:
            if action == "roles" and form.is_valid():
                services.membership_set(actor=request.user, user=member, **form.cleaned_data)
                messages.success(request, _("Roles saved."))
            elif action in ("disable", "enable"):
                services.user_set_active(actor=request.user, user=member, active=action == "enable")
                messages.success(
                    request, _("Account enabled.") if action == "enable" else _("Account disabled.")
                )
            elif action == "end_sessions":
                services.user_end_sessions(actor=request.user, user=member)
                messages.success(request, _("Every session of this user has ended."))
            elif action == "mfa_reset":
                services.mfa_reset(actor=request.user, user=member)
                messages.success(
                    request, _("Two-factor sign-in reset: the user sets it up again at the next sign-in.")
                )
        except ValidationError as error:
            add_service_errors(form, error)
        if not form.errors:
            return redirect("core:user", uuid=member.uuid)
    return render(request, "core/user_detail.html", {"member": member, "form": form})


@requires(Perm.MANAGE_AGREEMENTS)
def agreement_list(request):
    form = AgreementForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("core:agreements")
    return render(
        request,
        "core/agreement_list.html",
        {
            "agreements": selectors.agreements_visible_to(user=request.user),
            "form": form,
        },
    )


def job_progress(request, uuid):
    job = get_or_404(selectors.job_for, user=request.user, uuid=uuid)
    return render(request, "core/job_progress.html", {"job": job})


@requires(Perm.SUSPEND_ACCESS)
def access_list(request):
    """The emergency switch: suspend a staff member's access (or the whole agency's) at once, and the history."""
    staff = selectors.users_of_organisation(user=request.user).exclude(pk=request.user.pk)
    form = SuspendForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.access_suspend(
                actor=request.user,
                user=data["user"],
                organisation=None if data["user"] else request.user.organisation,
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["whole_agency"]:
                return redirect("login")
            messages.success(
                request,
                _("Access of %(user)s suspended: signed out everywhere, sign-in and API tokens refused.")
                % {"user": data["user"].username},
            )
            return redirect("core:access")
    return _access_page(request, form, status=422 if form.errors else 200)


def _access_page(request, form, *, restore=None, restore_for=None, status=200):
    staff = selectors.users_of_organisation(user=request.user).exclude(pk=request.user.pk)
    return render(
        request,
        "core/access_list.html",
        {
            "form": form or SuspendForm(staff=staff),
            "suspensions": access.suspensions_of(user=request.user),
            "restore": restore or RestoreForm(),
            "restore_for": restore_for,
        },
        status=status,
    )


@require_POST
@requires(Perm.SUSPEND_ACCESS)
def access_restore(request, uuid):
    suspension = get_or_404(access.suspension_for, user=request.user, uuid=uuid)
    form = RestoreForm(request.POST)
    if form.is_valid():
        try:
            services.access_restore(
                actor=request.user, suspension=suspension, reason=form.cleaned_data["lift_reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("Only the platform administrator restores the whole agency's access."))
        else:
            messages.success(request, _("Access restored."))
            return redirect("core:access")
    return _access_page(request, None, restore=form, restore_for=suspension.uuid, status=422)
