"""The JSON API as a script or another agency's system uses it: tokens and scopes, the same visibility as
the pages, errors with stable codes, idempotent retries, cursor pages and one audit event per call."""

import datetime
import json

import pytest
from django.utils import timezone

from mixedflows.core.models import AuditEvent, DataSharingAgreement, FieldGroup
from mixedflows.integrations.models import ApiToken
from mixedflows.people.models import AccessGrant, Person

SECRET_PREFIX = "mfx_"


def registration(world, **fields):
    return {
        "given_name": "Mohamed",
        "fathers_name": "Abdirahman",
        "family_name": "Warsame",
        "sex": "M",
        "age": 31,
        "nationality": "SOM",
        "documents": [{"kind": "passport", "number": "P1234567", "issuing_country": "SOM"}],
        "encounter": {
            "site": str(world.quay.uuid),
            "occurred_at": timezone.now().isoformat(),
            "kind": "sea_rescue",
        },
        **fields,
    }


def test_a_token_is_stored_hashed_and_works_until_revoked(client, world, token):
    headers = token(world.alice, scopes=["read"])
    secret = headers["HTTP_AUTHORIZATION"].split()[1]
    stored = ApiToken.objects.get()
    assert secret.startswith(SECRET_PREFIX) and secret not in json.dumps(
        list(ApiToken.objects.values()), default=str
    )
    assert stored.scopes == sorted(
        f"{app}:read"
        for app in (
            "people",
            "screening",
            "referrals",
            "cases",
            "linkage",
            "flows",
            "detention",
            "training",
            "outreach",
        )
    )

    assert client.get("/api/v1/groups", **headers).status_code == 200
    stored.revoked_at = timezone.now()
    stored.save()
    refused = client.get("/api/v1/groups", **headers)
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"


def test_expired_bad_and_missing_tokens_are_refused_with_their_code(client, world, token):
    headers = token(world.alice)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/groups", **headers).json()["code"] == "token_expired"
    assert client.get("/api/v1/groups", HTTP_AUTHORIZATION="Bearer mfx_nope_nope").status_code == 401
    missing = client.get("/api/v1/groups")
    assert missing.status_code == 401 and missing.json()["code"] == "unauthorized"


def test_a_read_only_token_cannot_write(world, token, post_json):
    response = post_json("/api/v1/people", registration(world), token(world.alice, scopes=["read"]))
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"
    assert not Person.objects.exists()


def test_a_token_does_not_do_more_than_its_user_may(world, token, post_json):
    """Bea is a supervisor without the registration permission: her write token cannot register."""
    world.bea.memberships.update(role="fund_manager")
    from mixedflows.core.models import User

    fund_manager = User.objects.get(pk=world.bea.pk)
    response = post_json("/api/v1/people", registration(world), token(fund_manager))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Person.objects.exists()


def test_register_then_read_a_person_with_every_group_of_the_owner(client, world, token, post_json):
    headers = token(world.alice)
    created = post_json("/api/v1/people", registration(world), headers)
    assert created.status_code == 201, created.content
    person = created.json()
    assert person["given_name"] == "Mohamed" and person["registration_number"].startswith("ALP-")
    assert person["documents"][0]["number"] == "P1234567"

    read = client.get(f"/api/v1/people/{person['id']}", **headers).json()
    assert read["family_name"] == "Warsame" and read["age_declared"] == 31
    assert AuditEvent.objects.filter(action="view", object_type="person", object_id=person["id"]).exists()


def test_a_group_the_caller_may_not_see_is_absent_not_null(client, world, register, token):
    """Beta was granted identity only: the documents and contact keys are not in its answer at all."""
    person = register(
        given_name="Senait",
        sex="F",
        phone="+393331234567",
        documents=[{"kind": "passport", "number": "E7654321"}],
    )
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        signed_on=datetime.date(2026, 1, 1),
    )
    AccessGrant.objects.create(
        person=person,
        organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        legal_basis="consent",
        source_type="referral",
        source_id="test",
        granted_by=world.alice,
    )
    answer = client.get(f"/api/v1/people/{person.uuid}", **token(world.bob)).json()
    assert answer["given_name"] == "Senait" and answer["field_groups"] == ["identity"]
    assert "documents" not in answer and "phone" not in answer

    own = client.get(f"/api/v1/people/{person.uuid}", **token(world.alice)).json()
    assert own["documents"][0]["number"] == "E7654321"


def test_search_by_post_finds_only_what_the_caller_may_see_and_never_logs_the_query(
    world, register, token, post_json
):
    register(given_name="Maxamed", fathers_name="Cabdiraxmaan", sex="M")
    found = post_json("/api/v1/people/search", {"query": "Mohamed Abdirahman"}, token(world.alice)).json()
    assert [hit["person"]["given_name"] for hit in found] == ["Maxamed"]
    assert post_json("/api/v1/people/search", {"query": "Mohamed Abdirahman"}, token(world.bob)).json() == []
    searches = AuditEvent.objects.filter(action="search")
    assert searches.count() == 2 and "Mohamed" not in json.dumps(list(searches.values("detail", "fields")))


def test_a_search_costs_the_same_queries_for_2_hits_as_for_12(world, register, token, post_json):
    """Each hit's aliases and documents come in one query for all hits, not two per hit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mixedflows.people.models import Alias, Document

    def add(n):
        for _ in range(n):
            person = register(given_name="Maxamed", fathers_name="Cabdiraxmaan", sex="M")
            Alias.objects.create(person=person, name="Mohamed Abdirahman")
            Document.objects.create(person=person, organisation=world.alpha, kind="passport", number="P1")

    secret = token(world.alice)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            hits = post_json("/api/v1/people/search", {"query": "Mohamed Abdirahman"}, secret).json()
        assert all(hit["person"]["aliases"] == ["Mohamed Abdirahman"] for hit in hits)
        reads = [q["sql"] for q in captured if q["sql"].startswith("SELECT")]
        return len(hits), sum('FROM "people_alias"' in q or 'FROM "people_document"' in q for q in reads)

    add(2)
    few = queries()
    add(10)
    many = queries()
    assert (few[0], many[0]) == (2, 12) and many[1] == few[1] <= 4  # the search itself reads both once


def test_bad_input_is_a_clear_4xx_and_writes_nothing(client, world, token, post_json):
    headers = token(world.alice)
    unknown = post_json("/api/v1/people", registration(world, given_nmae="typo"), headers)
    assert unknown.status_code == 422 and unknown.json()["code"] == "invalid_request"
    wrong_type = post_json("/api/v1/people", registration(world, age="thirty"), headers)
    assert wrong_type.status_code == 422 and wrong_type.json()["code"] == "invalid_request"
    service_error = post_json("/api/v1/people", registration(world, nationality="ZZZ"), headers)
    assert service_error.status_code == 422 and "nationality" in service_error.json()["errors"]
    huge = post_json("/api/v1/people", registration(world, given_name="x" * 3_000_000), headers)
    assert huge.status_code == 413 and huge.json()["code"] == "too_large"
    not_json = client.post("/api/v1/people", data="{", content_type="application/json", **headers)
    assert not_json.status_code in (400, 422)
    assert not Person.objects.exists()


def test_a_retried_post_with_the_same_idempotency_key_registers_once(world, token, post_json):
    headers, row = token(world.alice), registration(world)
    first = post_json("/api/v1/people", row, headers, HTTP_IDEMPOTENCY_KEY="boat-7-row-3")
    again = post_json("/api/v1/people", row, headers, HTTP_IDEMPOTENCY_KEY="boat-7-row-3")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Person.objects.count() == 1

    other_body = post_json(
        "/api/v1/people",
        registration(world, given_name="Amina"),
        headers,
        HTTP_IDEMPOTENCY_KEY="boat-7-row-3",
    )
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    assert Person.objects.count() == 1


def test_consent_missing_is_a_stable_code(world, register, token, post_json):
    from mixedflows.referrals.models import ServiceOffer

    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        signed_on=datetime.date(2026, 1, 1),
    )
    offer = ServiceOffer.objects.create(organisation=world.beta, site=world.quay, service="shelter")
    person = register(given_name="Yonas", sex="M", age=30)
    response = post_json(
        "/api/v1/referrals",
        {"person": str(person.uuid), "service_offer": str(offer.uuid), "service": "shelter"},
        token(world.alice),
    )
    assert response.status_code == 422 and response.json()["code"] == "consent_missing", response.content
    assert not person.referrals.exists()


def test_cursor_pages_walk_every_group_once_and_a_forged_cursor_is_refused(client, world, token, post_json):
    headers = token(world.alice)
    for n in range(5):
        body = {"label": f"Boat {n}", "encounter": registration(world)["encounter"]}
        assert post_json("/api/v1/groups", body, headers).status_code == 201
    seen, cursor = [], None
    while True:
        page = client.get(
            "/api/v1/groups", {"limit": 2, **({"cursor": cursor} if cursor else {})}, **headers
        ).json()
        seen += [g["label"] for g in page["results"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == [f"Boat {n}" for n in reversed(range(5))]
    forged = client.get("/api/v1/groups", {"cursor": "bm9wZQ=="}, **headers)
    assert forged.status_code == 422 and forged.json()["code"] == "invalid_cursor"


def test_every_call_is_one_audit_event_with_the_token(client, world, token):
    headers = token(world.alice)
    client.get("/api/v1/groups", **headers)
    event = AuditEvent.objects.filter(action="api").get()
    assert event.detail["token"] == str(ApiToken.objects.get().uuid) and event.detail["status"] == 200
    assert event.actor == world.alice


def test_calls_past_the_rate_limit_get_429(client, world, token):
    from mixedflows.api import api

    throttle = api.throttle[0]
    saved = throttle.num_requests, throttle.duration
    throttle.num_requests, throttle.duration = 2, 60
    try:
        headers = token(world.alice)
        codes = [client.get("/api/v1/groups", **headers).status_code for _ in range(3)]
    finally:
        throttle.num_requests, throttle.duration = saved
    assert codes == [200, 200, 429]


def test_the_openapi_schema_and_its_docs_page_are_served_locally(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1") and "/api/v1/people/search" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


@pytest.mark.parametrize("scopes", [["read"], ["people:read", "cases:write"]])
def test_the_command_prints_the_token_as_its_last_word(world, scopes, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "token", "create", "--user", "alice", "--scopes", ",".join(scopes), "--expires", "7", stdout=out
    )
    secret = out.getvalue().split()[-1]
    assert secret.startswith(SECRET_PREFIX)
    assert client.get("/api/v1/groups", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_the_command_refuses_an_unknown_scope_and_creates_nothing(world):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown scope"):
        call_command("token", "create", "--user", "alice", "--scopes", "everything", "--expires", "7")
    assert not ApiToken.objects.exists()


def test_the_settings_page_shows_a_new_token_once(client, world):
    client.force_login(world.alice)
    created = client.post(
        "/integrations/tokens/", {"name": "my script", "scopes": ["read"], "expires_days": 30}
    )
    page = created.content.decode()
    token = ApiToken.objects.get()
    secret = page.split('<code class="token">')[1].split("</code>")[0]
    assert secret.startswith(f"mfx_{token.prefix}_")
    assert secret not in client.get("/integrations/tokens/").content.decode()
    client.post(f"/integrations/tokens/{token.uuid}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
