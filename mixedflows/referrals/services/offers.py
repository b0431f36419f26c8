"""The services an agency offers at its sites, as the referral directory shows them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.referrals.models import ServiceOffer
from mixedflows.screening.codes import Procedure


@transaction.atomic
def service_offer_save(
    *,
    actor: User,
    offer: ServiceOffer | None = None,
    site: Site,
    service: str,
    contact: str = "",
    capacity: int | None = None,
    languages: list[str] | None = None,
    active: bool = True,
) -> ServiceOffer:
    """Publish (or change) a service the actor's agency offers at one of its sites."""
    if not actor.can(Perm.MANAGE_SERVICES):
        raise PermissionDenied(Perm.MANAGE_SERVICES)
    org = actor.organisation
    if org is None or (offer is not None and offer.organisation_id != org.pk):
        raise PermissionDenied("only the agency's own offers")
    if service not in Procedure.values:
        raise ValidationError({"service": _("Choose a service from the list.")})
    if site is not None and not site.organisations.filter(pk=org.pk).exists():
        raise ValidationError(
            {
                "site": _("%(agency)s does not work at %(site)s.")
                % {"agency": org.short_name, "site": site.name}
            }
        )
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("Capacity cannot be negative.")})
    created = offer is None
    offer = offer or ServiceOffer(organisation=org)
    offer.site, offer.service, offer.contact = site, service, contact.strip()
    offer.capacity, offer.languages, offer.active = capacity, sorted(set(languages or [])), active
    offer.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        object_type="service_offer",
        object_id=offer.uuid,
        fields=["site", "service", "contact", "capacity", "languages", "active"],
    )
    return offer
