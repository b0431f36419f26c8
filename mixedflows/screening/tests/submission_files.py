"""Submissions shaped as ODK Central (OData, nested groups) and KoboToolbox (flat "group/question") export them.

The person is chosen from the entity list (`person`: the entity's name, the person's UUID) and the form's
calculate fills `registration_number` from it; `review` sets Central's reviewState / Kobo's validation status.
"""

import uuid


def _consent(person) -> str:
    """A child's consent is the appointed guardian's; an adult's their own."""
    return "consent_guardian" if person.is_child else "consent_person"


def central(person, *, instance=None, deprecated=None, root=None, version="1", review=None, **sections):
    instance = instance or f"uuid:{uuid.uuid4()}"
    meta = {"instanceID": instance}
    if deprecated:
        meta["deprecatedID"] = deprecated
    return {
        "__id": root or deprecated or instance,
        "__system": {
            "submissionDate": "2026-11-20T05:40:00.000Z",
            "updatedAt": "2026-11-20T05:40:00.000Z",
            "formVersion": version,
            "reviewState": review,
        },
        "meta": meta,
        "person": str(person.uuid),
        "registration_scan": None,
        "registration_typed": None,
        "registration_number": person.registration_number,
        "start": "2026-11-20T05:12:00.000+01:00",
        "end": "2026-11-20T05:31:00.000+01:00",
        "information": {"information_given": "yes", "legal_basis": _consent(person)},
        **sections,
    }


KOBO_STATUS = {
    "rejected": {"uid": "validation_status_not_approved", "label": "Not Approved"},
    "approved": {"uid": "validation_status_approved", "label": "Approved"},
}


def kobo(person, *, instance=None, version="1", review=None, typed=False, **answers):
    """typed=True: the person was not in the list, the officer typed the registration number."""
    instance = instance or str(uuid.uuid4())
    chosen = {"registration_typed": person.registration_number} if typed else {"person": str(person.uuid)}
    return {
        "_uuid": instance,
        "meta/instanceID": f"uuid:{instance}",
        "__version__": "vKoboOwnId",
        "_submission_time": "2026-11-20T05:41:00",
        "_validation_status": KOBO_STATUS.get(review, {}),
        "instrument_version": version,
        **chosen,
        "registration_number": person.registration_number,
        "information/information_given": "yes",
        "information/legal_basis": _consent(person),
        **{key.replace("__", "/"): value for key, value in answers.items()},
    }
