"""Reads for linkage; every one starts from what the user may see."""

from dataclasses import dataclass

from django.db.models import Count, Q

from mixedflows.core.models import FieldGroup
from mixedflows.lib.names import name_keys, normalise_document_number, skeleton, tokens
from mixedflows.linkage import engine
from mixedflows.linkage.features import person_features
from mixedflows.linkage.models import LinkageModel, MatchCandidate, MatchNotice, Merge, MovementFlag
from mixedflows.people.models import AccessGrant, Encounter, Person, PersonNameKey
from mixedflows.people.selectors import field_groups_for

LOOKUP_SHOWN = 5
LOOKUP_CANDIDATES = 200
# A hint while typing, not a decision: show weaker candidates than the review queue holds.
LOOKUP_FLOOR = 0.2


def active_model(*, records: int | None = None) -> tuple[dict, int | None]:
    """The newest trained model, or the default shipped with the code (version None) before any training,
    its share of matching pairs rescaled to a registry of `records`."""
    model = LinkageModel.objects.order_by("-version").first()
    return (model.settings, model.version) if model else (engine.default_model(records=records), None)


@dataclass
class Candidate:
    person: Person
    probability: float
    reasons: list[tuple[str, str, bool]]


def _documents(person_ids) -> dict[int, str]:
    from mixedflows.people.models import Document

    out: dict[int, str] = {}
    for person_id, number in Document.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "number_normalised"
    ):
        out.setdefault(person_id, number)
    return out


def candidates_for_row(
    *, user, row: dict, exclude_ids=(), threshold: float = LOOKUP_FLOOR
) -> list[Candidate]:
    """People visible to `user` who may be the person being typed, best first, with the reasons.

    Blocking uses the indexed name keys (and document numbers) in the main database;
    scoring uses the saved model's parameters in Python.
    """
    typed = row["features"]
    visible = Person.objects.visible_to(user)
    keys = name_keys(
        row.get("given_name", ""), *row.get("family_parts", []), row.get("name_original_script", "")
    )
    pair_keys = [k for k in keys if "|" in k] or list(keys)
    if not pair_keys and not typed["doc"]:
        return []
    # Organisations whose records the user may see: their own, and those that granted access (indexed on grants,
    # where scanning the visible records of other agencies would read the whole registry).
    orgs = {user.organisation.pk}
    orgs.update(
        AccessGrant.objects.filter(organisation=user.organisation, revoked_at__isnull=True)
        .values_list("person__organisation_id", flat=True)
        .distinct()
    )
    by_name = (
        PersonNameKey.objects.filter(organisation_id__in=orgs, key__in=pair_keys)
        .values("person_id")
        .annotate(n=Count("key"))
        .order_by("-n")
        .values_list("person_id", flat=True)[:LOOKUP_CANDIDATES]
    )
    query = Q(pk__in=list(by_name))
    if typed["doc"]:
        query |= Q(documents__number_normalised=typed["doc"])
    people = list(visible.filter(query).exclude(pk__in=exclude_ids).distinct()[:LOOKUP_CANDIDATES])
    documents = _documents([p.pk for p in people])
    tf, total = _name_frequencies(orgs, _stored_pair_key(row))
    model, _ = active_model(records=total)
    factors, exact_u = engine.bayes_factors(model), engine.tf_exact_u(model)
    found = []
    for person in people:
        features = person_features(person, document=documents.get(person.pk, ""))
        probability, levels = engine.pair_probability(model, typed, features, factors, tf=tf, exact_u=exact_u)
        if probability >= threshold:
            found.append(Candidate(person, probability, engine.reasons(levels)))
    found.sort(key=lambda c: -c.probability)
    return found[:LOOKUP_SHOWN]


def candidates_for_person(*, user, person: Person) -> list[Candidate]:
    """Other current records of the user's own organisation that may be this person (to propose a merge)."""
    row = {
        "features": person_features(person, document=_documents([person.pk]).get(person.pk, "")),
        "given_name": person.given_name,
        "family_parts": [person.fathers_name, person.grandfathers_name, person.family_name],
        "name_original_script": person.name_original_script,
    }
    found = candidates_for_row(user=user, row=row, exclude_ids=[person.pk])
    return [c for c in found if c.person.organisation_id == user.organisation.pk]


def _stored_pair_key(row: dict) -> str | None:
    """The typed given and father's name as the main database stores pair keys (search folding rules)."""
    words = [t for part in (row.get("given_name", ""), *row.get("family_parts", [])) for t in tokens(part)]
    if len(words) < 2:
        return None
    first, second = skeleton(words[0]), skeleton(words[1])
    return "|".join(sorted((first, second))) if first and second and first != second else None


def _name_frequencies(orgs: set[int], pair_key: str | None):
    """Term frequencies for the lookup, from the indexed name keys: records with the typed pair of names
    among the organisations' current records (Splink's tables count given and father's name only).

    The term-frequency levels only apply when both sides share the pair, so the typed row's stored key
    stands for both."""
    cache: dict[str, float | None] = {}
    # Counted on the (organisation, created_at) index; the few records retired by merges do not matter here.
    total = max(Person.objects.filter(organisation_id__in=orgs).count(), 1)

    def tf(column: str, value: str | None) -> float | None:
        if column != "gf_sk" or not value or not pair_key or total < engine.MIN_TRAINING_RECORDS:
            return None
        if pair_key not in cache:
            count = PersonNameKey.objects.filter(organisation_id__in=orgs, key=pair_key).count()
            cache[pair_key] = count / total if count else None
        return cache[pair_key]

    return tf, total


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


def review_queue(*, user, status: str = MatchCandidate.Status.PENDING):
    return (
        MatchCandidate.objects.visible_to(user).filter(status=status).select_related("person_a", "person_b")
    )


def candidate_for(*, user, uuid) -> MatchCandidate:
    return MatchCandidate.objects.visible_to(user).select_related("person_a", "person_b").get(uuid=uuid)


def merge_for(*, user, uuid) -> Merge:
    return Merge.objects.visible_to(user).select_related("survivor", "retired").get(uuid=uuid)


def merges_of(*, user, person: Person):
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


def timeline(*, user, person: Person) -> list[Encounter]:
    """Every encounter of every record linked to this person that the user may see, oldest first."""
    if FieldGroup.ENCOUNTERS not in field_groups_for(user=user, person=person):
        return []
    ids = [p.pk for p in linked_records(person)]
    return list(
        Encounter.objects.visible_to(user)
        .filter(person_id__in=ids)
        .select_related("site", "person")
        .order_by("occurred_at")
    )


def notices_for(*, user, person: Person):
    """Other agencies holding a matching record (only where their agreement allows match notices)."""
    return MatchNotice.objects.filter(organisation=user.organisation, person=person).select_related(
        "other_organisation"
    )


def flags_for(*, user, person: Person):
    return MovementFlag.objects.filter(organisation=user.organisation, person=person)
