"""Alpha's token, webhook endpoint and delivery for the cross-agency test (tests/test_cross_agency.py)."""

from mixedflows.integrations.models import WebhookDelivery
from mixedflows.integrations.services import token_create, webhook_endpoint_save


def objects(world, register):
    token = token_create(actor=world.ada, name="script", scopes=["read"], expires_days=30).token
    endpoint = webhook_endpoint_save(actor=world.ada, url="http://127.0.0.1:9/hook", events=["referral.sent"])
    delivery = WebhookDelivery.objects.create(
        organisation=world.alpha, endpoint=endpoint, event="referral.sent", payload={"event": "referral.sent"}
    )
    return {"token": token, "endpoint": endpoint, "delivery": delivery}


URLS = {
    "integrations:token_revoke": ("post", "ada", lambda o: {"uuid": o["token"].uuid}),
    "integrations:webhook": ("get", "ada", lambda o: {"uuid": o["endpoint"].uuid}),
    "integrations:delivery_replay": ("post", "ada", lambda o: {"uuid": o["delivery"].uuid}),
}
# Each user's own tokens; the agency's own service accounts and webhooks.
LIST_URLS = {"integrations:tokens", "integrations:service_accounts", "integrations:webhooks"}
