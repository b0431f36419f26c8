"""Alpha's referral (to a third agency, Gamma), Alpha's service offer, and a referred person for the cross-agency
test (tests/test_cross_agency.py). Beta users must get a 404 on each of them."""

import datetime

from django.utils import timezone

from mixedflows.core.models import DataSharingAgreement, FieldGroup, LegalBasis, Organisation
from mixedflows.referrals.models import ServiceOffer
from mixedflows.referrals.services import referral_send
from mixedflows.screening.codes import Procedure


def objects(world, register):
    gamma = Organisation.objects.create(
        name="Gamma Child Services", short_name="GAM", kind=Organisation.Kind.GOVERNMENT
    )
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=gamma,
        field_groups=[FieldGroup.IDENTITY],
        signed_on=datetime.date(2026, 1, 1),
    )
    person = register(given_name="Senait", sex="F")
    referral = referral_send(
        actor=world.alice,
        person=person,
        to_organisation=gamma,
        service=Procedure.CHILD_PROTECTION,
        legal_basis=LegalBasis.GUARDIAN_CONSENT,
        consent_given_by="Appointed guardian, Gamma Child Services",
        consent_obtained_at=timezone.now(),
    )
    offer = ServiceOffer.objects.create(organisation=world.alpha, site=world.quay, service=Procedure.SHELTER)
    return {"person": person, "referral": referral, "offer": offer}


URLS = {
    "referrals:detail": ("get", "alice", lambda o: {"uuid": o["referral"].uuid}),
    "referrals:step": ("post", "alice", lambda o: {"uuid": o["referral"].uuid}),
    "referrals:consent_withdrawn": ("post", "alice", lambda o: {"uuid": o["referral"].uuid}),
    "referrals:person_panel": ("get", "alice", lambda o: {"uuid": o["person"].uuid}),
    "referrals:offer_edit": ("get", "ada", lambda o: {"uuid": o["offer"].uuid}),
}
# Inbox, outbox and dashboard show only the user's own agency; the directory is public reference data. The new-
# referral page takes its person and screening as query parameters: its 404s are tested in test_views.py.
LIST_URLS = {
    "referrals:inbox",
    "referrals:outbox",
    "referrals:directory",
    "referrals:offers",
    "referrals:dashboard",
    "referrals:new",
}


API = {
    "referrals_read": ("alice", lambda o: {"uuid": o["referral"].uuid}, None),
    "referrals_primero_export": ("alice", lambda o: {"uuid": o["referral"].uuid}, None),
    "referrals_acknowledge": ("alice", lambda o: {"uuid": o["referral"].uuid}, None),
    "referrals_accept": ("alice", lambda o: {"uuid": o["referral"].uuid}, None),
    "referrals_decline": (
        "alice",
        lambda o: {"uuid": o["referral"].uuid},
        lambda o: {"reason": "No capacity"},
    ),
    "referrals_complete": ("alice", lambda o: {"uuid": o["referral"].uuid}, None),
    "referrals_withdraw": ("alice", lambda o: {"uuid": o["referral"].uuid}, lambda o: {"reason": "Mistake"}),
    "referrals_send": (
        "alice",
        lambda o: {},
        lambda o: {
            "person": str(o["person"].uuid),
            "service_offer": str(o["offer"].uuid),
            "service": "shelter",
        },
    ),
}
# The Primero import registers a person in the caller's own agency: nothing of another agency is named.
API_LISTS = {"referrals_inbox", "referrals_outbox", "referrals_directory", "referrals_primero_import"}
