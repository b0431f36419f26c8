"""Flow monitoring over JSON: registry entries of a monitoring point, and the agency's published tables."""

import datetime
import uuid as uuid_lib
from typing import Any

from ninja import Field, Query, Status

from mixedflows.flows import selectors, services
from mixedflows.flows.models import COUNT_FIELDS, Observation, Publication
from mixedflows.integrations.apikit import (
    ApiRequest,
    In,
    PageQuery,
    Schema,
    answers,
    keyset_page,
    router,
    scoped,
)

api = router("flows")


class ObservationOut(Schema):
    id: uuid_lib.UUID
    point: uuid_lib.UUID
    date: datetime.date
    direction: str
    movement: str
    nationality: str
    previous_place: str
    next_place: str
    final_destination: str
    transport: str
    total: int
    counts: dict[str, int] = Field(description="people seen by sex and age band (f_0_4 ... m_60p)")


def observation_out(o: Observation) -> dict:
    return {
        "id": o.uuid,
        "point": o.point.uuid,
        "date": o.date,
        "direction": o.direction,
        "movement": o.movement,
        "nationality": o.nationality,
        "previous_place": o.previous_place,
        "next_place": o.next_place,
        "final_destination": o.final_destination,
        "transport": o.transport,
        "total": o.total,
        "counts": {f: getattr(o, f) for f in COUNT_FIELDS},
    }


class ObservationPage(Schema):
    results: list[ObservationOut]
    next: str | None


@api.get(
    "/flows/points/{uuid}/observations",
    response=answers({200: ObservationPage}),
    operation_id="flows_observations",
)
@scoped("flows:read")
def observations_list(request: ApiRequest, uuid: uuid_lib.UUID, page: Query[PageQuery]):
    """The daily registry of a monitoring point, newest first."""
    point = selectors.point_for(user=request.user, uuid=uuid)
    rows = Observation.objects.visible_to(request.user).filter(point=point).select_related("point")
    return keyset_page(rows, page, order="-recorded_at", out=observation_out)


class ObservationIn(In):
    date: datetime.date
    direction: str
    movement: str = "migration"
    nationality: str = ""
    previous_place: str = Field("", max_length=200)
    next_place: str = Field("", max_length=200)
    final_destination: str = ""
    transport: str = ""
    counts: dict[str, int] = Field(..., description="f_0_4 ... m_60p; at least one person")


@api.post(
    "/flows/points/{uuid}/observations",
    response=answers({201: ObservationOut}),
    operation_id="flows_observation_record",
)
@scoped("flows:write")
def observation_record(request: ApiRequest, uuid: uuid_lib.UUID, body: ObservationIn):
    """Record one observed group at a monitoring point."""
    point = selectors.point_for(user=request.user, uuid=uuid)
    unknown = set(body.counts) - set(COUNT_FIELDS)
    if unknown:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            {"counts": f"Unknown count {sorted(unknown)[0]!r}; use {', '.join(COUNT_FIELDS)}."}
        )
    row = services.observation_record(
        actor=request.user, point=point, data=services.ObservationInput(**body.model_dump())
    )
    return Status(201, observation_out(row))


class PublicationOut(Schema):
    id: uuid_lib.UUID
    kind: str
    title: str
    published_at: datetime.datetime
    rules: dict[str, Any]
    content: Any = Field(description="the published table, suppressed cells already removed")


def publication_out(p: Publication) -> dict:
    return {
        "id": p.uuid,
        "kind": p.kind,
        "title": p.title,
        "published_at": p.published_at,
        "rules": p.rules,
        "content": p.content,
    }


class PublicationPage(Schema):
    results: list[PublicationOut]
    next: str | None


@api.get("/flows/publications", response=answers({200: PublicationPage}), operation_id="flows_publications")
@scoped("flows:read")
def publications_list(request: ApiRequest, page: Query[PageQuery]):
    """Tables the agency published, after disclosure control."""
    return keyset_page(
        selectors.publications_for(user=request.user), page, order="-published_at", out=publication_out
    )


@api.get(
    "/flows/publications/{uuid}",
    response=answers({200: PublicationOut}),
    operation_id="flows_publication_read",
)
@scoped("flows:read")
def publication_read(request: ApiRequest, uuid: uuid_lib.UUID):
    return publication_out(selectors.publication_for(user=request.user, uuid=uuid))
