"""Visibility of detention records: one `visible_to(user)` per model.

Facilities, visits, findings and recommendations are the monitoring agency's, and a partner
agency sees them too while an agreement in force from the owner lists the visit-findings field
group. People met and their detention are personal data: the owner's only (a referral shares
a person, as everywhere else).
"""

from django.db.models import Q
from django.utils import timezone

from mixedflows.core.querysets import OwnedQuerySet, organisation_of


def findings_sharers(organisation) -> list[int]:
    """Ids of organisations whose agreement in force with `organisation` shares visit findings."""
    from mixedflows.core.models import DataSharingAgreement, FieldGroup

    today = timezone.localdate()
    agreements = (
        DataSharingAgreement.objects.filter(to_organisation=organisation, signed_on__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("from_organisation", "field_groups")
    )
    # field_groups is a JSON list: filtered here, as SQLite has no JSON containment lookup.
    return [org for org, groups in agreements if FieldGroup.VISIT_FINDINGS in (groups or [])]


class SharedFindingsQuerySet(OwnedQuerySet):
    """Own rows, and rows of agencies that share visit findings with the user's agency."""

    def visible_to(self, user):
        org = organisation_of(user)
        if org is None:
            return self.none()
        return self.filter(Q(organisation=org) | Q(organisation__in=findings_sharers(org)))
