"""Reads of screenings. Every one starts from `visible_to(user)`."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mixedflows.core.models import Site, User
from mixedflows.people.models import Encounter, Person
from mixedflows.people.selectors import group_view
from mixedflows.screening.answers import answer_display
from mixedflows.screening.codes import Urgency
from mixedflows.screening.models import Screening
from mixedflows.screening.outcome import VisibleOutcome, category_label, procedure_label

QUEUE_LIMIT = 200


def screening_for(*, user: User, uuid: UUID | str) -> Screening:
    return Screening.objects.visible_to(user).select_related("person", "instrument", "site").get(uuid=uuid)


def open_screening_of(*, user: User, person: Person) -> Screening | None:
    return (
        Screening.objects.visible_to(user)
        .filter(person=person, status=Screening.Status.IN_PROGRESS)
        .order_by("-started_at")
        .first()
    )


def screenings_of_person(*, user: User, person: Person) -> QuerySet[Screening]:
    """Completed screenings of this person: the user's own agency's, and the owner's when the person is shared."""
    owners = {user.agency.pk, person.organisation_id}
    return (
        Screening.objects.filter(person=person, organisation_id__in=owners, status=Screening.Status.COMPLETED)
        .select_related("organisation", "instrument")
        .order_by("-completed_at")
    )


def people_to_screen(*, user: User, limit: int = QUEUE_LIMIT) -> QuerySet[Person]:
    """People of the user's agency seen at the user's sites, with no completed screening, latest arrival first.

    Latest first: after a landing the officer works through the people who just arrived, not last year's backlog.
    """
    encounters = Encounter.objects.visible_to(user)
    if user.site_ids is not None:
        encounters = encounters.filter(site_id__in=user.site_ids)
    screened = (
        Screening.objects.visible_to(user).filter(status=Screening.Status.COMPLETED).values("person_id")
    )
    return (
        Person.objects.owned_by(user.organisation)
        .filter(pk__in=encounters.values("person_id"))
        .exclude(pk__in=screened)
        .annotate(
            in_progress=Exists(Screening.objects.visible_to(user).filter(person=OuterRef("pk"))),
            arrived_at=Subquery(
                encounters.filter(person=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
            ),
        )
        .order_by("-arrived_at", "pk")[:limit]
    )


def visible_sections(screening: Screening, groups: frozenset[str]) -> list[dict]:
    """The instrument's sections whose field group the user may see (a section without one is always shown)."""
    return [
        section
        for section in screening.instrument.definition["sections"]
        if not section.get("field_group") or section["field_group"] in groups
    ]


def referral_links(screening: Screening, procedures: list[str]) -> list[tuple[str, str | None]]:
    """(procedure label, link to the referral form or None while referrals are not installed) per procedure
    the user may see (`visible_outcome(...).procedures`)."""
    try:
        base = reverse("referrals:new")
    except NoReverseMatch:
        base = None
    links = []
    for code in procedures:
        query = urlencode(
            {"person": str(screening.person.uuid), "screening": str(screening.uuid), "service": code}
        )
        links.append((procedure_label(code), f"{base}?{query}" if base else None))
    return links


@dataclass
class ExplainedRule:
    because: str
    answers: list[tuple[str, str]]
    categories: list[str]
    urgency: str
    procedures: list[str]


def explanation_for(screening: Screening, outcome: VisibleOutcome) -> list[ExplainedRule]:
    """The explanation the user may see (`outcome.explanation`), in words."""
    questions = {q["key"]: q for s in screening.instrument.definition["sections"] for q in s["questions"]}
    rows = []
    for item in outcome.explanation:
        answers = [
            (
                a["label"] if a["label"].endswith(("?", ":")) else f"{a['label']}:",
                answer_display(questions[a["question"]], a["answer"])
                if a["question"] in questions
                else str(a["answer"]),
            )
            for a in item["answers"]
        ]
        rows.append(
            ExplainedRule(
                because=item["because"],
                answers=answers,
                categories=[category_label(c) for c in item["categories"]],
                urgency=str(Urgency(item["urgency"]).label),
                procedures=[procedure_label(p) for p in item["procedures"]],
            )
        )
    return rows


_ACCOMPANIMENT = {  # people.selectors.group_view's codes
    "accompanied": gettext_lazy("with a parent"),
    "separated": gettext_lazy("separated from the parents"),
    "unaccompanied": gettext_lazy("unaccompanied"),
}


def declared_accompaniment(*, user: User, person: Person) -> list[str]:
    """What the person's groups say about a child's company, as a hint for the child section (not an answer)."""
    if not person.is_child:
        return []
    hints = []
    for group in person.groups.owned_by(user.organisation):
        for member in group_view(group=group):
            if member.person.pk == person.pk and member.accompaniment:
                company = _(", ").join(
                    f"{kind.lower()} {other.registration_number}" for kind, other in member.relations
                )
                state = str(_ACCOMPANIMENT[member.accompaniment])
                if member.with_unrelated_adult:
                    state = _("%(state)s, with an unrelated adult") % {"state": state}
                hint = _("%(group)s: %(state)s") % {"group": group.label, "state": state}
                hints.append(
                    _("%(hint)s (%(company)s)") % {"hint": hint, "company": company} if company else hint
                )
    return hints


def site_of_agency(*, user: User, uuid: UUID | str) -> Site:
    return Site.objects.of_organisation(user.organisation).get(uuid=uuid)


def _age_band(age: int | None) -> str:
    if age is None:
        return ""
    return "0-17" if age < 18 else ("18-59" if age < 60 else "60+")


def people_entity_rows(*, user: User, site: Site) -> list[dict]:
    """The form's entity list for a site: the agency's own people met there, with only what finding them needs.

    The entity's name is the person's opaque UUID; the label the name as recorded and the registration number.
    """
    today = datetime.date.today()
    people = (
        Person.objects.owned_by(user.organisation)
        .filter(retired_at__isnull=True, encounters__site=site)
        .distinct()
        .order_by("registration_number")
    )
    return [
        {
            "name": str(person.uuid),
            "label": f"{person.display_name} · {person.registration_number}",
            "registration_number": person.registration_number,
            "sex": person.sex,
            "age": "" if person.age_on(today) is None else person.age_on(today),
            "age_band": _age_band(person.age_on(today)),
        }
        for person in people.iterator(chunk_size=2000)
    ]
