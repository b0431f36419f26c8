import json

import pytest

from mixedflows.integrations.services import token_create


@pytest.fixture
def token(world):
    """A token for a user: `token(world.alice, scopes=["read"])` -> the Authorization headers of the test client."""

    def _token(user, scopes=("write",), days=30):
        secret = token_create(actor=user, name="test", scopes=list(scopes), expires_days=days).secret
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return _token


@pytest.fixture
def post_json(client):
    def _post(url, body, headers, **extra):
        return client.post(url, data=json.dumps(body), content_type="application/json", **headers, **extra)

    return _post
