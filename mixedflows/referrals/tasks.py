"""Referrals have no background work of their own: webhooks of referral events are sent by
`integrations.tasks.deliver_webhook`, queued on commit by `integrations.services.event_emit`."""
