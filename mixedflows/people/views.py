"""HTML views for registration, search, person pages and groups. Logic lives in services and selectors."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.context_processors import app_panels
from mixedflows.core.models import FieldGroup
from mixedflows.core.roles import Perm
from mixedflows.core.selectors import audit_events_for
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.lib.codes import country_choices, language_choices
from mixedflows.people import selectors, services
from mixedflows.people.forms import (
    SEX_NOT_KNOWN,
    AgeAssessmentForm,
    ArrivalForm,
    EncounterForm,
    GuardianForm,
    PersonEditForm,
    PersonRowForm,
    RelationshipForm,
    SearchForm,
)
from mixedflows.people.models import Person, Relationship
from mixedflows.people.services.guardians import guardian_appoint


def _code_lists():
    return {"countries": country_choices(), "languages": language_choices()}


@requires(Perm.VIEW_PEOPLE)
def search(request):
    """Name searches are POSTed so that names never reach URLs or server logs."""
    form = SearchForm(request.POST or None)
    hits = None
    if request.method == "POST" and form.is_valid():
        hits = services.people_searched(actor=request.user, query=form.cleaned_data["q"])
    context = {"form": form, "hits": hits, "recent": selectors.recent_people(user=request.user)}
    if request.htmx and hits is not None:
        return render(request, "people/search.html#results", context)
    return render(request, "people/search.html", context)


@requires(Perm.VIEW_PEOPLE)
def person_detail(request, uuid):
    person = get_or_404(selectors.person_for, user=request.user, uuid=uuid)
    profile = selectors.person_profile(user=request.user, person=person)
    services.person_viewed(actor=request.user, person=person)
    own = person.organisation_id == request.user.organisation.pk
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "profile": profile,
            "groups": profile.groups,
            "FG": FieldGroup,
            "own": own,
            "encounters": profile.encounters,
            "documents": profile.documents,
            "aliases": profile.aliases,
            "person_groups": person.groups.filter(organisation=request.user.organisation),
            "travels_with": selectors.travel_companions(user=request.user, person=person),
            "age_form": AgeAssessmentForm(
                initial={"age_assessed": person.age_assessed, "disputed": person.age_disputed}
            ),
            "can_audit": own and request.user.can(Perm.VIEW_AUDIT),
            "panels": app_panels("person_panels", request.user),
            "guardians": person.guardianships.all() if FieldGroup.CHILD_PROTECTION in profile.groups else [],
            "guardian_form": GuardianForm()
            if own and request.user.can(Perm.REGISTER_PEOPLE) and person.is_child
            else None,
        },
    )


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def person_guardian(request, uuid):
    """Record the guardian an authority appointed for a child."""
    person = get_or_404(selectors.owned_person_for, user=request.user, uuid=uuid)
    form = GuardianForm(request.POST)
    if form.is_valid():
        try:
            guardian_appoint(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Guardian recorded."))
    else:
        messages.error(
            request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        )
    return redirect("people:detail", uuid=person.uuid)


@requires(Perm.REGISTER_PEOPLE)
def person_edit(request, uuid):
    person = get_or_404(selectors.owned_person_for, user=request.user, uuid=uuid)
    initial = {
        "given_name": person.given_name,
        "fathers_name": person.fathers_name,
        "grandfathers_name": person.grandfathers_name,
        "family_name": person.family_name,
        "name_original_script": person.name_original_script,
        "sex": person.sex or SEX_NOT_KNOWN,
        "dob_or_age": _dob_text(person),
        "dob_calendar": person.dob_calendar,
        "nationality": person.nationality,
        "language": (person.languages or [""])[0],
        "phone": person.phone_display,
        "aliases": "\n".join(a.name for a in person.aliases.all()),
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_edit(
                actor=request.user,
                person=person,
                data=form.to_input(),
                aliases=form.cleaned_data["aliases"].splitlines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                labels = list(dict.fromkeys(str(_field_label(form, name)) for name in changed))
                messages.success(request, _("Saved (%(fields)s).") % {"fields": ", ".join(labels)})
            else:
                messages.success(request, _("Saved (no changes)."))
            return redirect("people:detail", uuid=person.uuid)
    return render(request, "people/person_edit.html", {"person": person, "form": form, **_code_lists()})


def _field_label(form: PersonEditForm, name: str):
    """The label of the box a changed field was typed in (date_of_birth: Born / age), else the field's name."""
    name = {"age_declared": "dob_or_age", "other_nationalities": "nationality"}.get(
        name, form.service_fields.get(name, name)
    )
    return form.fields[name].label if name in form.fields else name


def _dob_text(person: Person) -> str:
    if not person.date_of_birth:
        return ""
    if person.dob_calendar and person.dob_precision != "estimated":
        return person.date_of_birth_as_given.rsplit(" ", 1)[0]  # the calendar is chosen beside it
    match person.dob_precision:
        case "estimated":
            return str(person.age_declared if person.age_declared is not None else person.age)
        case "year":
            return str(person.date_of_birth.year)
        case "month":
            return person.date_of_birth.strftime("%Y-%m")
    return person.date_of_birth.isoformat()


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def person_age(request, uuid):
    person = get_or_404(selectors.person_for, user=request.user, uuid=uuid)
    form = AgeAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.person_age_assess(
                actor=request.user,
                person=person,
                age_assessed=form.cleaned_data["age_assessed"],
                disputed=form.cleaned_data["disputed"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Age assessment saved."))
    else:
        messages.error(request, _("Enter an age between 0 and 110."))
    return redirect("people:detail", uuid=person.uuid)


@requires(Perm.REGISTER_PEOPLE)
def encounter_new(request, uuid):
    person = get_or_404(selectors.person_for, user=request.user, uuid=uuid)
    latest = selectors.encounters_of(user=request.user, person=person).order_by("-occurred_at").first()
    form = EncounterForm(
        request.POST or None,
        user=request.user,
        # The site box starts where the person was last met: usually where the officer stands.
        initial={"occurred_at": timezone.localtime(), "site": latest.site_id if latest else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_add(actor=request.user, person=person, context=form.to_context())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Encounter recorded."))
            return redirect("people:detail", uuid=person.uuid)
    return render(request, "people/encounter_form.html", {"person": person, "form": form, **_code_lists()})


@requires(Perm.VIEW_PEOPLE)
def encounter_detail(request, uuid):
    encounter = get_or_404(selectors.encounter_for, user=request.user, uuid=uuid)
    return render(request, "people/encounter_detail.html", {"encounter": encounter})


@requires(Perm.VIEW_AUDIT)
def person_audit(request, uuid):
    person = get_or_404(selectors.owned_person_for, user=request.user, uuid=uuid)
    events = audit_events_for(object_type="person", object_id=person.uuid).select_related("organisation")[
        :500
    ]
    return render(request, "people/person_audit.html", {"person": person, "events": events})


@requires(Perm.REGISTER_PEOPLE)
def arrival_new(request):
    form = ArrivalForm(request.POST or None, user=request.user, initial={"occurred_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.arrival_open(
                actor=request.user,
                label=form.cleaned_data["label"],
                context=form.to_context(),
                kind=form.cleaned_data["group_kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("people:group", uuid=group.uuid)
    return render(request, "people/arrival_form.html", {"form": form, **_code_lists()})


@requires(Perm.VIEW_PEOPLE)
def group_list(request):
    return render(
        request, "people/group_list.html", {"groups": selectors.recent_groups(user=request.user, limit=100)}
    )


@requires(Perm.VIEW_PEOPLE)
def home_panel(request):
    """The home page's panel: the registration buttons and the agency's latest groups."""
    return render(
        request, "people/home_panel.html", {"groups": selectors.recent_groups(user=request.user, limit=8)}
    )


def _group_context(request, group, row_form=None, relationship_form=None):
    members = selectors.group_view(group=group)
    return {
        "relationship_form": relationship_form or RelationshipForm(),
        "group": group,
        "members": members,
        "row_form": row_form or PersonRowForm(initial={"intake_key": uuid.uuid4().hex}),
        "relationship_kinds": Relationship.Kind.choices,
        "can_register": request.user.can(Perm.REGISTER_PEOPLE),
        "lookups": app_panels("registration_lookups", request.user),
        **_code_lists(),
    }


@requires(Perm.VIEW_PEOPLE)
def group_detail(request, uuid):
    group = get_or_404(selectors.group_for, user=request.user, uuid=uuid)
    return render(request, "people/group_detail.html", _group_context(request, group))


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def group_row(request, uuid):
    """Save one row of the arrival grid; the response replaces the row (saved, or with its errors inline)."""
    group = get_or_404(selectors.group_for, user=request.user, uuid=uuid)
    form = PersonRowForm(request.POST)
    person = None
    if form.is_valid():
        try:
            person = services.person_register(
                actor=request.user, data=form.to_input(), context=services.arrival_context(group), group=group
            )
        except ValidationError as error:
            add_service_errors(form, error)
    context = _group_context(request, group, row_form=form if person is None else None)
    context["saved"] = person
    status = 200 if person else 422
    if request.htmx:
        return render(request, "people/group_detail.html#row_result", context, status=status)
    if person:
        return redirect("people:group", uuid=group.uuid)
    return render(request, "people/group_detail.html", context, status=status)


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def group_relationship(request, uuid):
    """Record who travels with whom; with htmx the members list and the form come back in place."""
    group = get_or_404(selectors.group_for, user=request.user, uuid=uuid)
    form = RelationshipForm(request.POST)
    recorded = False
    if form.is_valid():
        members = group.members.filter(
            Q(uuid=form.cleaned_data["person"]) | Q(uuid=form.cleaned_data["relative"])
        )
        by_uuid = {m.uuid: m for m in members}
        person, relative = (
            by_uuid.get(form.cleaned_data["person"]),
            by_uuid.get(form.cleaned_data["relative"]),
        )
        if person is None or relative is None:
            form.add_error(None, _("Both people must be members of this group."))
        else:
            try:
                services.relationship_set(
                    actor=request.user,
                    group=group,
                    person=person,
                    relative=relative,
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                recorded = True
    if request.htmx:
        context = _group_context(request, group, relationship_form=None if recorded else form)
        context["relationship_recorded"] = recorded
        return render(
            request, "people/group_detail.html#members_region", context, status=200 if recorded else 422
        )
    if recorded:
        messages.success(request, _("Relationship recorded."))
    else:
        messages.error(
            request, " ".join(form.non_field_errors()) or _("Choose two people and a relationship.")
        )
    return redirect("people:group", uuid=group.uuid)


@requires(Perm.REGISTER_PEOPLE)
def group_offline(request, uuid):
    """The grid as the offline worker keeps it: the entry row and the queue, no one's name or record."""
    group = get_or_404(selectors.group_for, user=request.user, uuid=uuid)
    context = _group_context(request, group)
    context.update(offline_copy=True, members=[], lookups=[])
    return render(request, "people/group_detail.html", context)


@login_not_required
def offline_worker(request):
    """The service worker script, served from /groups/ so that its scope covers the grid pages."""
    response = render(request, "people/offline_worker.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
