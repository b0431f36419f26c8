"""Forms parse what officers type; the services decide what is valid."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import LegalBasis, Site
from mixedflows.lib.codes import is_language, language_code
from mixedflows.lib.forms import DateInput, DateTimeInput, RequiredChoiceField
from mixedflows.people.models import Encounter
from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.referrals.selectors import AWAITING, OPEN
from mixedflows.screening.codes import Procedure, Urgency

STATUS_FILTER = [
    (AWAITING, _("Awaiting an answer (sent, acknowledged)")),
    (OPEN, _("Open (also accepted)")),
    ("", _("All")),
    *Referral.Status.choices,
]


class ReferralFilterForm(forms.Form):
    """The inbox and outbox filters: one definition for the page and its htmx partial."""

    status = forms.ChoiceField(choices=STATUS_FILTER, required=False, initial=AWAITING)
    service = forms.ChoiceField(choices=[("", _("Any service")), *Procedure.choices], required=False)
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": AWAITING}
        data = self.cleaned_data
        status = data["status"] if "status" in self.data else AWAITING
        return {"status": status, "service": data["service"], "overdue": data["overdue"]}


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceOffer) -> str:
        return f"{obj.organisation.name} · {obj.site.name if obj.site else _('all sites')}"


class ReferralForm(forms.Form):
    """A new referral: the receiving offer, the legal basis, and what the receiving agency needs to know."""

    person = forms.UUIDField(widget=forms.HiddenInput)
    screening = forms.UUIDField(widget=forms.HiddenInput, required=False)
    service = RequiredChoiceField(choices=Procedure.choices, label=_("Service"))
    service_offer = OfferChoiceField(
        queryset=ServiceOffer.objects.none(),
        to_field_name="uuid",
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Receiving agency"),
        error_messages={"required": _("Choose the agency to refer to.")},
    )
    urgency = RequiredChoiceField(choices=Urgency.choices, label=_("Urgency"))
    legal_basis = forms.ChoiceField(
        choices=[("", _("— none recorded —")), *LegalBasis.choices], required=False, label=_("Legal basis")
    )
    consent_given_by = forms.CharField(
        max_length=200,
        required=False,
        label=_("Consent given by"),
        help_text=_("The person, or the guardian's name and role"),
    )
    consent_obtained_at = forms.DateTimeField(
        required=False,
        label=_("Consent obtained at"),
        widget=DateTimeInput(),
    )
    basis_detail = forms.CharField(
        required=False, label=_("Vital-interest or mandate ground"), widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        required=False,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the receiving agency needs to know to act; no sensitive detail"),
    )
    override_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Consent override: reason"),
        help_text=_("Only to send without a legal basis; recorded, audited and shown on the referral"),
    )

    def __init__(self, *args, offers, can_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service_offer"]).queryset = offers
        if not can_override:
            del self.fields["override_reason"]

    @property
    def basis_fields(self):
        return [
            self[name] for name in ("legal_basis", "consent_given_by", "consent_obtained_at", "basis_detail")
        ]


class ServiceOfferForm(forms.Form):
    service = RequiredChoiceField(choices=Procedure.choices, label=_("Service"))
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("All our sites"),
        label=_("Site"),
    )
    contact = forms.CharField(
        max_length=200, required=False, label=_("Contact"), help_text=_("Desk, phone or e-mail for referrals")
    )
    capacity = forms.IntegerField(
        min_value=0,
        required=False,
        label=_("Capacity"),
        help_text=_("People per month; empty if not limited"),
    )
    languages = forms.CharField(
        max_length=300,
        required=False,
        label=_("Languages"),
        help_text=_("ISO 639-3 codes or names, separated by commas (e.g. ara, tir, eng)"),
    )
    active = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Active"),
        help_text=_("Untick to take the offer out of the directory"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.of_organisation(organisation)

    def clean_languages(self) -> list[str]:
        codes: list[str] = []
        unknown: list[str] = []
        for part in self.cleaned_data["languages"].split(","):
            if part.strip():
                code = language_code(part)
                (codes if is_language(code) else unknown).append(code)
        if unknown:
            raise forms.ValidationError(_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes


class DashboardForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), to_field_name="uuid", label=_("Site"))
    start = forms.DateField(widget=DateInput(), label=_("From"))
    end = forms.DateField(widget=DateInput(), label=_("To"), help_text=_("Included"))

    def __init__(self, data=None, *, user, **kwargs):
        today = timezone.localdate()
        sites = Site.objects.usable_by(user)
        # Where the agency last met someone: the site an officer most likely wants.
        latest = Encounter.objects.visible_to(user).filter(site__in=sites).order_by("-occurred_at").first()
        first = latest.site if latest else sites.first()
        defaults = {
            "site": first.uuid if first else "",
            "start": today - datetime.timedelta(days=6),
            "end": today,
        }
        super().__init__({**defaults, **(data.dict() if data else {})}, **kwargs)
        self.fields["site"].queryset = sites

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def period(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the start of the first day to the end of the last, in local time."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.cleaned_data["start"], datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.cleaned_data["end"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end
