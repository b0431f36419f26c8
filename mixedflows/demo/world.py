"""The demo's organisations, sites, users and agreements: invented, stable, idempotent."""

import datetime

from django.db import transaction

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import DataSharingAgreement, FieldGroup, Membership, Organisation, Site, User
from mixedflows.core.roles import Role

DEMO_PASSWORD = "mixedflows-demo"

ORGANISATIONS = [
    (
        "AGM",
        "Agency for Global Migration",
        Organisation.Kind.INTERNATIONAL_ORGANISATION,
        "CHE",
        "Protection and assistance of vulnerable migrants; assisted voluntary return and reintegration.",
    ),
    (
        "RPO",
        "Refugee Protection Office",
        Organisation.Kind.UN_AGENCY,
        "CHE",
        "International protection of refugees and asylum-seekers.",
    ),
    (
        "RCS",
        "Red Crescent Society of the Coast",
        Organisation.Kind.RED_CROSS,
        "ITA",
        "First aid, health and restoring family links.",
    ),
    (
        "CBS",
        "Coastal Border Service",
        Organisation.Kind.GOVERNMENT,
        "ITA",
        "Border control and registration.",
    ),
]

# name, kind, country, admin area, lat, lon, organisations
SITES = [
    (
        "Porto Sereno landing point",
        Site.Kind.LANDING_POINT,
        "ITA",
        "Sicilia",
        37.501,
        12.605,
        ["AGM", "RPO", "RCS", "CBS"],
    ),
    (
        "Valle Chiara reception centre",
        Site.Kind.RECEPTION_CENTRE,
        "ITA",
        "Sicilia",
        37.602,
        14.015,
        ["AGM", "RPO", "RCS"],
    ),
    (
        "Borgo Fermo detention centre",
        Site.Kind.DETENTION_FACILITY,
        "ITA",
        "Calabria",
        38.905,
        16.587,
        ["AGM", "CBS"],
    ),
    ("Rome office", Site.Kind.OFFICE, "ITA", "Lazio", 41.893, 12.483, ["AGM", "RPO"]),
    (
        "Marsa Nuova landing point",
        Site.Kind.LANDING_POINT,
        "MLT",
        "Southern Harbour",
        35.874,
        14.522,
        ["AGM", "RPO", "RCS"],
    ),
    ("Hal Ferh open centre", Site.Kind.RECEPTION_CENTRE, "MLT", "Northern", 35.936, 14.371, ["AGM", "RPO"]),
]

# Admin 1 / admin 2 p-codes of the sites, in the form of the countries' Common Operational Datasets.
SITE_PCODES = {
    "Porto Sereno landing point": ("IT19", "IT19084"),
    "Valle Chiara reception centre": ("IT19", "IT19086"),
    "Borgo Fermo detention centre": ("IT18", "IT18079"),
    "Rome office": ("IT12", "IT12058"),
    "Marsa Nuova landing point": ("MT01", "MT0103"),
    "Hal Ferh open centre": ("MT02", "MT0201"),
}

# username, organisation, roles, site names (empty: all of the agency's sites)
USERS = [
    (
        "agm.registration",
        "AGM",
        [Role.REGISTRATION_OFFICER],
        ["Porto Sereno landing point", "Marsa Nuova landing point"],
    ),
    ("agm.protection", "AGM", [Role.PROTECTION_OFFICER], []),
    ("agm.caseworker", "AGM", [Role.CASEWORKER], []),
    ("agm.supervisor", "AGM", [Role.SUPERVISOR], []),
    ("agm.im", "AGM", [Role.INFORMATION_MANAGEMENT_OFFICER], []),
    ("agm.admin", "AGM", [Role.AGENCY_ADMINISTRATOR], []),
    ("rpo.protection", "RPO", [Role.PROTECTION_OFFICER, Role.REGISTRATION_OFFICER], []),
    ("rpo.supervisor", "RPO", [Role.SUPERVISOR], []),
    ("rpo.admin", "RPO", [Role.AGENCY_ADMINISTRATOR], []),
    ("rcs.registration", "RCS", [Role.REGISTRATION_OFFICER, Role.PROTECTION_OFFICER], []),
    ("rcs.admin", "RCS", [Role.AGENCY_ADMINISTRATOR], []),
    ("cbs.registration", "CBS", [Role.REGISTRATION_OFFICER], []),
]

AGREEMENTS = [
    (
        "AGM",
        "RPO",
        [
            FieldGroup.IDENTITY,
            FieldGroup.ENCOUNTERS,
            FieldGroup.SCREENING_OUTCOME,
            FieldGroup.PROTECTION_NEEDS,
            FieldGroup.CHILD_PROTECTION,
            FieldGroup.TRAFFICKING,
        ],
        True,
    ),
    (
        "RPO",
        "AGM",
        [
            FieldGroup.IDENTITY,
            FieldGroup.ENCOUNTERS,
            FieldGroup.SCREENING_OUTCOME,
            FieldGroup.PROTECTION_NEEDS,
            FieldGroup.TRAFFICKING,
            FieldGroup.CHILD_PROTECTION,
        ],
        True,
    ),
    ("AGM", "RCS", [FieldGroup.IDENTITY, FieldGroup.HEALTH], False),
    ("RCS", "AGM", [FieldGroup.IDENTITY, FieldGroup.HEALTH, FieldGroup.SCREENING_OUTCOME], True),
]


@transaction.atomic
def ensure_world() -> dict:
    """Create (or find) the demo's organisations, sites, users and agreements."""
    orgs = {}
    for short, name, kind, country, mandate in ORGANISATIONS:
        orgs[short], _ = Organisation.objects.get_or_create(
            short_name=short, defaults={"name": name, "kind": kind, "country": country, "mandate": mandate}
        )
    sites = {}
    for name, site_kind, country, area, lat, lon, hosts in SITES:
        site, created = Site.objects.get_or_create(
            name=name,
            defaults={
                "kind": site_kind,
                "country": country,
                "admin_area": area,
                "adm1_pcode": SITE_PCODES.get(name, ("", ""))[0],
                "adm2_pcode": SITE_PCODES.get(name, ("", ""))[1],
                "latitude": lat,
                "longitude": lon,
            },
        )
        if created:
            site.organisations.set([orgs[h] for h in hosts])
        sites[name] = site
    users = {}
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", DEMO_PASSWORD)
    for username, short, roles, site_names in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, "", DEMO_PASSWORD, first_name=username.split(".")[1].title(), last_name=short
            )
            for role in roles:
                membership = Membership.objects.create(user=user, organisation=orgs[short], role=role)
                membership.sites.set([sites[n] for n in site_names])
        users[username] = user
    for source, target, groups, notices in AGREEMENTS:
        DataSharingAgreement.objects.get_or_create(
            from_organisation=orgs[source],
            to_organisation=orgs[target],
            defaults={
                "field_groups": sorted(groups),
                "match_notices": notices,
                "signed_on": datetime.date(2026, 1, 15),
            },
        )
    audit_record(
        actor="demo",
        action=AuditAction.CREATE,
        object_type="demo_world",
        detail={"organisations": len(orgs), "sites": len(sites), "users": len(users)},
    )
    return {"orgs": orgs, "sites": sites, "users": users}
