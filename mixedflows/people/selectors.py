"""Reads of people, groups and encounters. Every one starts from `visible_to(user)`."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from mixedflows.core.models import FieldGroup, User
from mixedflows.core.roles import FIELD_GROUP_PERMISSIONS
from mixedflows.lib.names import ascii_fold, normalise_document_number, query_keys, query_words
from mixedflows.people.models import (
    AccessGrant,
    Alias,
    Document,
    Encounter,
    Group,
    Person,
    PersonNameKey,
    Relationship,
    document_number_index,
)

SEARCH_LIMIT = 50


def person_for(*, user: User, uuid: UUID | str) -> Person:
    """One person the user may see; Person.DoesNotExist (a 404) otherwise."""
    return Person.objects.visible_to(user).select_related("organisation").get(uuid=uuid)


def owned_person_for(*, user: User, uuid: UUID | str) -> Person:
    """One person recorded by the user's own organisation (to edit, or to read its audit trail)."""
    return Person.objects.owned_by(user.organisation).select_related("organisation").get(uuid=uuid)


def role_field_groups(user: User) -> frozenset[str]:
    """The field groups the user's role may see of any record: each group needs its permission (core.roles)."""
    if getattr(user, "organisation", None) is None:
        return frozenset()
    return frozenset(group for group, perm in FIELD_GROUP_PERMISSIONS.items() if user.can(perm))


def field_groups_for(*, user: User, person: Person) -> frozenset[str]:
    """Which field groups of this person this user may see: the one answer every view, search and export uses.

    A group needs its permission (the sensitive ones `people.view_sensitive`, case data `cases.view`), and on
    another agency's record also an active grant that names it. Values derived from a group (a recommended
    procedure, an urgency reason, a count, a search hit) follow the same answer.
    """
    org = getattr(user, "organisation", None)
    if org is None:
        return frozenset()
    allowed = role_field_groups(user)
    if person.organisation_id == org.pk:
        return allowed
    granted: set[str] = set()
    for grant in person.grants.active(org):
        granted.update(grant.field_groups)
    return allowed & granted


def field_groups_of_people(*, user: User, people: Iterable[Person]) -> dict[int, frozenset[str]]:
    """`field_groups_for` for many people at once (search results, lists): person pk -> groups."""
    org = getattr(user, "organisation", None)
    if org is None:
        return {p.pk: frozenset() for p in people}
    allowed = role_field_groups(user)
    shared = [p.pk for p in people if p.organisation_id != org.pk]
    granted: dict[int, set[str]] = {pk: set() for pk in shared}
    for person_id, groups in (
        AccessGrant.objects.active(org).filter(person_id__in=shared).values_list("person_id", "field_groups")
    ):
        granted[person_id].update(groups or [])
    return {p.pk: allowed if p.organisation_id == org.pk else allowed & granted[p.pk] for p in people}


@dataclass
class PersonProfile:
    """A person as this user may see them: only the field groups `field_groups_for` allows are filled."""

    person: Person
    groups: frozenset[str]
    identity: bool
    aliases: list
    documents: list
    contact: str | None
    encounters: list

    def __contains__(self, group: str) -> bool:
        return group in self.groups


def person_profile(*, user: User, person: Person) -> PersonProfile:
    """The person's record cut down to the field groups the user may see, so templates need not check again."""
    groups = field_groups_for(user=user, person=person)
    return PersonProfile(
        person=person,
        groups=groups,
        identity=FieldGroup.IDENTITY in groups,
        aliases=list(person.aliases.all()) if FieldGroup.IDENTITY in groups else [],
        documents=list(person.documents.all()) if FieldGroup.DOCUMENTS in groups else [],
        contact=person.phone if FieldGroup.CONTACT in groups else None,
        encounters=list(encounters_of(user=user, person=person, groups=groups)),
    )


def recent_people(*, user: User, limit: int = 25) -> QuerySet[Person]:
    return Person.objects.owned_by(user.organisation).order_by("-created_at")[:limit]


@dataclass
class SearchHit:
    person: Person
    score: float
    groups: frozenset[str] = frozenset()  # the field groups of this person the searcher may see


# Name keys are broad on purpose (recall first); this many candidates are ranked by the full strings.
CANDIDATE_LIMIT = 1000


def _searchable_organisations(user: User) -> set[int]:
    """The user's own organisation and those that shared at least one person with it (few)."""
    org = user.agency
    shared = AccessGrant.objects.active(org)
    return {org.pk, *shared.values_list("person__organisation_id", flat=True).distinct()}


def _people_showing(user: User, visible: QuerySet[Person], group: str) -> QuerySet[Person]:
    """The visible people whose `group` the user may see: a search matches a field only where it is shown."""
    if group not in role_field_groups(user):
        return visible.none()
    shared = {
        person_id
        for person_id, groups in AccessGrant.objects.active(user.organisation).values_list(
            "person_id", "field_groups"
        )
        if group in (groups or [])
    }
    return visible.filter(Q(organisation=user.organisation) | Q(pk__in=shared))


# Registration numbers use Crockford's base32 after the agency prefix: no I, L, O or U to misread.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _registration_number_forms(query: str) -> list[str]:
    """The number as typed, and with O read as 0 and I or L as 1 after the prefix (AGM-7KQ3M9XO -> ...X0)."""
    typed = query.replace(" ", "").upper()
    prefix, dash, rest = typed.partition("-")
    return [typed, prefix + dash + rest.translate(_CROCKFORD)] if dash else [typed]


def people_search(*, user: User, query: str) -> list[SearchHit]:
    """Find people by any name variant, document number or registration number.

    A field is matched only where the searcher may see it (`field_groups_for`): names and aliases need the
    identity group, document numbers the documents group, so a search never confirms a value the searcher
    was not given. Each hit carries its groups. Pages and the API call `services.people_searched`, which
    records the search.
    """
    query = (query or "").strip()
    hits: list[SearchHit] = []
    if query and user.organisation is not None:
        visible = Person.objects.visible_to(user).select_related("organisation")
        exact = list(visible.filter(registration_number__in=_registration_number_forms(query))[:1])
        document = normalise_document_number(query)
        if not exact and len(document) >= 4:
            holders = Document.objects.filter(
                organisation_id__in=_searchable_organisations(user),
                number_index=document_number_index(document),
            ).values("person_id")
            showing = _people_showing(user, visible, FieldGroup.DOCUMENTS)
            exact = list(showing.filter(pk__in=holders)[:SEARCH_LIMIT])
        if exact:
            hits = [SearchHit(p, 100.0) for p in exact]
        else:
            hits = _name_search(
                user=user, visible=_people_showing(user, visible, FieldGroup.IDENTITY), query=query
            )
    groups = field_groups_of_people(user=user, people=[hit.person for hit in hits])
    for hit in hits:
        hit.groups = groups[hit.person.pk]
    return hits


def _name_search(*, user: User, visible: QuerySet[Person], query: str) -> list[SearchHit]:
    keys = query_keys(query)
    if not keys:
        return []
    organisations = _searchable_organisations(user)
    matching: QuerySet[Any, Any] = PersonNameKey.objects.filter(
        organisation_id__in=organisations, key__in=keys
    )
    if len(keys) > 1:  # every pair of the query's names must be among the person's keys
        matching = matching.values("person_id").annotate(n=Count("key")).filter(n=len(keys))
    hits = _rank(visible, matching, query)
    words = query_words(query)
    if len(hits) < FEW and len(words) >= 3:
        # Three names or more and few hits: one of them may be mistyped (Tefsaye), so let any one word differ.
        loose = (
            PersonNameKey.objects.filter(organisation_id__in=organisations, key__in=words)
            .values("person_id")
            .annotate(n=Count("key"))
            .filter(n__gte=len(words) - 1)
        )
        found = {hit.person.pk for hit in hits}
        hits += [hit for hit in _rank(visible, loose, query) if hit.person.pk not in found]
        hits = sorted(hits, key=lambda hit: (-hit.score, hit.person.registration_number))[:SEARCH_LIMIT]
    return hits


FEW = 5


def _rank(visible: QuerySet[Person], matching: QuerySet[PersonNameKey, Any], query: str) -> list[SearchHit]:
    """Rank the people whose keys match by how alike their full names are to the query."""
    candidates = list(
        visible.filter(pk__in=matching.values("person_id")).values_list(
            "pk", "given_name", "fathers_name", "grandfathers_name", "family_name", "name_original_script"
        )[:CANDIDATE_LIMIT]
    )
    if not candidates:
        return []
    names: dict[int, list[str]] = {
        pk: [" ".join(p for p in parts[:4] if p), parts[4]] for pk, *parts in candidates
    }
    for person_id, alias in Alias.objects.filter(person_id__in=list(names)).values_list("person_id", "name"):
        names[person_id].append(alias)
    folded_query = ascii_fold(query)
    scores = {
        pk: max(fuzz.token_set_ratio(folded_query, ascii_fold(n)) for n in texts if n)
        for pk, texts in names.items()
    }
    best = sorted(scores, key=lambda pk: -scores[pk])[:SEARCH_LIMIT]
    people = visible.in_bulk(best)
    ranked = [SearchHit(people[pk], scores[pk]) for pk in best if pk in people]
    ranked.sort(key=lambda hit: (-hit.score, hit.person.registration_number))
    return ranked


def group_for(*, user: User, uuid: UUID | str) -> Group:
    return Group.objects.visible_to(user).get(uuid=uuid)


def recent_groups(*, user: User, limit: int = 20) -> QuerySet[Group]:
    return (
        Group.objects.visible_to(user)
        .select_related("site")
        .annotate(size=Count("members"))
        .order_by("-created_at")[:limit]
    )


def encounter_for(*, user: User, uuid: UUID | str) -> Encounter:
    """An encounter the user's agency recorded, or one of a person shared with it under the encounters group."""
    try:
        return Encounter.objects.visible_to(user).select_related("person", "site").get(uuid=uuid)
    except Encounter.DoesNotExist:
        encounter = Encounter.objects.select_related("person", "site").get(uuid=uuid)
        person = Person.objects.visible_to(user).filter(pk=encounter.person_id).first()
        if (
            person is None
            or encounter.organisation_id != person.organisation_id
            or FieldGroup.ENCOUNTERS not in field_groups_for(user=user, person=person)
        ):
            raise
        return encounter


def encounters_of(*, user: User, person: Person, groups: frozenset[str] | None = None) -> QuerySet[Encounter]:
    """The person's encounters the user may see: none without the encounters group; on a shared record, the
    owning agency's encounters (the grant names the group) besides the user's own agency's."""
    groups = field_groups_for(user=user, person=person) if groups is None else groups
    if FieldGroup.ENCOUNTERS not in groups or user.organisation is None:
        return Encounter.objects.none()
    owners = {user.organisation.pk, person.organisation_id}
    return (
        Encounter.objects.filter(person=person, organisation_id__in=owners)
        .select_related("site")
        .order_by("-occurred_at", "pk")
    )


@dataclass
class GroupMember:
    person: Person
    relations: list[tuple[str, Person]]  # (how the other is related, the other person)
    accompaniment: str  # for children: accompanied, separated, unaccompanied; "" for adults
    with_unrelated_adult: bool


_PARENTS = {Relationship.Kind.MOTHER, Relationship.Kind.FATHER}
# How the person is related to the relative, read the other way round: "Mother of" whom.
_OF: dict[str, str | Promise] = {
    Relationship.Kind.MOTHER: _("Mother of"),
    Relationship.Kind.FATHER: _("Father of"),
    Relationship.Kind.SIBLING: _("Sibling of"),
    Relationship.Kind.SPOUSE: _("Spouse of"),
    Relationship.Kind.OTHER_RELATIVE: _("Other relative of"),
    Relationship.Kind.UNRELATED_COMPANION: _("Unrelated adult companion of"),
}


def group_view(*, group: Group) -> list[GroupMember]:
    """Members with their declared relationships; children without a parent stand out.

    A child with a parent is accompanied; with only other relatives, separated; with no
    adult relative, unaccompanied (and flagged when an unrelated adult travels with them).
    """
    members = list(group.members.order_by("created_at", "pk"))
    relationships = list(group.relationships.select_related("person", "relative"))
    rows = []
    for person in members:
        relations: list[tuple[str, Person]] = []
        for r in relationships:
            if r.person_id == person.pk:
                relations.append((r.get_kind_display(), r.relative))
            elif r.relative_id == person.pk:
                relations.append((str(_OF.get(r.kind, r.kind)), r.person))
        accompaniment, with_unrelated = "", False
        if person.is_child:
            adult_links = [
                (r, r.relative if r.person_id == person.pk else r.person)
                for r in relationships
                if person.pk in (r.person_id, r.relative_id)
            ]
            adult_links = [(r, other) for r, other in adult_links if not other.is_child]
            kinds = {r.kind for r, _other in adult_links}
            # A parent is only a parent when the adult is named as the child's mother or father.
            is_parented = any(r.kind in _PARENTS and r.person_id == person.pk for r, _other in adult_links)
            if is_parented:
                accompaniment = "accompanied"
            elif kinds - {Relationship.Kind.UNRELATED_COMPANION} - _PARENTS:
                accompaniment = "separated"
            else:
                accompaniment = "unaccompanied"
                with_unrelated = Relationship.Kind.UNRELATED_COMPANION in kinds
        rows.append(GroupMember(person, relations, accompaniment, with_unrelated))
    return rows


def travel_companions(*, user: User, person: Person) -> list[tuple[Group, GroupMember]]:
    """Who the person travels with and their child flags, in each group of the user's agency they belong to."""
    rows: list[tuple[Group, GroupMember]] = []
    for group in Group.objects.visible_to(user).filter(members=person).order_by("-created_at"):
        rows.extend((group, member) for member in group_view(group=group) if member.person.pk == person.pk)
    return rows
