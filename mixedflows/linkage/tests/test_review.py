"""Lookup while typing, review decisions, merges and their exact undoing, registry runs, movement flags."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import DataSharingAgreement
from mixedflows.linkage import movements, registry, selectors, services
from mixedflows.linkage.models import MatchCandidate, MatchNotice, MovementFlag
from mixedflows.people.models import Person
from mixedflows.people.services import EncounterContext, encounter_add

ROW = {
    "given_name": "Maxamed",
    "fathers_name": "Cabdiraxmaan",
    "grandfathers_name": "",
    "family_name": "",
    "name_original_script": "",
    "sex": "M",
    "dob_or_age": "1990",
    "nationality": "SOM",
    "document_number": "",
}


def _mohamed(register, user=None, **extra):
    return register(
        user=user,
        given_name="Mohamed",
        fathers_name="Abdirahman",
        sex="M",
        date_of_birth=datetime.date(1990, 1, 1),
        dob_precision="year",
        nationality="SOM",
        **extra,
    )


def test_the_lookup_shows_a_transliteration_variant_with_its_reasons(client, world, register):
    existing = _mohamed(register)
    register(given_name="Amina", fathers_name="Yusuf", sex="F")
    client.force_login(world.alice)
    response = client.post(reverse("linkage:lookup"), ROW)
    html = response.content.decode()
    assert existing.registration_number in html
    assert "given and father&#x27;s name: given and father&#x27;s name the same" in html
    assert "Amina" not in html


def test_the_lookup_shows_only_records_the_officer_may_see(client, world, register):
    _mohamed(register)
    client.force_login(world.bob)
    response = client.post(reverse("linkage:lookup"), ROW)
    assert response.status_code == 200
    assert "Possibly the same person" not in response.content.decode()


def _snapshot(person):
    person = Person.objects.get(pk=person.pk)
    return (
        model_to_dict(person),
        person.updated_at,
        sorted(person.encounters.values_list("pk", flat=True)),
        sorted(person.name_keys.values_list("key", flat=True)),
        sorted(person.aliases.values_list("name", flat=True)),
    )


def test_a_merge_keeps_both_records_and_undoing_it_restores_them_exactly(world, register):
    older = _mohamed(register)
    newer = register(given_name="Maxamed", fathers_name="Cabdiraxmaan", sex="M", aliases=["Mohamed A."])
    encounter_add(
        actor=world.alice,
        person=newer,
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="detention_intake"),
    )
    before = (_snapshot(older), _snapshot(newer))

    merge = services.person_merge(
        actor=world.alice, survivor=older, retired=newer, reason="same man, two spellings"
    )
    assert not Person.objects.visible_to(world.alice).filter(pk=newer.pk).exists()
    assert len(selectors.timeline(user=world.alice, person=older)) == 3  # both records' encounters

    services.merge_undo(actor=world.alice, merge=merge)
    assert (_snapshot(older), _snapshot(newer)) == before
    assert len(selectors.timeline(user=world.alice, person=older)) == 1


def test_records_of_two_agencies_are_never_merged(world, register):
    ours, theirs = _mohamed(register), _mohamed(register, user=world.bob)
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=world.alice, survivor=ours, retired=theirs, reason="looks the same")


def test_a_decision_is_kept_as_a_label_and_same_person_merges_the_newer_record(world, register):
    older, newer = _mohamed(register), register(given_name="Maxamed", fathers_name="Cabdiraxmaan")
    pair = MatchCandidate.objects.create(
        organisation=world.alpha, person_a=older, person_b=newer, probability=0.8
    )
    services.candidate_decide(actor=world.alice, candidate=pair, decision="unsure", note="ask at next visit")
    assert MatchCandidate.objects.get(pk=pair.pk).status == "unsure"
    merge = services.candidate_decide(actor=world.alice, candidate=pair, decision="same")
    assert (merge.survivor, merge.retired) == (older, newer)
    assert MatchCandidate.objects.get(pk=pair.pk).decided_by == world.alice


def test_a_registry_run_fills_the_queue_and_tells_only_agencies_the_agreement_allows(world, register):
    ours_a, ours_b = _mohamed(register), _mohamed(register)
    theirs = _mohamed(register, user=world.bob)
    DataSharingAgreement.objects.create(
        from_organisation=world.beta,
        to_organisation=world.alpha,
        match_notices=True,
        signed_on=datetime.date(2025, 1, 1),
    )
    result = registry.run(model=selectors.active_model()[0], model_version=None, threshold=0.5)

    assert result["records"] == 3
    pair = MatchCandidate.objects.get()
    assert {pair.person_a, pair.person_b} == {ours_a, ours_b}
    assert pair.organisation == world.alpha
    notices = MatchNotice.objects.all()
    assert {(n.organisation, n.other_organisation) for n in notices} == {(world.alpha, world.beta)}
    assert theirs.pk not in {n.person_id for n in notices}


def test_the_timeline_panel_shows_a_notice_without_the_other_agencys_record(client, world, register):
    ours, theirs = _mohamed(register), _mohamed(register, user=world.bob)
    MatchNotice.objects.create(
        organisation=world.alpha, person=ours, other_organisation=world.beta, probability=0.97
    )
    client.force_login(world.alice)
    html = client.get(reverse("linkage:timeline", args=[ours.uuid])).content.decode()
    assert "A matching record exists at Beta Agency" in html
    assert theirs.registration_number not in html
    assert client.get(reverse("people:detail", args=[theirs.uuid])).status_code == 404


def _encounter(country, day):
    return SimpleNamespace(
        site=SimpleNamespace(country=country),
        occurred_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=day),
    )


def test_secondary_movement_is_a_later_encounter_outside_the_country_of_asylum():
    flags = movements.flags_for_encounters(
        [_encounter("ITA", 0), _encounter("ITA", 10), _encounter("FRA", 40)], {"ITA"}, movements.Rules()
    )
    assert [f["kind"] for f in flags] == [MovementFlag.Kind.SECONDARY]
    assert (
        movements.flags_for_encounters(
            [_encounter("ITA", 0), _encounter("FRA", 40)], set(), movements.Rules()
        )
        == []
    )


def test_circular_movement_needs_n_crossings_of_one_border_within_t_days():
    back_and_forth = [_encounter(c, d) for c, d in [("NER", 0), ("LBY", 30), ("NER", 60), ("LBY", 90)]]
    assert [
        f["kind"] for f in movements.flags_for_encounters(back_and_forth, set(), movements.Rules(3, 365))
    ] == ["circular"]
    assert movements.flags_for_encounters(back_and_forth, set(), movements.Rules(3, 50)) == []
    assert movements.flags_for_encounters(back_and_forth, set(), movements.Rules(4, 365)) == []
