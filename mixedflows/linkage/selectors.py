"""Reads for linkage; every one starts from what the user may see."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.cache import cache
from django.db.models import Case, Count, F, OrderBy, Q, QuerySet, When

from mixedflows.core.models import FieldGroup, User
from mixedflows.lib.names import name_keys, normalise_document_number, skeleton, spelling_variants, tokens
from mixedflows.linkage import engine
from mixedflows.linkage.features import person_features
from mixedflows.linkage.models import LinkageModel, MatchCandidate, MatchNotice, Merge, MovementFlag
from mixedflows.people.models import AccessGrant, Encounter, Person, PersonNameKey, document_number_index
from mixedflows.people.selectors import field_groups_for

LOOKUP_SHOWN = 5
# People scored per typed row: those sharing the most name keys, born closest to the typed year.
LOOKUP_CANDIDATES = 200
# A hint while typing, not a decision: show weaker candidates than the review queue holds, and the best
# candidate even weaker still (in a large registry a true match with a common name scores a few percent).
LOOKUP_FLOOR = 0.1
LOOKUP_BEST_FLOOR = 0.01
# A year guessed from an age is often two years off; the model's dates comparison allows as much.
YEAR_WINDOW = 2
# Registry sizes this large are counted once every SIZE_CACHE_SECONDS, not on every keystroke.
SIZE_CACHED_FROM = 100_000
SIZE_CACHE_SECONDS = 600
# A single name more common than this (Mohamed among a million) is no use to search on alone.
SINGLE_KEY_LIMIT = 20_000


def active_model(*, records: int | None = None) -> tuple[dict, int | None]:
    """The newest trained model, or the default shipped with the code (version None) before any training or
    when the newest was trained on other comparison levels (train again), its share of matching pairs rescaled
    to a registry of `records`."""
    model = LinkageModel.objects.order_by("-version").first()
    if model and engine.fits_comparisons(model.settings):
        return model.settings, model.version
    return engine.default_model(records=records), None


@dataclass
class Candidate:
    person: Person
    probability: float
    reasons: list[tuple[str, str, bool]]


def _documents(person_ids: Iterable[int]) -> dict[int, str]:
    from mixedflows.people.models import Document

    out: dict[int, str] = {}
    for person_id, number in Document.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "number"
    ):
        out.setdefault(person_id, number)
    return out


def candidates_for_row(
    *, user: User, row: dict, exclude_ids: Iterable[int] = (), threshold: float = LOOKUP_FLOOR
) -> list[Candidate]:
    """People visible to `user` who may be the person being typed, best first, with the reasons.

    Blocking uses the indexed name keys (and document numbers) in the main database, narrowed to
    people born within YEAR_WINDOW years of the typed year (or whose date is not known): pairs of
    the typed names first, in either spelling of a j/y or d/t; single names when the pairs find
    too few (a typo, a name missing on either side). Scoring uses the saved model's parameters in Python.
    Up to LOOKUP_SHOWN are shown: the best from LOOKUP_BEST_FLOOR, the others from `threshold`.
    """
    typed = row["features"]
    pairs, singles = _typed_keys(row)
    if not pairs and not singles and not typed["doc"]:
        return []
    orgs = _lookup_organisations(user)
    tf, total = _name_frequencies(orgs, _stored_pair_key(row))
    model, _ = active_model(records=total)
    factors, exact_u = engine.bayes_factors(model), engine.tf_exact_u(model)
    visible = Person.objects.visible_to(user).exclude(pk__in=exclude_ids)
    scored: set[int] = set()

    def score(query: Q) -> list[Candidate]:
        people = [p for p in visible.filter(query).distinct() if p.pk not in scored]
        scored.update(p.pk for p in people)
        documents = _documents([p.pk for p in people])
        found = []
        for person in people:
            features = person_features(person, document=documents.get(person.pk, ""))
            probability, levels = engine.pair_probability(
                model, typed, features, factors, tf=tf, exact_u=exact_u
            )
            if probability >= min(threshold, LOOKUP_BEST_FLOOR):
                found.append(Candidate(person, probability, engine.reasons(levels)))
        return found

    first = Q(pk__in=_ids_by_name(user, orgs, typed, pairs))
    if typed["doc"]:
        first |= Q(documents__number_index=document_number_index(typed["doc"]))
    found = score(first)
    if sum(c.probability >= threshold for c in found) < LOOKUP_SHOWN and (typed["dob_y"] or not pairs):
        found += score(Q(pk__in=_ids_by_name(user, orgs, typed, _searchable(orgs, singles))))
    found.sort(key=lambda c: -c.probability)
    return [c for i, c in enumerate(found[:LOOKUP_SHOWN]) if i == 0 or c.probability >= threshold]


def _typed_keys(row: dict) -> tuple[list[str], list[str]]:
    """The name keys of a typed row (with the other spelling of j/y and d/t words): pairs, single names."""
    parts = (row.get("given_name", ""), *row.get("family_parts", []), row.get("name_original_script", ""))
    keys = name_keys(*parts, *(spelling_variants(part) for part in parts))
    return sorted(k for k in keys if "|" in k), sorted(k for k in keys if "|" not in k)


def _lookup_organisations(user: User) -> set[int]:
    """Organisations whose records the user may see: their own, and those that granted access (indexed on grants,
    where scanning the visible records of other agencies would read the whole registry)."""
    orgs = {user.agency.pk}
    orgs.update(
        AccessGrant.objects.active(user.organisation)
        .values_list("person__organisation_id", flat=True)
        .distinct()
    )
    return orgs


def _searchable(orgs: set[int], singles: list[str]) -> list[str]:
    """The single names not too common to search on (counting stops at the limit)."""
    keys = PersonNameKey.objects.filter(organisation_id__in=orgs)
    return [k for k in singles if keys.filter(key=k)[: SINGLE_KEY_LIMIT + 1].count() <= SINGLE_KEY_LIMIT]


def _ids_by_name(user: User, orgs: set[int], typed: dict, keys: list[str]) -> list[int]:
    """Current records (the user's own or granted to them) sharing the most of `keys`, born within
    YEAR_WINDOW years of the typed year or of unknown birth, best first: the same birthday, most keys
    shared, the nearest year, the same nationality, the same sex."""
    if not keys:
        return []
    granted = AccessGrant.objects.active(user.organisation)
    matching = PersonNameKey.objects.filter(
        Q(organisation=user.organisation) | Q(person__in=granted.values("person_id")),
        organisation_id__in=orgs,
        key__in=keys,
        person__retired_at__isnull=True,
    )
    # Ranked as the model weighs them: the same birthday counts most, then how many names agree.
    first: list[Case] = []
    order: list[OrderBy | Case] = [F("n").desc()]
    if year := typed["dob_y"]:
        matching = matching.filter(
            Q(
                person__date_of_birth__year__gte=year - YEAR_WINDOW,
                person__date_of_birth__year__lte=year + YEAR_WINDOW,
            )
            | Q(person__date_of_birth__isnull=True)
        )
        if typed["dob_s"]:
            first = [Case(When(person__date_of_birth=typed["dob_s"], then=0), default=1)]
        # Plain comparisons on the date column (extracting the year costs a function call a row on SQLite).
        near = Q(person__date_of_birth__year__gte=year - 1, person__date_of_birth__year__lte=year + 1)
        order.append(Case(When(person__date_of_birth__year=year, then=0), When(near, then=1), default=2))
    for field, value in (("nationality", typed["nat"]), ("sex", typed["sex"])):
        if value:
            order.append(Case(When(**{f"person__{field}": value}, then=0), default=1))
    return list(
        matching.values("person_id")
        .annotate(n=Count("key"))
        .order_by(*first, *order, "person_id")
        .values_list("person_id", flat=True)[:LOOKUP_CANDIDATES]
    )


def candidates_for_person(*, user: User, person: Person) -> list[Candidate]:
    """Other current records of the user's own organisation that may be this person (to propose a merge)."""
    row = {
        "features": person_features(person, document=_documents([person.pk]).get(person.pk, "")),
        "given_name": person.given_name,
        "family_parts": [person.fathers_name, person.grandfathers_name, person.family_name],
        "name_original_script": person.name_original_script,
    }
    found = candidates_for_row(user=user, row=row, exclude_ids=[person.pk])
    return [c for c in found if c.person.organisation_id == user.agency.pk]


def _stored_pair_key(row: dict) -> str | None:
    """The typed given and father's name as the main database stores pair keys (search folding rules)."""
    words = [t for part in (row.get("given_name", ""), *row.get("family_parts", [])) for t in tokens(part)]
    if len(words) < 2:
        return None
    first, second = skeleton(words[0]), skeleton(words[1])
    return "|".join(sorted((first, second))) if first and second and first != second else None


def _name_frequencies(
    orgs: set[int], pair_key: str | None
) -> tuple[Callable[[str, str | None], float | None], int]:
    """Term frequencies for the lookup, from the indexed name keys: records with the typed pair of names
    among the organisations' current records (Splink's tables count given and father's name only).

    The term-frequency levels only apply when both sides share the pair, so the typed row's stored key
    stands for both."""
    counted: dict[str, float | None] = {}
    total = _registry_size(orgs)

    def tf(column: str, value: str | None) -> float | None:
        if column != "gf_sk" or not value or not pair_key or total < engine.MIN_TRAINING_RECORDS:
            return None
        if pair_key not in counted:
            count = PersonNameKey.objects.filter(organisation_id__in=orgs, key=pair_key).count()
            counted[pair_key] = count / total if count else None
        return counted[pair_key]

    return tf, total


def _registry_size(orgs: set[int]) -> int:
    """How many records the organisations hold, for the model's prior and the term frequencies.

    Counted on the (organisation, created_at) index; the few records retired by merges do not matter
    here. Counting a million entries costs more than the rest of a lookup, and a registry that large
    grows by a fraction of a percent in minutes: from SIZE_CACHED_FROM records on, the count is kept.
    """
    key = "linkage-registry-size:" + ",".join(map(str, sorted(orgs)))
    if (total := cache.get(key)) is None:
        total = max(Person.objects.filter(organisation_id__in=orgs).count(), 1)
        if total >= SIZE_CACHED_FROM:
            cache.set(key, total, SIZE_CACHE_SECONDS)
    return total


def row_features(data: dict) -> dict:
    """Features of a registration row as typed (names, date or age, document)."""
    from mixedflows.linkage.features import features

    family_parts = [data.get(k, "").strip() for k in ("fathers_name", "grandfathers_name", "family_name")]
    dob = (data.get("dob_or_age") or "").strip()
    precision = ""
    if dob.isdigit() and len(dob) <= 3:  # an age: born in about that year
        from django.utils import timezone

        dob, precision = str(timezone.localdate().year - int(dob)), "estimated"
    try:
        typed = features(
            record_id="typed",
            given_name=data.get("given_name", ""),
            family_name=" ".join(p for p in family_parts if p),
            date_of_birth=dob,
            dob_precision=precision,
            sex=data.get("sex", ""),
            nationality=data.get("nationality", ""),
            document_number=normalise_document_number(data.get("document_number", "")),
            original_script=data.get("name_original_script", ""),
        )
    except ValueError:  # a half-typed date: compare without it
        typed = features(
            record_id="typed",
            given_name=data.get("given_name", ""),
            family_name=" ".join(p for p in family_parts if p),
            sex=data.get("sex", ""),
            nationality=data.get("nationality", ""),
            document_number=data.get("document_number", ""),
            original_script=data.get("name_original_script", ""),
        )
    return {
        "features": typed,
        "given_name": data.get("given_name", ""),
        "family_parts": family_parts,
        "name_original_script": data.get("name_original_script", ""),
    }


def review_queue(*, user: User, status: str = MatchCandidate.Status.PENDING) -> QuerySet[MatchCandidate]:
    return (
        MatchCandidate.objects.visible_to(user).filter(status=status).select_related("person_a", "person_b")
    )


def candidate_for(*, user: User, uuid: UUID | str) -> MatchCandidate:
    return MatchCandidate.objects.visible_to(user).select_related("person_a", "person_b").get(uuid=uuid)


def merge_for(*, user: User, uuid: UUID | str) -> Merge:
    return Merge.objects.visible_to(user).select_related("survivor", "retired").get(uuid=uuid)


def merges_of(*, user: User, person: Person) -> QuerySet[Merge]:
    return (
        Merge.objects.visible_to(user)
        .filter(Q(survivor=person) | Q(retired=person))
        .select_related("retired", "survivor")
    )


def linked_records(person: Person) -> list[Person]:
    """The person's record and every record merged into it (and into those), undone merges excluded."""
    records, frontier = [person], [person.pk]
    while frontier:
        children = list(Person.objects.filter(merged_into_id__in=frontier, retired_at__isnull=False))
        records += children
        frontier = [c.pk for c in children]
    return records


def timeline(*, user: User, person: Person) -> list[Encounter]:
    """Every encounter of every record linked to this person that the user may see, oldest first."""
    if FieldGroup.ENCOUNTERS not in field_groups_for(user=user, person=person):
        return []
    ids = [p.pk for p in linked_records(person)]
    # A shared record's encounters are the owning agency's: the grant's encounters group lets them cross.
    owners = {user.agency.pk, person.organisation_id}
    return list(
        Encounter.objects.filter(person_id__in=ids, organisation_id__in=owners)
        .select_related("site", "person")
        .order_by("occurred_at")
    )


def notices_for(*, user: User, person: Person) -> QuerySet[MatchNotice]:
    """Other agencies holding a matching record (only where their agreement allows match notices)."""
    return MatchNotice.objects.visible_to(user).filter(person=person).select_related("other_organisation")


def flags_for(*, user: User, person: Person) -> QuerySet[MovementFlag]:
    return MovementFlag.objects.visible_to(user).filter(person=person)
