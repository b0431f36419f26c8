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
