"""Webhooks for referral and case events: signed, identifiers only, retried with backoff, logged, replayable."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from mixedflows.core.models import DataSharingAgreement, FieldGroup, LegalBasis
from mixedflows.integrations import signing
from mixedflows.integrations.models import WebhookDelivery
from mixedflows.integrations.services import delivery_attempt, webhook_endpoint_save
from mixedflows.integrations.tasks import deliver_webhook
from mixedflows.referrals.services import referral_send, referral_transition


class Receiver:
    """A partner's system on this machine: answers `status` and keeps what it received."""

    def __init__(self, status=200):
        self.status, self.received = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def send(world, register):
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        signed_on=datetime.date(2026, 1, 1),
    )
    person = register(given_name="Senait", family_name="Tesfaye", sex="F", age=30)
    return referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service="shelter",
        legal_basis=LegalBasis.CONSENT,
        consent_given_by="the person",
        consent_obtained_at=timezone.now(),
    )


def test_both_agencies_hear_each_step_signed_and_without_names(
    world, register, receiver, django_capture_on_commit_callbacks
):
    ours = webhook_endpoint_save(
        actor=world.ada, url=receiver.url, events=["referral.sent", "referral.accepted"]
    )
    theirs = webhook_endpoint_save(actor=world.beth, url=receiver.url, events=["referral.accepted"])
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(world, register)
    with django_capture_on_commit_callbacks(execute=True):
        referral_transition(actor=world.bob, referral=referral, to_status="accepted")
    deliveries = WebhookDelivery.objects.order_by("created_at")
    assert [(d.endpoint_id, d.event) for d in deliveries] == [
        (ours.pk, "referral.sent"),
        (ours.pk, "referral.accepted"),
        (theirs.pk, "referral.accepted"),
    ]
    for delivery in deliveries:
        deliver_webhook.call(str(delivery.uuid))
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert len(receiver.received) == 3
    for headers, body in receiver.received:
        secret = ours.secret if json.loads(body)["event"] == "referral.sent" else None
        assert secret is None or signing.verify(secret, body, headers[signing.HEADER])
        assert (
            b"Senait" not in body
            and b"Tesfaye" not in body
            and referral.person.registration_number.encode() not in body
        )
    sent = json.loads(receiver.received[0][1])
    assert sent["data"] == {
        "referral": str(referral.uuid),
        "status": "sent",
        "service": "shelter",
        "urgency": referral.urgency,
        "from_organisation": "ALP",
        "to_organisation": "BET",
        "person": str(referral.person.uuid),
    }


def test_a_tampered_or_old_delivery_fails_the_signature_check():
    body = b'{"event":"referral.sent"}'
    header = signing.sign("s3cret", body)
    assert signing.verify("s3cret", body, header)
    assert not signing.verify("s3cret", body + b" ", header)
    assert not signing.verify("other", body, header)
    old = signing.sign("s3cret", body, timestamp=1_000_000)
    assert not signing.verify("s3cret", body, old)


def test_a_failing_receiver_is_retried_later_then_replayed(
    client, world, register, django_capture_on_commit_callbacks
):
    down = Receiver(status=503)
    try:
        webhook_endpoint_save(actor=world.ada, url=down.url, events=["referral.sent"])
        with django_capture_on_commit_callbacks(execute=True):
            send(world, register)
        delivery = WebhookDelivery.objects.get()
        retry_at = delivery_attempt(delivery)
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == 1 and delivery.last_status_code == 503
        assert retry_at is not None and 20 <= (retry_at - timezone.now()).total_seconds() <= 40
        second = delivery_attempt(delivery)
        assert (second - timezone.now()).total_seconds() > 100  # the delay grows

        down.status = 200
        client.force_login(world.ada)
        page = client.get(f"/integrations/webhooks/{delivery.endpoint.uuid}/").content.decode()
        assert "referral.sent" in page and "503" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/integrations/deliveries/{delivery.uuid}/replay/")
        delivery.refresh_from_db()
        assert delivery.status == "pending"
        deliver_webhook.call(str(delivery.uuid))
        delivery.refresh_from_db()
        assert delivery.status == "delivered" and delivery.attempts == 3
    finally:
        down.close()


def test_a_webhook_without_events_or_with_a_bad_address_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        webhook_endpoint_save(actor=world.ada, url="ftp://example.org", events=["referral.sent"])
    with pytest.raises(ValidationError):
        webhook_endpoint_save(actor=world.ada, url="http://127.0.0.1:1/", events=[])
    assert not WebhookDelivery.objects.exists()


def test_the_signing_secret_is_encrypted_in_the_row_and_signs_as_before(world):
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from mixedflows.integrations.models import WebhookEndpoint

    endpoint = webhook_endpoint_save(
        actor=world.ada, url="https://receiver.example.org/hook", events=["referral.sent"]
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT secret FROM integrations_webhookendpoint WHERE id = %s", [endpoint.pk])
            return cursor.fetchone()[0]

    assert raw().startswith("enc:v1:") and endpoint.secret not in raw()
    secret = WebhookEndpoint.objects.get(pk=endpoint.pk).secret
    assert secret == endpoint.secret
    body = b'{"event": "referral.sent"}'
    assert signing.verify(secret, body, signing.sign(endpoint.secret, body))

    # An endpoint saved in clear before this change is encrypted by the migration, and still signs the same.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE integrations_webhookendpoint SET secret = %s WHERE id = %s", [secret, endpoint.pk]
        )
    before = MigrationExecutor(connection).loader.project_state(
        ("integrations", "0001_api_tokens_idempotency_webhooks")
    )
    importlib.import_module("mixedflows.integrations.migrations.0002_webhook_secret_encrypted").encrypt(
        before.apps, None
    )
    assert raw().startswith("enc:v1:")
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret
