"""Campaigns: the list, a campaign's page with its reach period by period, and the forms that change them."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, submit
from mixedflows.lib.codes import language_name
from mixedflows.outreach import selectors
from mixedflows.outreach.codes import PARTICIPANT_KEYS, Audience
from mixedflows.outreach.forms import CampaignForm, ReachForm
from mixedflows.outreach.services.campaigns import campaign_save, reach_record


def _campaign_page(request, campaign, reach_form=None):
    reports = list(selectors.reach_of(user=request.user, campaign=campaign))
    totals = {
        figure: sum(getattr(r, figure) or 0 for r in reports)
        for figure in ("listeners", "sessions_held", "participants_total", "materials_distributed")
    }
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "campaign": campaign,
            "audiences": [Audience(a).label for a in campaign.audiences],
            "languages": [language_name(code) for code in campaign.languages],
            "reports": reports,
            "totals": totals,
            "reach_form": reach_form or ReachForm(),
            "participant_keys": PARTICIPANT_KEYS,
            "can_record": request.user.can(Perm.RECORD_OUTREACH),
        },
        status=422 if reach_form is not None and reach_form.errors else 200,
    )


@requires(Perm.VIEW_OUTREACH)
def campaign_detail(request, uuid):
    campaign = get_or_404(selectors.campaign_for, user=request.user, uuid=uuid)
    return _campaign_page(request, campaign)


def _campaign_form(request, campaign=None):
    form = CampaignForm(
        request.POST or None,
        initial=CampaignForm.initial_from(campaign) if campaign else None,
        user=request.user,
    )
    if done := submit(
        request,
        form,
        lambda data: campaign_save(actor=request.user, campaign=campaign, data=form.to_input()),
        success=_("Campaign saved."),
        then=lambda saved: redirect("outreach:campaign", uuid=saved.uuid),
    ):
        return done
    return render(
        request,
        "outreach/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=422 if form.errors else 200,
    )


@requires(Perm.RECORD_OUTREACH)
def campaign_new(request):
    return _campaign_form(request)


@requires(Perm.RECORD_OUTREACH)
def campaign_edit(request, uuid):
    campaign = get_or_404(selectors.campaign_for, user=request.user, uuid=uuid)
    return _campaign_form(request, campaign)


@require_POST
@requires(Perm.RECORD_OUTREACH)
def reach_add(request, uuid):
    campaign = get_or_404(selectors.campaign_for, user=request.user, uuid=uuid)
    form = ReachForm(request.POST)
    if done := submit(
        request,
        form,
        lambda data: reach_record(actor=request.user, campaign=campaign, data=form.to_input()),
        success=_("Reach recorded."),
        then=lambda report: redirect("outreach:campaign", uuid=campaign.uuid),
    ):
        return done
    return _campaign_page(request, campaign, reach_form=form)
