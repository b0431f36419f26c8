"""Screenings over JSON: start, answer a section, complete, read the outcome as the caller may see it."""

import datetime
import uuid as uuid_lib
from typing import Any

from ninja import Field, Status

from mixedflows.integrations.apikit import ApiRequest, In, Schema, answers, router, scoped
from mixedflows.people.selectors import field_groups_for, owned_person_for
from mixedflows.screening import selectors, services
from mixedflows.screening.models import Screening
from mixedflows.screening.outcome import VisibleOutcome, visible_outcome

api = router("screening")


class CategoryOut(Schema):
    code: str
    label: str


class ScreeningOut(Schema):
    id: uuid_lib.UUID
    person: uuid_lib.UUID
    instrument: str
    version: str
    status: str
    started_at: datetime.datetime
    completed_at: datetime.datetime | None
    urgency: str = Field(description="from the rules whose field groups the caller may see")
    categories: list[CategoryOut] = Field(
        description="only the categories whose field group the caller may see"
    )
    procedures: list[str] = Field(description="only those derived from field groups the caller may see")
    answers: dict[str, Any] = Field(
        description="answers of the sections whose field group the caller may see"
    )


def screening_out(user, screening: Screening) -> dict:
    groups = field_groups_for(user=user, person=screening.person)
    sections = selectors.visible_sections(screening, groups)
    keys = {q["key"] for section in sections for q in section["questions"]}
    outcome = visible_outcome(screening, groups) or VisibleOutcome(withheld=True)
    return {
        "id": screening.uuid,
        "person": screening.person.uuid,
        "instrument": screening.instrument.code,
        "version": screening.instrument.version,
        "status": screening.status,
        "started_at": screening.started_at,
        "completed_at": screening.completed_at,
        "urgency": outcome.urgency,
        "categories": [{"code": c, "label": label} for c, label in outcome.categories],
        "procedures": outcome.procedures,
        "answers": {k: v for k, v in screening.answers.items() if k in keys},
    }


class StartIn(In):
    person: uuid_lib.UUID


@api.post("/screenings", response=answers({201: ScreeningOut}), operation_id="screenings_start")
@scoped("screening:write")
def screening_start(request: ApiRequest, body: StartIn):
    """Open a screening of a person the agency registered, or return the one in progress."""
    person = owned_person_for(user=request.user, uuid=body.person)
    return Status(
        201, screening_out(request.user, services.screening_start(actor=request.user, person=person))
    )


@api.get("/screenings/{uuid}", response=answers({200: ScreeningOut}), operation_id="screenings_read")
@scoped("screening:read")
def screening_read(request: ApiRequest, uuid: uuid_lib.UUID):
    return screening_out(request.user, selectors.screening_for(user=request.user, uuid=uuid))


class SectionIn(In):
    answers: dict[str, str | list[str] | int | bool | None] = Field(
        ..., description="question key -> answer, as the instrument defines them"
    )


@api.post(
    "/screenings/{uuid}/sections/{section}",
    response=answers({200: ScreeningOut}),
    operation_id="screenings_answer",
)
@scoped("screening:write")
def screening_answer(request: ApiRequest, uuid: uuid_lib.UUID, section: str, body: SectionIn):
    """Save one section's answers; the outcome is computed again."""
    screening = selectors.screening_for(user=request.user, uuid=uuid)
    raw = {k: (v if isinstance(v, list) or v is None else str(v)) for k, v in body.answers.items()}
    services.screening_save_section(actor=request.user, screening=screening, section_key=section, raw=raw)
    return screening_out(request.user, selectors.screening_for(user=request.user, uuid=uuid))


@api.post(
    "/screenings/{uuid}/complete", response=answers({200: ScreeningOut}), operation_id="screenings_complete"
)
@scoped("screening:write")
def screening_complete(request: ApiRequest, uuid: uuid_lib.UUID):
    """Finish the screening; refused (naming the questions) while required answers are missing."""
    screening = selectors.screening_for(user=request.user, uuid=uuid)
    return screening_out(request.user, services.screening_complete(actor=request.user, screening=screening))
