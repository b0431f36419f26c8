"""Taking over a person shared by another agency: the receiving agency's own record, from the granted groups."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import FieldGroup, User
from mixedflows.people.models import IDENTITY_FIELDS, Alias, Document, Person, new_registration_number
from mixedflows.people.selectors import field_groups_for
from mixedflows.people.services import refresh_name_keys

# What each shared field group carries into the receiving agency's own record.
TAKEOVER_FIELDS = {
    FieldGroup.IDENTITY: IDENTITY_FIELDS,
    FieldGroup.CONTACT: ("phone",),
}


@transaction.atomic
def person_take_over(*, actor: User, source: Person, legal_basis: str, purpose: str, detail: dict) -> Person:
    """Create the actor's agency's own record of `source` from the field groups it may see (identity at least).

    `detail` says in the audit why (the referral it came with); no value is copied that the grant withholds.
    """
    if actor.organisation is None or source.organisation_id == actor.organisation.pk:
        raise PermissionDenied("a person is taken over from another agency")
    groups = field_groups_for(user=actor, person=source)
    if FieldGroup.IDENTITY not in groups:
        raise ValidationError(
            _("The referral shares no identity fields with your agency: a case needs at least those.")
        )
    values = {
        name: getattr(source, name)
        for group, names in TAKEOVER_FIELDS.items()
        if group in groups
        for name in names
    }
    person = Person.objects.create(
        organisation=actor.agency,
        registration_number=new_registration_number(actor.organisation.short_name),
        created_by=actor,
        legal_basis=legal_basis or source.legal_basis,
        purpose=purpose,
        **values,
    )
    aliases = [a.name for a in source.aliases.all()]
    Alias.objects.bulk_create(Alias(person=person, name=a) for a in aliases)
    if FieldGroup.DOCUMENTS in groups:
        Document.objects.bulk_create(
            Document(
                person=person,
                organisation=actor.agency,
                kind=d.kind,
                number=d.number,
                number_index=d.number_index,
                issuing_country=d.issuing_country,
                held_by_person=d.held_by_person,
            )
            for d in source.documents.all()
        )
    refresh_name_keys(person, aliases)
    copied = [name for name, value in values.items() if value not in ("", None, [])]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="person",
        object_id=person.uuid,
        fields=copied + (["aliases"] if aliases else []),
        detail={"taken_over_from": str(source.uuid), **detail, "field_groups": sorted(groups)},
    )
    return person
