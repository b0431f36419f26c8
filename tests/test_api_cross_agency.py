"""Every JSON API operation on an object is a 404 for a token of another agency (same roles), never a 403.

Each app's `tests/cross_agency.py` lists its operations in `API` (operation id -> owner, path parameters, body)
and the list-like ones in `API_LISTS`. An operation of the OpenAPI schema that is in neither fails the first test.
"""

import json

import pytest

from mixedflows.api import api
from mixedflows.integrations.services import token_create
from tests.test_cross_agency import MODULES

OPERATIONS = {
    operation["operationId"]: (method, path)
    for path, methods in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
    for method, operation in methods.items()
}
CASES = [(op, spec, module) for module in MODULES for op, spec in getattr(module, "API", {}).items()]
LISTS = set().union(*(getattr(module, "API_LISTS", set()) for module in MODULES))


def test_every_operation_is_listed():
    listed = {op for op, _, _ in CASES} | LISTS
    assert not sorted(set(OPERATIONS) - listed), (
        f"API operations missing from the cross-agency test: {sorted(set(OPERATIONS) - listed)}"
    )
    assert not sorted(listed - set(OPERATIONS)), (
        f"Listed operations that do not exist: {sorted(listed - set(OPERATIONS))}"
    )


def bearer(user) -> dict:
    secret = token_create(actor=user, name="test", scopes=["write"], expires_days=1).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def call(client, op: str, headers: dict, params: dict, body):
    method, path = OPERATIONS[op]
    url = path.format(**{k: str(v) for k, v in params.items()})
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)


@pytest.mark.parametrize(("op", "spec", "module"), CASES, ids=[c[0] for c in CASES])
def test_other_agency_token_gets_404(client, world, register, op, spec, module):
    owner, params, body = spec
    objects = module.objects(world, register)
    owner_user = getattr(world, owner)
    args = (params(objects), body(objects) if body else None)

    other = call(client, op, bearer(world.counterpart[owner]), *args)
    assert other.status_code == 404, (
        f"{op}: a token of another agency gets {other.status_code} {other.content[:200]}"
    )
    assert other.json()["code"] == "not_found"

    own = call(client, op, bearer(owner_user), *args)
    assert own.status_code != 404 and own.status_code < 500, (
        f"{op}: the owner gets {own.status_code} {own.content[:300]}, so the case proves nothing"
    )


def test_list_operations_show_no_row_of_another_agency(client, world, register):
    """Alpha's objects of every app exist; Beta's lists and search answer none of them."""
    from mixedflows.cases.models import Case
    from mixedflows.detention.models import Facility
    from mixedflows.flows.models import Publication
    from mixedflows.outreach.models import Campaign
    from mixedflows.people.models import Group, Person
    from mixedflows.referrals.models import Referral

    for module in MODULES:
        if getattr(module, "API", None):
            module.objects(world, register)
    alpha_only = {
        str(u)
        for model, rows in (
            (
                Person,
                Person.objects.filter(organisation=world.alpha).exclude(grants__organisation=world.beta),
            ),
            (Group, Group.objects.filter(organisation=world.alpha)),
            (Case, Case.objects.filter(organisation=world.alpha)),
            (
                Referral,
                Referral.objects.filter(from_organisation=world.alpha).exclude(to_organisation=world.beta),
            ),
            (Publication, Publication.objects.filter(organisation=world.alpha)),
            (Facility, Facility.objects.filter(organisation=world.alpha)),
            (Campaign, Campaign.objects.filter(organisation=world.alpha)),
        )
        for u in rows.values_list("uuid", flat=True)
    }
    assert len(alpha_only) >= 6, "the test needs Alpha's objects to prove anything"
    headers = bearer(world.bob)
    pages = {
        "groups_list": client.get("/api/v1/groups", **headers),
        "referrals_inbox": client.get("/api/v1/referrals/inbox", {"status": ""}, **headers),
        "referrals_outbox": client.get("/api/v1/referrals/outbox", {"status": ""}, **headers),
        "cases_list": client.get("/api/v1/cases", **headers),
        "flows_publications": client.get("/api/v1/flows/publications", **headers),
    }
    for op, response in pages.items():
        assert response.status_code == 200, op
        ids = {row["id"] for row in response.json()["results"]}
        assert not ids & alpha_only, f"{op} answers another agency's rows"
    # Beta's detention monitor lists Beta's facilities only (no agreement shares Alpha's findings).
    facilities = client.get("/api/v1/detention/facilities", **bearer(world.dan))
    assert facilities.status_code == 200
    assert not {row["id"] for row in facilities.json()["results"]} & alpha_only
    # Beta's outreach officer lists Beta's campaigns only.
    campaigns = client.get("/api/v1/outreach/campaigns", **bearer(world.omar))
    assert campaigns.status_code == 200
    assert not {row["id"] for row in campaigns.json()["results"]} & alpha_only
    names = [p.given_name for p in Person.objects.filter(organisation=world.alpha) if p.given_name]
    for name in names:
        found = client.post(
            "/api/v1/people/search",
            data=json.dumps({"query": name}),
            content_type="application/json",
            **headers,
        )
        assert not {h["person"]["id"] for h in found.json()} & alpha_only, (
            f"search for {name} finds Alpha's record"
        )
