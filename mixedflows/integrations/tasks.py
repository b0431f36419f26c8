"""Webhook delivery runs in the task worker, retried with exponential backoff."""

from django.tasks import task

from mixedflows.integrations.models import WebhookDelivery


@task()
def deliver_webhook(delivery_uuid: str) -> str:
    from mixedflows.integrations.services import delivery_attempt

    delivery = WebhookDelivery.objects.select_related("endpoint").filter(uuid=delivery_uuid).first()
    if delivery is None or delivery.status in (
        WebhookDelivery.Status.DELIVERED,
        WebhookDelivery.Status.GAVE_UP,
    ):
        return "nothing to do"
    retry_at = delivery_attempt(delivery)
    if retry_at is not None:
        deliver_webhook.using(run_after=retry_at).enqueue(delivery_uuid)
    return delivery.status
