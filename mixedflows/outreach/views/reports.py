"""Counts of sessions by topic, sex and age band: exact for the agency, protected for publication."""

import datetime

from django import forms
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Site
from mixedflows.core.roles import Perm
from mixedflows.core.web import requires, run_service
from mixedflows.lib import disclosure
from mixedflows.lib.forms import DateInput
from mixedflows.outreach import selectors
from mixedflows.outreach.counts import session_tables
from mixedflows.outreach.services.reports import session_counts_export


class CountsFilter(forms.Form):
    centre = forms.ModelChoiceField(
        queryset=Site.objects.none(), required=False, to_field_name="uuid", label=_("Resource centre")
    )
    start = forms.DateField(required=False, label=_("From"), widget=DateInput())
    end = forms.DateField(required=False, label=_("To"), widget=DateInput())
    published = forms.BooleanField(required=False, label=_("Show as published (small cells suppressed)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = selectors.centres_for(user=user)

    def scope(self) -> tuple[Site | None, datetime.date | None, datetime.date | None]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("centre"), data.get("start"), data.get("end")


@requires(Perm.VIEW_OUTREACH)
def counts(request):
    form = CountsFilter(request.GET or None, user=request.user)
    site, start, end = form.scope()
    published = form.is_valid() and form.cleaned_data["published"]
    sessions = selectors.sessions_for_counts(user=request.user, site=site, start=start, end=end)
    total, tables = session_tables(sessions.values_list("sex", "age_band", "topics"))
    shown = [
        (table.title, table.labelled(table.published() if published else table.exact())) for table in tables
    ]
    return render(
        request,
        "outreach/counts.html",
        {
            "form": form,
            "total": total,
            "tables": shown,
            "published": published,
            "threshold": disclosure.DEFAULT_THRESHOLD,
            "query": request.GET.urlencode(),
        },
    )


@requires(Perm.VIEW_OUTREACH)
def counts_csv(request):
    form = CountsFilter(request.GET or None, user=request.user)
    site, start, end = form.scope()
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Correct the filter: nothing is counted until it is valid."))
    text = run_service(
        request, None, lambda: session_counts_export(actor=request.user, site=site, start=start, end=end)
    )
    if text is None:
        return HttpResponseBadRequest(_("You are not allowed to do this."))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outreach-session-counts.csv"'
    return response
