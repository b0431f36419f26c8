"""HTML views for referrals: inbox, outbox, a referral, a new referral, the person panel. Logic lives in services."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core import mfa
from mixedflows.core.context_processors import app_panels
from mixedflows.core.models import FieldGroup
from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.people.selectors import field_groups_for, owned_person_for, person_for
from mixedflows.referrals import selectors, services
from mixedflows.referrals.dashboard import site_dashboard
from mixedflows.referrals.forms import DashboardForm, ReferralFilterForm, ReferralForm, ServiceOfferForm
from mixedflows.referrals.models import Referral
from mixedflows.screening.codes import Procedure
from mixedflows.screening.outcome import visible_outcome

PAGE_SIZE = 25


class KeysFirstPaginator(Paginator):
    """Finds a page's keys from the index alone, then loads those rows: deep pages stay fast in large boxes."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(list(self.object_list.filter(pk__in=keys)), number, self)


def requires_any(*permissions: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(request.user.can(p) for p in permissions):
                raise PermissionDenied(" or ".join(permissions))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _box(request, *, box: str):
    form = ReferralFilterForm(request.GET or None)
    select = selectors.inbox if box == "inbox" else selectors.outbox
    page = KeysFirstPaginator(select(user=request.user, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "box": box,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "now": timezone.now(),
        "overdue_total": selectors.overdue_count(select(user=request.user, status="")),
        # Who each referral is about, as far as the grant names them: the identity group, else the number.
        "identified": {
            r.pk
            for r in page
            if not r.consent_withdrawn
            and FieldGroup.IDENTITY in field_groups_for(user=request.user, person=r.person)
        },
    }
    if request.htmx:
        return render(request, "referrals/box.html#rows", context)
    return render(request, "referrals/box.html", context)


@requires(Perm.RECEIVE_REFERRALS)
def inbox(request):
    """Referrals to the user's agency, those due first; overdue ones stand out."""
    return _box(request, box="inbox")


@requires(Perm.SEND_REFERRALS)
def outbox(request):
    return _box(request, box="outbox")


@requires_any(Perm.SEND_REFERRALS, Perm.RECEIVE_REFERRALS)
def referral_detail(request, uuid):
    referral = get_or_404(selectors.referral_for, user=request.user, uuid=uuid)
    hidden = selectors.person_hidden(user=request.user, referral=referral)
    receiver = referral.to_organisation_id == request.user.organisation.pk
    groups = frozenset() if hidden else field_groups_for(user=request.user, person=referral.person)
    services.referral_viewed(actor=request.user, referral=referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "hidden": hidden,
            "receiver": receiver,
            "sender": not receiver,
            "person_visible": not hidden and (not receiver or referral.grant_active),
            "show_identity": FieldGroup.IDENTITY in groups,
            "outcome": selectors.screening_outcome_for(user=request.user, referral=referral),
            "steps": referral.steps.select_related("by", "organisation"),
            "S": Referral.Status,
            # Other apps' panels about the referral (AppConfig.referral_panels: the SOP step it follows), loaded by
            # URL with the service and the two agencies, never the person.
            "panels": app_panels("referral_panels", request.user),
        },
    )


@require_POST
@requires_any(Perm.SEND_REFERRALS, Perm.RECEIVE_REFERRALS)
def referral_step(request, uuid):
    referral = get_or_404(selectors.referral_for, user=request.user, uuid=uuid)
    try:
        services.referral_transition(
            actor=request.user,
            referral=referral,
            to_status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request, " ".join(getattr(error, "messages", None) or [_("You cannot make that change.")])
        )
    else:
        messages.success(request, _("Referral updated."))
    return redirect("referrals:detail", uuid=referral.uuid)


@require_POST
@requires(Perm.SEND_REFERRALS)
def referral_consent_withdrawn(request, uuid):
    referral = get_or_404(selectors.referral_for, user=request.user, uuid=uuid)
    try:
        if request.POST.get("confirm") != "yes":
            raise ValidationError(
                _(
                    "Tick the box to confirm that the person (or the guardian) withdrew consent: "
                    "sharing stops at once and cannot be restored on this referral."
                )
            )
        services.referral_consent_withdraw(
            actor=request.user, referral=referral, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request,
            " ".join(getattr(error, "messages", None) or [_("Only the sending agency records this.")]),
        )
    else:
        messages.success(
            request, _("Consent withdrawal recorded: sharing with the receiving agency has stopped.")
        )
    return redirect("referrals:detail", uuid=referral.uuid)


def _new_context(request):
    """The person, screening and service a new referral starts from (GET parameters or the posted form)."""
    source = request.POST if request.method == "POST" else request.GET
    person = get_or_404(owned_person_for, user=request.user, uuid=source.get("person", ""))
    screening = None
    if source.get("screening"):
        screening = get_or_404(
            selectors.screening_of_person, user=request.user, person=person, uuid=source["screening"]
        )
    service = source.get("service", "")
    if service and service not in Procedure.values:
        raise Http404("Unknown service")
    return person, screening, service


@requires(Perm.SEND_REFERRALS)
def referral_new(request):
    person, screening, service = _new_context(request)
    receivers = selectors.receivers_for(user=request.user, service=service) if service else []
    offers = selectors.directory(service=service).exclude(organisation=request.user.organisation)
    initial = {
        "person": person.uuid,
        "screening": screening.uuid if screening else None,
        "service": service,
        "urgency": screening.urgency if screening else "normal",  # the sender's own screening: all of it
    }
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        offers=offers,
        can_override=request.user.can(Perm.OVERRIDE_CONSENT),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("override_reason") and not mfa.recently_verified(request):
            # Overriding consent is asked again with a code (issue 16): the form is then sent again.
            messages.info(
                request, _("Overriding consent needs your code again; then send the referral again.")
            )
            return mfa.redirect_to_verify(request, request.get_full_path())
        offer = data["service_offer"]
        try:
            referral = services.referral_send(
                actor=request.user,
                person=person,
                to_organisation=offer.organisation,
                service=data["service"],
                service_offer=offer,
                screening=screening,
                urgency=data["urgency"],
                note=data["note"],
                legal_basis=data["legal_basis"],
                consent_given_by=data["consent_given_by"],
                consent_obtained_at=data["consent_obtained_at"],
                basis_detail=data["basis_detail"],
                override_reason=data.get("override_reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral sent to %(agency)s; due %(due)s.")
                % {
                    "agency": offer.organisation.short_name,
                    "due": f"{timezone.localtime(referral.due_at):%Y-%m-%d %H:%M}",
                },
            )
            return redirect("referrals:detail", uuid=referral.uuid)
    return render(
        request,
        "referrals/new.html",
        {
            "form": form,
            "person": person,
            "screening": screening,
            "screening_outcome": visible_outcome(
                screening, field_groups_for(user=request.user, person=person)
            )
            if screening
            else None,
            "service": service,
            "service_label": Procedure(service).label if service else "",
            "receivers": receivers,
            "services": Procedure.choices,
            "FG": FieldGroup,
        },
        status=422 if form.errors else 200,
    )


@requires(Perm.VIEW_PEOPLE)
def person_panel(request, uuid):
    """The referrals of a person the user may see, for the person page (loaded with htmx)."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    return render(
        request,
        "referrals/person_panel.html",
        {
            "person": person,
            "referrals": selectors.referrals_of_person(user=request.user, person=person)[:50],
            "own": person.organisation_id == request.user.organisation.pk,
        },
    )


def directory(request):
    """Who offers which service where: every signed-in user may look it up."""
    service = request.GET.get("service", "")
    service = service if service in Procedure.values else ""
    return render(
        request,
        "referrals/directory.html",
        {
            "offers": selectors.directory(service=service),
            "service": service,
            "services": Procedure.choices,
        },
    )


@requires(Perm.MANAGE_SERVICES)
def offers(request):
    """The agency administrator publishes the agency's services."""
    return _offer_form(request, offer=None)


@requires(Perm.MANAGE_SERVICES)
def offer_edit(request, uuid):
    return _offer_form(request, offer=get_or_404(selectors.offer_for, user=request.user, uuid=uuid))


def _offer_form(request, *, offer):
    initial = (
        {}
        if offer is None
        else {
            "service": offer.service,
            "site": offer.site.uuid if offer.site else None,
            "contact": offer.contact,
            "capacity": offer.capacity,
            "languages": ", ".join(offer.languages),
            "active": offer.active,
        }
    )
    form = ServiceOfferForm(
        request.POST or None, initial=initial or {"active": True}, organisation=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_offer_save(actor=request.user, offer=offer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Service offer saved."))
            return redirect("referrals:offers")
    return render(
        request,
        "referrals/offers.html",
        {
            "form": form,
            "offer": offer,
            "offers": selectors.offers_of_organisation(user=request.user),
        },
        status=422 if form.errors else 200,
    )


@requires(Perm.SEND_REFERRALS)
def dashboard(request):
    """One site, one period: arrivals screened or not, profiles and urgency, immediate needs not referred, delays."""
    form = DashboardForm(request.GET or None, user=request.user)
    board = None
    if form.is_valid():
        start, end = form.period()
        board = site_dashboard(user=request.user, site=form.cleaned_data["site"], start=start, end=end)
    return render(request, "referrals/dashboard.html", {"form": form, "board": board})
