"""The arrival grid's server side: no default sex, relationships in place, the offline copy and its worker."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.people.models import Person, Relationship
from mixedflows.people.services import EncounterContext, arrival_open
from mixedflows.people.tests.test_registration import HTMX, row


@pytest.fixture
def boat(world):
    return arrival_open(
        actor=world.alice,
        label="Boat 9",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )


def test_an_untouched_sex_box_is_refused_and_not_known_is_a_choice(client, world, boat):
    client.force_login(world.alice)
    url = reverse("people:group_row", args=[boat.uuid])
    page = client.get(reverse("people:group", args=[boat.uuid])).content.decode()
    assert '<select name="sex" aria-label="Sex" required><option value="">—</option>' in page

    refused = client.post(url, row(given_name="Hawa", sex="", intake_key="a"), **HTMX)
    assert refused.status_code == 422
    assert "Sex: Choose one." in refused.content.decode()
    assert (
        'name="sex" aria-label="Sex" required autofocus' in refused.content.decode()
    )  # the cursor goes there
    assert not Person.objects.exists()

    client.post(url, row(given_name="Hawa", sex="unknown", intake_key="b"), **HTMX)
    client.post(url, row(given_name="Amina", sex="F", intake_key="c"), **HTMX)
    assert dict(Person.objects.values_list("given_name", "sex")) == {"Hawa": "", "Amina": "F"}
    edit = client.get(reverse("people:edit", args=[Person.objects.get(given_name="Hawa").uuid]))
    assert '<option value="unknown" selected>' in edit.content.decode()


def test_a_relationship_is_recorded_in_place_and_never_with_oneself(client, world, boat, register):
    girl = register(given_name="Senait", age=15, sex="F", group=boat)
    man = register(given_name="Dawit", age=30, group=boat)
    client.force_login(world.alice)
    url = reverse("people:group_relationship", args=[boat.uuid])
    page = client.get(reverse("people:group", args=[boat.uuid])).content.decode()
    assert page.count('<option value="">—</option>') >= 3  # relative, relationship and person start empty

    same = client.post(url, {"person": girl.uuid, "relative": girl.uuid, "kind": "sibling"}, **HTMX)
    assert same.status_code == 422
    assert "A person is not their own relative." in same.content.decode()
    empty = client.post(url, {"person": girl.uuid, "relative": man.uuid, "kind": ""}, **HTMX)
    assert empty.status_code == 422 and "Choose two people and a relationship." in empty.content.decode()
    assert not Relationship.objects.exists()

    done = client.post(
        url, {"person": girl.uuid, "relative": man.uuid, "kind": "unrelated_companion"}, **HTMX
    )
    html = done.content.decode()
    assert done.status_code == 200 and html.lstrip().startswith('<div id="members-region"')
    assert "Relationship recorded." in html and "with unrelated adult" in html

    person_page = client.get(reverse("people:detail", args=[girl.uuid])).content.decode()
    assert "Travels with" in person_page and "Dawit" in person_page and "unaccompanied child" in person_page
    client.force_login(world.bob)  # another agency sees no group of Alpha's, so no companions
    assert client.get(reverse("people:detail", args=[girl.uuid])).status_code == 404


def test_the_offline_copy_holds_no_ones_record_and_the_worker_is_ours(client, world, boat, register):
    register(given_name="Abebe", fathers_name="Bikila", group=boat)
    client.force_login(world.alice)
    live = client.get(reverse("people:group", args=[boat.uuid]))
    assert "Abebe" in live.content.decode()
    assert "worker-src 'self'" in live["Content-Security-Policy"]

    copy = client.get(reverse("people:group_offline", args=[boat.uuid])).content.decode()
    assert "Boat 9" in copy and 'id="entry"' in copy and "sent when the connection is back" in copy
    assert "Abebe" not in copy and "Bikila" not in copy and "registered" not in copy

    client.logout()
    worker = client.get(reverse("people:offline_worker"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert reverse("people:offline_worker").startswith("/groups/")  # its scope covers every grid page
    assert b"http" not in worker.content  # nothing fetched from anywhere but this server


def test_a_new_encounter_starts_on_the_site_where_the_person_was_met(client, world, register):
    person = register(given_name="Yonas", site=world.quay)
    client.force_login(world.alice)
    page = client.get(reverse("people:encounter_new", args=[person.uuid])).content.decode()
    assert f'<option value="{world.quay.pk}" selected>' in page
