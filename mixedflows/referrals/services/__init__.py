"""Writes for referrals: sending with a legal basis and a grant, the status machine, consent withdrawal, service offers."""

from mixedflows.referrals.services.common import (
    CONSENT_BASES,
    DEFAULT_DUE_HOURS,
    REVOKES_GRANT,
    TRANSITIONS,
    ConsentMissing,
    InvalidTransition,
    NoAgreement,
    S,
    due_at_for,
    due_hours,
)
from mixedflows.referrals.services.offers import service_offer_save
from mixedflows.referrals.services.sending import referral_send, referral_viewed
from mixedflows.referrals.services.status import referral_consent_withdraw, referral_transition

__all__ = [
    "CONSENT_BASES",
    "ConsentMissing",
    "DEFAULT_DUE_HOURS",
    "InvalidTransition",
    "NoAgreement",
    "REVOKES_GRANT",
    "S",
    "TRANSITIONS",
    "due_at_for",
    "due_hours",
    "referral_consent_withdraw",
    "referral_send",
    "referral_transition",
    "referral_viewed",
    "service_offer_save",
]
