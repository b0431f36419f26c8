"""Roles are named sets of permissions, granted per organisation (and optionally per site).

This module is the one place that says what each role may do; views, services and
tests ask `user.can(permission)`.
"""

from django.db import models


class Role(models.TextChoices):
    REGISTRATION_OFFICER = "registration_officer", "Registration officer"
    PROTECTION_OFFICER = "protection_officer", "Protection officer"
    CASEWORKER = "caseworker", "Caseworker"
    SUPERVISOR = "supervisor", "Supervisor"
    DETENTION_MONITOR = "detention_monitor", "Detention monitor"
    TRAINER = "trainer", "Trainer"
    OUTREACH_OFFICER = "outreach_officer", "Outreach officer"
    INFORMATION_MANAGEMENT_OFFICER = "information_management_officer", "Information management officer"
    AGENCY_ADMINISTRATOR = "agency_administrator", "Agency administrator"


class Perm:
    """Permission names. Sensitive field groups are separate permissions."""

    VIEW_PEOPLE = "people.view"
    REGISTER_PEOPLE = "people.register"
    VIEW_SENSITIVE = "people.view_sensitive"
    VIEW_AUDIT = "core.view_audit"
    MANAGE_USERS = "core.manage_users"
    MANAGE_SITES = "core.manage_sites"
    MANAGE_AGREEMENTS = "core.manage_agreements"


_FRONT_LINE = {Perm.VIEW_PEOPLE, Perm.REGISTER_PEOPLE}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.REGISTRATION_OFFICER: frozenset(_FRONT_LINE),
    Role.PROTECTION_OFFICER: frozenset(_FRONT_LINE | {Perm.VIEW_SENSITIVE}),
    Role.CASEWORKER: frozenset(_FRONT_LINE | {Perm.VIEW_SENSITIVE}),
    Role.SUPERVISOR: frozenset(_FRONT_LINE | {Perm.VIEW_SENSITIVE, Perm.VIEW_AUDIT}),
    Role.DETENTION_MONITOR: frozenset(_FRONT_LINE),
    Role.TRAINER: frozenset(),
    Role.OUTREACH_OFFICER: frozenset(),
    Role.INFORMATION_MANAGEMENT_OFFICER: frozenset(),
    Role.AGENCY_ADMINISTRATOR: frozenset(
        {Perm.VIEW_PEOPLE, Perm.VIEW_AUDIT, Perm.MANAGE_USERS, Perm.MANAGE_SITES, Perm.MANAGE_AGREEMENTS}
    ),
}


def permissions_for(roles: set[str]) -> frozenset[str]:
    return frozenset().union(*(ROLE_PERMISSIONS.get(role, frozenset()) for role in roles))
