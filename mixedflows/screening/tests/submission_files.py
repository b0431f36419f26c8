"""Submissions shaped as ODK Central (OData, nested groups) and KoboToolbox (flat "group/question") export them."""

import uuid


def central(person, *, instance=None, deprecated=None, root=None, version="1", **sections):
    instance = instance or f"uuid:{uuid.uuid4()}"
    meta = {"instanceID": instance}
    if deprecated:
        meta["deprecatedID"] = deprecated
    return {
        "__id": root or deprecated or instance,
        "__system": {"submissionDate": "2026-11-20T05:40:00.000Z", "formVersion": version},
        "meta": meta,
        "registration_number": person.registration_number,
        "start": "2026-11-20T05:12:00.000+01:00",
        "end": "2026-11-20T05:31:00.000+01:00",
        "information": {"information_given": "yes", "legal_basis": "consent_guardian"},
        **sections,
    }


def kobo(person, *, instance=None, version="1", **answers):
    instance = instance or str(uuid.uuid4())
    return {
        "_uuid": instance,
        "meta/instanceID": f"uuid:{instance}",
        "__version__": "vKoboOwnId",
        "_submission_time": "2026-11-20T05:41:00",
        "instrument_version": version,
        "registration_number": person.registration_number,
        "information/information_given": "yes",
        "information/legal_basis": "consent_person",
        **{key.replace("__", "/"): value for key, value in answers.items()},
    }
