"""Roles are named sets of permissions, granted per organisation (and optionally per site).

This module is the one place that says what each role may do; views, services and
tests ask `user.can(permission)`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRATION_OFFICER = "registration_officer", _("Registration officer")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    DETENTION_MONITOR = "detention_monitor", _("Detention monitor")
    TRAINER = "trainer", _("Trainer")
    OUTREACH_OFFICER = "outreach_officer", _("Outreach officer")
    INFORMATION_MANAGEMENT_OFFICER = "information_management_officer", _("Information management officer")
    AGENCY_ADMINISTRATOR = "agency_administrator", _("Agency administrator")
    FUND_MANAGER = "fund_manager", _("Fund manager")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    # Issue 13: task forces, working groups, joint procedures between agencies, and the project register.
    COORDINATION_OFFICER = "coordination_officer", _("Coordination officer")


class Perm:
    """Permission names. Sensitive field groups are separate permissions."""

    VIEW_PEOPLE = "people.view"
    REGISTER_PEOPLE = "people.register"
    VIEW_SENSITIVE = "people.view_sensitive"
    VIEW_AUDIT = "core.view_audit"
    MANAGE_USERS = "core.manage_users"
    MANAGE_SITES = "core.manage_sites"
    MANAGE_AGREEMENTS = "core.manage_agreements"
    SCREEN = "screening.screen"
    SEND_REFERRALS = "referrals.send"
    RECEIVE_REFERRALS = "referrals.receive"
    OVERRIDE_CONSENT = "referrals.override_consent"
    MANAGE_SERVICES = "referrals.manage_services"
    VIEW_CASES = "cases.view"
    MANAGE_CASES = "cases.manage"
    APPROVE_CASES = "cases.approve"
    APPROVE_FUNDS = "cases.approve_fund"
    RUN_LINKAGE = "linkage.run"
    REVIEW_LINKAGE = "linkage.review"
    RECORD_FLOWS = "flows.record"
    VIEW_FLOWS = "flows.view"
    PUBLISH_STATISTICS = "flows.publish"
    VIEW_DETENTION = "detention.view"
    MONITOR_DETENTION = "detention.monitor"
    # Data protection (issue 16): the breach register, and the emergency switch that suspends access.
    MANAGE_BREACHES = "dataprotection.manage_breaches"
    SUSPEND_ACCESS = "core.suspend_access"
    MANAGE_RETENTION = "dataprotection.manage_retention"
    # A person's data-subject requests (issue 16, item 11): access, correction, restriction, erasure, objection.
    HANDLE_SUBJECT_REQUESTS = "dataprotection.handle_subject_requests"
    # Outreach (issue 13): campaigns and resource-centre counselling; the names of people asking for follow-up.
    VIEW_OUTREACH = "outreach.view"
    RECORD_OUTREACH = "outreach.record"
    VIEW_OUTREACH_CONTACTS = "outreach.view_contacts"
    # Training of officials (issue 13): see courses, events, participants and reports; run them.
    VIEW_TRAINING = "training.view"
    MANAGE_TRAINING = "training.manage"
    # Issue 13: the project register (core) and coordination between agencies (cooperation).
    MANAGE_PROJECTS = "core.manage_projects"
    COORDINATE = "cooperation.coordinate"


_FRONT_LINE = {Perm.VIEW_PEOPLE, Perm.REGISTER_PEOPLE}
_PROTECTION = _FRONT_LINE | {Perm.VIEW_SENSITIVE, Perm.SCREEN, Perm.SEND_REFERRALS, Perm.RECEIVE_REFERRALS}
_CASEWORK = _PROTECTION | {Perm.VIEW_CASES, Perm.MANAGE_CASES}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.REGISTRATION_OFFICER: frozenset(_FRONT_LINE | {Perm.RECORD_FLOWS}),
    Role.PROTECTION_OFFICER: frozenset(_PROTECTION | {Perm.REVIEW_LINKAGE}),
    Role.CASEWORKER: frozenset(_CASEWORK),
    Role.SUPERVISOR: frozenset(
        _CASEWORK
        | {
            Perm.VIEW_AUDIT,
            Perm.APPROVE_CASES,
            Perm.OVERRIDE_CONSENT,
            Perm.REVIEW_LINKAGE,
            Perm.VIEW_FLOWS,
            Perm.VIEW_DETENTION,
            Perm.MANAGE_PROJECTS,
            Perm.VIEW_OUTREACH,
        }
    ),
    Role.FUND_MANAGER: frozenset({Perm.VIEW_CASES, Perm.APPROVE_FUNDS}),
    Role.DETENTION_MONITOR: frozenset(
        _FRONT_LINE
        | {Perm.VIEW_SENSITIVE, Perm.SCREEN, Perm.SEND_REFERRALS, Perm.VIEW_DETENTION, Perm.MONITOR_DETENTION}
    ),
    Role.TRAINER: frozenset({Perm.VIEW_TRAINING, Perm.MANAGE_TRAINING}),
    Role.OUTREACH_OFFICER: frozenset({Perm.VIEW_OUTREACH, Perm.RECORD_OUTREACH, Perm.VIEW_OUTREACH_CONTACTS}),
    Role.INFORMATION_MANAGEMENT_OFFICER: frozenset(
        {
            Perm.VIEW_PEOPLE,
            Perm.RUN_LINKAGE,
            Perm.REVIEW_LINKAGE,
            Perm.RECORD_FLOWS,
            Perm.VIEW_FLOWS,
            Perm.PUBLISH_STATISTICS,
            Perm.VIEW_DETENTION,
            Perm.VIEW_OUTREACH,
            Perm.VIEW_TRAINING,
            Perm.MANAGE_PROJECTS,
        }
    ),
    Role.AGENCY_ADMINISTRATOR: frozenset(
        {
            Perm.VIEW_PEOPLE,
            Perm.VIEW_AUDIT,
            Perm.MANAGE_USERS,
            Perm.MANAGE_SITES,
            Perm.MANAGE_AGREEMENTS,
            Perm.MANAGE_SERVICES,
            Perm.MANAGE_BREACHES,
            Perm.SUSPEND_ACCESS,
            Perm.MANAGE_RETENTION,
            Perm.HANDLE_SUBJECT_REQUESTS,
        }
    ),
    # Keeps the project register and its results framework, and the agency's part in forums and procedures.
    Role.COORDINATION_OFFICER: frozenset({Perm.MANAGE_PROJECTS, Perm.COORDINATE}),
    # Keeps the breach register and pulls the emergency switch; reads the trail, never the records.
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {
            Perm.VIEW_AUDIT,
            Perm.MANAGE_BREACHES,
            Perm.SUSPEND_ACCESS,
            Perm.MANAGE_RETENTION,
            Perm.HANDLE_SUBJECT_REQUESTS,
        }
    ),
}


# Whoever holds one of these signs in with a second factor (issue 16, item 7): sensitive field groups,
# money, exports and publication, administration and the audit trail.
MFA_PERMISSIONS = frozenset(
    {
        Perm.VIEW_SENSITIVE,
        Perm.OVERRIDE_CONSENT,
        Perm.APPROVE_CASES,
        Perm.APPROVE_FUNDS,
        Perm.PUBLISH_STATISTICS,
        Perm.RUN_LINKAGE,
        Perm.VIEW_AUDIT,
        Perm.MANAGE_USERS,
        Perm.MANAGE_SITES,
        Perm.MANAGE_AGREEMENTS,
        Perm.MANAGE_SERVICES,
        Perm.MANAGE_BREACHES,
        Perm.SUSPEND_ACCESS,
        Perm.MANAGE_RETENTION,
        Perm.HANDLE_SUBJECT_REQUESTS,
    }
)


# Which permission lets a role see each field group of a record (DESIGN.md, "Field groups"): the sensitive
# sections need their own permission; case data needs the cases permission. `people.selectors.field_groups_for`
# is the one function that applies this table (with the grants of shared records) everywhere.
FIELD_GROUP_PERMISSIONS: dict[str, str] = {
    "identity": Perm.VIEW_PEOPLE,
    "documents": Perm.VIEW_PEOPLE,
    "contact": Perm.VIEW_PEOPLE,
    "encounters": Perm.VIEW_PEOPLE,
    "screening_outcome": Perm.VIEW_PEOPLE,
    "protection_needs": Perm.VIEW_PEOPLE,
    "trafficking": Perm.VIEW_SENSITIVE,
    "gbv": Perm.VIEW_SENSITIVE,
    "health": Perm.VIEW_SENSITIVE,
    "child_protection": Perm.VIEW_SENSITIVE,
    "case": Perm.VIEW_CASES,
    "visit_findings": Perm.VIEW_DETENTION,
}


def permissions_for(roles: set[str]) -> frozenset[str]:
    return frozenset().union(*(ROLE_PERMISSIONS.get(role, frozenset()) for role in roles))
