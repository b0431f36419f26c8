"""The people app's models: the person and what identifies them (person.py); groups, relationships, encounters,
access grants and guardianship (groups.py)."""

from mixedflows.people.models.groups import AccessGrant, Encounter, Group, Guardianship, Relationship
from mixedflows.people.models.person import (
    DEFAULT_PURPOSE,
    IDENTITY_FIELDS,
    NAME_FIELDS,
    Alias,
    DobPrecision,
    Document,
    Person,
    PersonNameKey,
    Sex,
    document_number_index,
    new_registration_number,
)

__all__ = [
    "DEFAULT_PURPOSE",
    "IDENTITY_FIELDS",
    "NAME_FIELDS",
    "AccessGrant",
    "Alias",
    "DobPrecision",
    "Document",
    "Encounter",
    "Group",
    "Guardianship",
    "Person",
    "PersonNameKey",
    "Relationship",
    "Sex",
    "document_number_index",
    "new_registration_number",
]
