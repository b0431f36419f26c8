"""Forms parse what caseworkers type; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mixedflows.cases.models import CaseType
from mixedflows.cases.models import trafficking as codes
from mixedflows.cases.models.cases import CaseStatus
from mixedflows.cases.models.plan import FactorKind, Level, Rating, ServiceKind
from mixedflows.cases.models.returns import VisitSlot
from mixedflows.cases.models.trafficking import Identification, ProtectionNeed
from mixedflows.core.models import Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.lib.codes import local_country_choices, local_currency_choices, local_language_choices
from mixedflows.lib.forms import DateInput, DateTimeInput, RequiredChoiceField
from mixedflows.people.models import Person
from mixedflows.screening.codes import ProfileCategory

# The browser's date pickers read ISO values only: without a fixed format a French page would give them 02/12/2026
# (the locale's format) and the box would show empty.
DATE = DateInput()
DATETIME = DateTimeInput()


def choose(choices) -> list[tuple[str, str]]:
    """A required choice starts empty: an untouched box is refused, never saved as the first option."""
    return [("", "—"), *choices]


def colleagues(user, permission):
    members = User.objects.filter(memberships__organisation=user.organisation).distinct().order_by("username")
    return [u for u in members.prefetch_related("memberships") if u.can(permission)]


class UserChoiceField(forms.ChoiceField):
    """Colleagues of the user's agency by username; the service checks the role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return User.objects.filter(username=value).first() if value else None

    def valid_value(self, value):
        return True


def _set_people(form, user, **fields):
    for name, permission in fields.items():
        form.fields[name].choices = [("", "—")] + [
            (u.username, u.get_full_name() or u.username) for u in colleagues(user, permission)
        ]


class CaseOpenForm(forms.Form):
    case_type = forms.ChoiceField(choices=choose(CaseType.choices), label=_("Type of case"))
    caseworker = UserChoiceField(label=_("Caseworker"))
    supervisor = UserChoiceField(label=_("Supervisor"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _set_people(self, user, caseworker=Perm.MANAGE_CASES, supervisor=Perm.APPROVE_CASES)


class HouseholdCaseOpenForm(CaseOpenForm):
    members = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Other household members"),
        help_text=_("One per line: registration number, then the relationship (AGM-7K2M9QX4 daughter)"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def clean_members(self):
        lines = [line.split(maxsplit=1) for line in self.cleaned_data["members"].splitlines() if line.strip()]
        numbers = [parts[0].upper() for parts in lines]
        found = {
            p.registration_number: p
            for p in Person.objects.owned_by(self.user.organisation).filter(registration_number__in=numbers)
        }
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("Not a record of your agency: %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [(found[parts[0].upper()], parts[1] if len(parts) > 1 else "") for parts in lines]


class CaseEditForm(CaseOpenForm):
    status = RequiredChoiceField(
        choices=[
            (CaseStatus.OPEN, CaseStatus.OPEN.label),
            (CaseStatus.FOLLOW_UP, CaseStatus.FOLLOW_UP.label),
        ],
        label=_("Status"),
    )


class CloseForm(forms.Form):
    closure_status = forms.ChoiceField(
        choices=choose(
            [
                (CaseStatus.CLOSED, CaseStatus.CLOSED.label),
                (CaseStatus.CLOSED_REFERRED, CaseStatus.CLOSED_REFERRED.label),
            ]
        ),
        label=_("How the case closes"),
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


class AssessmentForm(forms.Form):
    """One textarea per level and kind: one factor per line."""

    assessed_on = forms.DateField(widget=DATE, label=_("Assessed on"))
    rating = forms.ChoiceField(choices=choose(Rating.choices), label=_("Overall vulnerability"))
    rating_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Why this rating"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = {FactorKind.RISK: _("risk factors"), FactorKind.PROTECTIVE: _("protective factors")}
        for level, level_label in Level.choices:
            for kind in FactorKind.values:
                self.fields[f"{level}_{kind}"] = forms.CharField(
                    required=False,
                    label=_("%(level)s: %(factors)s") % {"level": level_label, "factors": kinds[kind]},
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("One per line"),
                )
        self.order_fields(["assessed_on"] + [f"{lv}_{k}" for lv in Level.values for k in FactorKind.values])

    def factors(self):
        return [
            (level, kind, line)
            for level in Level.values
            for kind in FactorKind.values
            for line in self.cleaned_data.get(f"{level}_{kind}", "").splitlines()
        ]


class GoalForm(forms.Form):
    description = forms.CharField(max_length=300, label=_("Goal"))


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300, label=_("Action, task or reminder"))
    owner = UserChoiceField(label=_("Owner"))
    due_on = forms.DateField(widget=DATE, label=_("Due on"))
    goal = forms.ChoiceField(required=False, choices=[], label=_("Goal"))

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        _set_people(self, user, owner=Perm.VIEW_CASES)
        self.goals = {str(g.uuid): g for g in case.plan.goals.all()}
        self.fields["goal"].choices = [("", _("— none: a task or reminder"))] + [
            (k, g.description) for k, g in self.goals.items()
        ]


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(choices=choose(ServiceKind.choices), label=_("Service"))
    provider = forms.CharField(max_length=200, label=_("Provider"), help_text=_("Who provided it"))
    delivered_on = forms.DateField(widget=DATE, label=_("Delivered on"))
    cost = forms.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0, label=_("Cost"))
    currency = forms.ChoiceField(choices=[("", "—")], required=False, label=_("Currency"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [("", "—"), *local_currency_choices()]


class FundForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    currency = forms.ChoiceField(choices=[], label=_("Currency"))
    period_start = forms.DateField(widget=DATE, label=_("Period start"))
    period_end = forms.DateField(widget=DATE, label=_("Period end"))
    budget = forms.DecimalField(max_digits=14, decimal_places=2, label=_("Budget"))
    fund_manager_threshold = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        label=_("Fund manager threshold"),
        help_text=_("Requests above this also need a fund manager"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = choose(local_currency_choices())


class FundRequestForm(forms.Form):
    fund = forms.ChoiceField(choices=[], label=_("Fund"))
    amount = forms.DecimalField(max_digits=12, decimal_places=2, label=_("Amount"))
    purpose = forms.CharField(max_length=200, label=_("What for"))
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Justification"))

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.funds = {str(f.uuid): f for f in funds}
        self.fields["fund"].choices = choose(
            [
                (
                    k,
                    _("%(fund)s · %(remaining)s %(currency)s left")
                    % {"fund": f.name, "remaining": f.remaining, "currency": f.currency},
                )
                for k, f in self.funds.items()
            ]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=choose([("approve", _("Approve")), ("refuse", _("Refuse"))]), label=_("Decision")
    )
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


def _multi(choices, label):
    return forms.MultipleChoiceField(
        choices=codes.code_choices(choices), required=False, widget=forms.CheckboxSelectMultiple, label=label
    )


class ScreeningIndicatorsForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        choices=ProfileCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Indicators from the pre-screening"),
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))


class InterviewForm(forms.Form):
    interviewed_on = forms.DateField(widget=DATE, label=_("Interviewed on"))
    interpreter_language = forms.ChoiceField(choices=[], required=False, label=_("Interpreter language"))
    country_of_exploitation = forms.ChoiceField(
        choices=[], required=False, label=_("Country of exploitation")
    )
    methods_of_recruitment = _multi(codes.METHODS_OF_RECRUITMENT, _("Methods of recruitment"))
    methods_of_control = _multi(codes.METHODS_OF_CONTROL, _("Methods of control"))
    labour_exploitation = _multi(codes.LABOUR_EXPLOITATION, _("Labour exploitation"))
    sex_exploitation = _multi(codes.SEX_EXPLOITATION, _("Sexual exploitation"))
    vulnerabilities = _multi(codes.VULNERABILITIES, _("Vulnerabilities"))
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Summary"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [("", "—"), *local_language_choices()]
        self.fields["country_of_exploitation"].choices = [("", "—"), *local_country_choices()]

    @classmethod
    def initial_from(cls, identification: Identification) -> dict:
        """The saved interview, so that replacing it starts from what was recorded."""
        fields = [name for name in cls.base_fields if name != "summary"]
        return {
            **{name: getattr(identification, name) for name in fields},
            "summary": identification.interview_summary,
        }


class DeterminationForm(forms.Form):
    determination = forms.ChoiceField(
        choices=choose(Identification.Determination.choices), label=_("Determination")
    )
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Reasons"))


class ProtectionNeedForm(forms.Form):
    route = forms.ChoiceField(choices=choose(ProtectionNeed.Route.choices), label=_("Route"))
    eligibility = forms.ChoiceField(
        choices=choose(ProtectionNeed.Eligibility.choices), label=_("Eligibility")
    )
    responsible_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label=_("Agency responsible for the next step"), empty_label="—"
    )
    next_step = forms.CharField(max_length=300, label=_("Next step"))


class ReturnStepForm(forms.Form):
    """A step of the return page; a step that depends on the person or on earlier steps narrows itself."""

    start_empty: tuple[str, ...] = ()  # required dates that are not "today" unless someone says so

    def __init__(self, *args, return_case=None, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)


class ReturnStartForm(ReturnStepForm):
    destination_country = forms.CharField(
        max_length=3, label=_("Destination country"), help_text=_("ISO 3166 alpha-3, e.g. ERI")
    )
    destination_place = forms.CharField(max_length=200, required=False, label=_("Destination place"))
    informed_on = forms.DateField(widget=DATE, label=_("Informed about return on"))


class DecisionStepForm(ReturnStepForm):
    """An adult's capacity is confirmed; a child's guardian and best-interests decision are asked instead."""

    decision_on = forms.DateField(widget=DATE, label=_("Decision on"))
    capacity_confirmed = forms.BooleanField(required=False, label=_("Capacity to decide freely confirmed"))
    guardian = forms.CharField(
        max_length=200,
        label=_("Guardian"),
        help_text=_("The appointed guardian: a person and an organisation"),
    )
    best_interests_on = forms.DateField(widget=DATE, label=_("Best-interests decision on"))
    best_interests_supports_return = forms.BooleanField(
        required=False, label=_("The best-interests decision supports the return")
    )

    CHILD_ONLY = ("guardian", "best_interests_on", "best_interests_supports_return")
    start_empty = ("best_interests_on",)

    def __init__(self, *args, return_case=None, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("capacity_confirmed",) if child else self.CHILD_ONLY:
            del self.fields[name]

    def clean(self):
        data = super().clean()
        return {"capacity_confirmed": False, "guardian": "", "best_interests_on": None, **data}


class PreDepartureForm(ReturnStepForm):
    counselling_on = forms.DateField(widget=DATE, label=_("Counselling on"))
    fit_to_travel_on = forms.DateField(widget=DATE, label=_("Fit-to-travel check on"))
    travel_documents_on = forms.DateField(widget=DATE, label=_("Travel documents ready on"))
    booking_reference = forms.CharField(max_length=40, label=_("Booking reference"))


class TravelForm(ReturnStepForm):
    departed_at = forms.DateTimeField(widget=DATETIME, label=_("Departed at"))
    transit_place = forms.CharField(max_length=200, required=False, label=_("Transit place"))
    arrived_at = forms.DateTimeField(widget=DATETIME, label=_("Arrived at"))
    escort = forms.CharField(max_length=200, required=False, label=_("Escort"))


class ReceptionForm(ReturnStepForm):
    received_on = forms.DateField(widget=DATE, label=_("Received on"))
    received_by = forms.CharField(max_length=200, label=_("Received by"))


class ReintegrationForm(ReturnStepForm):
    economic = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Economic"))
    social = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Social"))
    psychosocial = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Psychosocial"))


class SlotField(forms.TypedChoiceField):
    """Offers the open slots but accepts any slot of the schedule, so that the service can say that a slot
    already has its visit (a second tab, a double submit) instead of "not one of the available choices"."""

    def valid_value(self, value):
        return str(value) in {str(v) for v in VisitSlot.values}


class VisitForm(ReturnStepForm):
    """Offers the slots of the schedule that have no visit yet, the earliest first."""

    slot = SlotField(coerce=int, choices=[], label=_("Visit"))
    visited_on = forms.DateField(widget=DATE, label=_("Visited on"))
    economic_score = forms.DecimalField(min_value=0, max_value=1, decimal_places=2, label=_("Economic score"))
    social_score = forms.DecimalField(min_value=0, max_value=1, decimal_places=2, label=_("Social score"))
    psychosocial_score = forms.DecimalField(
        min_value=0, max_value=1, decimal_places=2, label=_("Psychosocial score")
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, return_case=None, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        done = set(return_case.visits.values_list("slot", flat=True)) if return_case else set()
        open_slots = [(v, label) for v, label in VisitSlot.choices if v not in done]
        field = self.fields["slot"]
        assert isinstance(field, SlotField)
        field.choices = choose(open_slots)
        field.initial = open_slots[0][0] if open_slots else None
