"""Linkage over JSON: "possibly the same person" candidates for one of the agency's records."""

import uuid as uuid_lib

from django.core.exceptions import PermissionDenied

from mixedflows.core.roles import Perm
from mixedflows.integrations.apikit import ApiRequest, Schema, answers, router, scoped
from mixedflows.linkage import selectors
from mixedflows.people.selectors import owned_person_for

api = router("linkage")


class ReasonOut(Schema):
    field: str
    comparison: str
    agrees: bool


class CandidateOut(Schema):
    person: uuid_lib.UUID
    registration_number: str
    probability: float
    reasons: list[ReasonOut]


@api.get(
    "/people/{uuid}/candidates",
    response=answers({200: list[CandidateOut]}),
    operation_id="linkage_candidates",
)
@scoped("linkage:read")
def person_candidates(request: ApiRequest, uuid: uuid_lib.UUID):
    """Other records of the caller's agency that may be this person, with the evidence for each."""
    user = request.auth.user  # type: ignore[attr-defined]
    if not user.can(Perm.REGISTER_PEOPLE) and not user.can(Perm.REVIEW_LINKAGE):
        raise PermissionDenied(Perm.REVIEW_LINKAGE)
    person = owned_person_for(user=user, uuid=uuid)
    return [
        {
            "person": c.person.uuid,
            "registration_number": c.person.registration_number,
            "probability": round(c.probability, 4),
            "reasons": [
                {"field": str(f), "comparison": str(how), "agrees": agrees} for f, how, agrees in c.reasons
            ],
        }
        for c in selectors.candidates_for_person(user=user, person=person)
    ]
