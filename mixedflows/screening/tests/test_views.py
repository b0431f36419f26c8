"""The screening page, the queue and the person panel, as officers of two agencies use them."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from mixedflows.core.models import AuditEvent, Membership
from mixedflows.people.models import AccessGrant
from mixedflows.screening.models import Screening
from mixedflows.screening.services import screening_complete, screening_save_section, screening_start

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def girl(world, register):
    return register(given_name="Senait", sex="F", age=15, guardian=True)


def _save(client, screening, section, data):
    return client.post(reverse("screening:section", args=[screening.uuid, section]), data, **HTMX)


def test_alice_screens_section_by_section_and_a_reload_shows_her_answers(client, world, girl):
    client.force_login(world.alice)
    page = client.post(reverse("screening:person", args=[girl.uuid]))
    screening = Screening.objects.get(person=girl)
    assert page.url == reverse("screening:screening", args=[screening.uuid])

    response = _save(client, screening, "child", {"travels_with": "alone"})
    assert response.status_code == 200
    assert "Unaccompanied child" in response.content.decode()  # the outcome so far, swapped in by htmx
    _save(client, screening, "trafficking", {"control_methods": ["debt_bondage", "withheld_documents"]})

    reloaded = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    assert 'value="alone" checked' in reloaded
    assert 'value="debt_bondage" checked' in reloaded and 'value="withheld_documents" checked' in reloaded
    assert 'value="threats" checked' not in reloaded
    # The person URL leads back to the screening in progress instead of starting another.
    assert client.get(reverse("screening:person", args=[girl.uuid])).url == reverse(
        "screening:screening", args=[screening.uuid]
    )
    assert Screening.objects.filter(person=girl).count() == 1


def test_a_wrong_answer_is_named_and_nothing_of_the_section_is_saved(client, world, girl):
    screening = screening_start(actor=world.alice, person=girl)
    client.force_login(world.alice)
    response = _save(
        client, screening, "smuggling", {"paid_smuggler": "yes", "amount_paid": "three thousand"}
    )
    assert response.status_code == 422
    assert "How much, in US dollars?: Enter a whole number" in response.content.decode()
    screening.refresh_from_db()
    assert "paid_smuggler" not in screening.answers


def test_finishing_needs_the_legal_basis(client, world, girl):
    screening = screening_start(actor=world.alice, person=girl)
    client.force_login(world.alice)
    response = client.post(reverse("screening:complete", args=[screening.uuid]), follow=True)
    assert (
        "Legal basis for recording these answers: Answer this before finishing" in response.content.decode()
    )
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_PROGRESS


def _finished(world, person, **sections):
    screening = screening_start(actor=world.alice, person=person)
    screening_save_section(
        actor=world.alice,
        screening=screening,
        section_key="information",
        raw={"information_given": "yes", "legal_basis": "consent_guardian"},
    )
    for key, raw in sections.items():
        screening_save_section(actor=world.alice, screening=screening, section_key=key, raw=raw)
    return screening_complete(actor=world.alice, screening=screening)


@pytest.mark.urls("mixedflows.screening.tests.urls_with_referrals")
def test_the_outcome_offers_one_referral_per_procedure(client, world, girl):
    screening = _finished(world, girl, child={"travels_with": "alone"})
    client.force_login(world.alice)
    html = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    links = [
        line.split('href="')[1].split('"')[0].replace("&amp;", "&")
        for line in html.splitlines()
        if 'href="/referrals/new/' in line
    ]
    services = [parse_qs(urlparse(link).query)["service"][0] for link in links]
    assert services == screening.procedures == ["child_protection", "family_tracing"]
    query = parse_qs(urlparse(links[0]).query)
    assert query["person"] == [str(girl.uuid)] and query["screening"] == [str(screening.uuid)]


@pytest.mark.urls("mixedflows.screening.tests.urls_without_referrals")
def test_without_the_referrals_view_the_outcome_names_procedures_without_links(client, world, girl):
    screening = _finished(world, girl, child={"travels_with": "alone"})
    client.force_login(world.alice)
    html = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    assert "Child protection and best-interests procedure" in html and "/referrals/new/" not in html


def test_a_finished_screening_no_longer_changes(client, world, girl):
    screening = _finished(world, girl)
    client.force_login(world.alice)
    response = _save(client, screening, "gbv", {"gbv_disclosed": "yes"})
    assert response.status_code == 422
    screening.refresh_from_db()
    assert "gbv_disclosed" not in screening.answers or screening.answers["gbv_disclosed"] == ""


def test_the_audit_trail_names_the_questions_never_the_answers(world, girl):
    screening = screening_start(actor=world.alice, person=girl)
    screening_save_section(
        actor=world.alice, screening=screening, section_key="gbv", raw={"gbv_disclosed": "yes"}
    )
    event = AuditEvent.objects.filter(object_type="screening", action="change").get()
    assert event.fields == ["gbv_disclosed"] and "yes" not in str(event.detail)


def test_the_queue_lists_people_at_alices_sites_not_yet_screened(client, world, register, girl):
    done = register(given_name="Yonas")
    _finished(world, done)
    elsewhere = register(given_name="Hagos")
    elsewhere.encounters.update(site=world.north)
    for membership in Membership.objects.filter(user=world.alice):
        membership.sites.set([world.quay])
    client.force_login(world.alice)
    html = client.get(reverse("screening:queue")).content.decode()
    assert girl.registration_number in html
    assert done.registration_number not in html and elsewhere.registration_number not in html
    assert reverse("screening:queue") in html  # the nav entry


def test_the_person_panel_hides_categories_of_groups_the_reader_may_not_see(client, world, girl):
    _finished(
        world,
        girl,
        child={"travels_with": "alone"},
        gbv={"gbv_disclosed": "yes"},
        protection={"fear_of_return": "yes"},
    )
    url = reverse("screening:panel", args=[girl.uuid])
    client.force_login(world.alice)
    own = client.get(url).content.decode()
    assert "Survivor of gender-based violence" in own and "Unaccompanied child" in own

    AccessGrant.objects.create(
        person=girl,
        organisation=world.beta,
        legal_basis="consent",
        source_type="referral",
        source_id="1",
        granted_by=world.alice,
        field_groups=["identity", "screening_outcome", "child_protection"],
    )
    client.force_login(world.bob)
    shared = client.get(url).content.decode()
    assert "Unaccompanied child" in shared and "Asylum-seeker" in shared
    assert "gender-based violence" not in shared
    assert reverse("screening:screening", args=[Screening.objects.get().uuid]) not in shared

    AccessGrant.objects.filter(person=girl).update(field_groups=["identity"])
    assert "Unaccompanied child" not in client.get(url).content.decode()


def test_a_screening_in_progress_stays_in_the_queue_to_continue(client, world, girl):
    screening_start(actor=world.alice, person=girl)
    client.force_login(world.alice)
    html = client.get(reverse("screening:queue")).content.decode()
    assert girl.registration_number in html and ">Continue</button>" in html


def test_two_sections_saved_from_stale_copies_keep_both_answers(world, girl):
    # Two browser requests load the screening at the same moment, then each saves its own section.
    screening = screening_start(actor=world.alice, person=girl)
    first, second = Screening.objects.get(pk=screening.pk), Screening.objects.get(pk=screening.pk)
    screening_save_section(
        actor=world.alice, screening=first, section_key="child", raw={"travels_with": "alone"}
    )
    screening_save_section(
        actor=world.alice, screening=second, section_key="gbv", raw={"gbv_disclosed": "no"}
    )
    screening.refresh_from_db()
    assert screening.answers["travels_with"] == "alone" and screening.answers["gbv_disclosed"] == "no"
    assert screening.categories == ["unaccompanied_child"]


def test_without_javascript_a_section_saves_and_returns_to_the_page(client, world, girl):
    screening = screening_start(actor=world.alice, person=girl)
    client.force_login(world.alice)
    url = reverse("screening:section", args=[screening.uuid, "smuggling"])
    response = client.post(url, {"paid_smuggler": "yes", "amount_paid": "-5"}, follow=True)
    assert "How much, in US dollars?: Enter a whole number, 0 or more." in response.content.decode()
    response = client.post(url, {"paid_smuggler": "yes", "amount_paid": "2500"})
    assert response.url.endswith("#section-smuggling")
    screening.refresh_from_db()
    assert screening.answers["amount_paid"] == 2500 and screening.categories == ["smuggled_migrant"]


def test_the_child_section_shows_who_the_group_record_says_she_travels_with(client, world, register):
    from django.utils import timezone

    from mixedflows.people.models import Relationship
    from mixedflows.people.services import EncounterContext, arrival_open

    boat = arrival_open(
        actor=world.alice,
        label="Night landing",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )
    cousin = register(given_name="Dawit", age=31, group=boat)
    girl = register(given_name="Senait", sex="F", age=15, group=boat)
    Relationship.objects.create(
        organisation=world.alpha,
        group=boat,
        person=girl,
        relative=cousin,
        kind=Relationship.Kind.OTHER_RELATIVE,
    )
    screening = screening_start(actor=world.alice, person=girl)
    client.force_login(world.alice)
    html = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    assert f"Night landing: separated from the parents (other relative {cousin.registration_number})" in html
    # A hint, not an answer: the outcome waits for the officer's answer.
    assert 'value="relatives" checked' not in html and screening.categories == []


def test_a_person_without_an_age_is_flagged(client, world, register):
    person = register(given_name="Amanuel")
    screening = screening_start(actor=world.alice, person=person)
    client.force_login(world.alice)
    assert (
        "No age on the record"
        in client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    )


def test_the_queue_shows_the_latest_arrivals_first(client, world, register):
    import datetime

    earlier, later = register(given_name="Yonas"), register(given_name="Hagos")
    later.encounters.update(occurred_at=earlier.encounters.get().occurred_at + datetime.timedelta(hours=5))
    client.force_login(world.alice)
    html = client.get(reverse("screening:queue")).content.decode()
    assert html.index(later.registration_number) < html.index(earlier.registration_number)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Boat 9: unaccompanied, with an unrelated adult (unrelated adult companion {number})"),
        ("fr", "Boat 9 : non accompagné, avec un adulte sans lien de parenté"),
    ],
)
def test_the_declared_company_of_a_child_reads_in_the_officers_language(world, register, language, expected):
    from django.utils import timezone, translation

    from mixedflows.people.models import Relationship
    from mixedflows.people.services import EncounterContext, arrival_open, relationship_set
    from mixedflows.screening.selectors import declared_accompaniment

    boat = arrival_open(
        actor=world.alice,
        label="Boat 9",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )
    girl = register(given_name="Senait", sex="F", age=15, group=boat)
    companion = register(given_name="Dawit", age=31, group=boat)
    relationship_set(
        actor=world.alice,
        group=boat,
        person=girl,
        relative=companion,
        kind=Relationship.Kind.UNRELATED_COMPANION,
    )
    with translation.override(language):
        hints = declared_accompaniment(user=world.alice, person=girl)
    assert len(hints) == 1 and hints[0].startswith(expected.format(number=companion.registration_number))
