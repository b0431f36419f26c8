"""Outreach over JSON (read only): campaigns with their reach, and a resource centre's counts as published.

Sessions themselves are not served: they are microdata about people, and the counts are what leaves the
agency, through the same disclosure control as the CSV download (small cells and those that would give
them back are null). Every call is in the audit trail (`integrations.apikit`).
"""

import datetime
import uuid as uuid_lib

from django.core.exceptions import PermissionDenied
from ninja import Field, Query

from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.integrations.apikit import (
    ApiRequest,
    PageQuery,
    ProjectRef,
    Schema,
    answers,
    keyset_page,
    project_ref,
    router,
    scoped,
)
from mixedflows.lib import disclosure
from mixedflows.outreach import selectors
from mixedflows.outreach.counts import session_tables
from mixedflows.outreach.models import Campaign, ReachReport

api = router("outreach")


def _can_view(request: ApiRequest) -> None:
    user = request.user
    if not isinstance(user, User) or not user.can(Perm.VIEW_OUTREACH):
        raise PermissionDenied(Perm.VIEW_OUTREACH)


class ReachOut(Schema):
    period_start: datetime.date
    period_end: datetime.date
    listeners: int | None
    listeners_source: str
    sessions_held: int | None
    sessions_source: str
    participants: dict[str, int] = Field(description="counts by `<sex>_<age band>`, e.g. `F_18_24`")
    participants_source: str
    materials_distributed: int | None
    materials_source: str


class CampaignOut(Schema):
    id: uuid_lib.UUID
    title: str
    channel: str
    audiences: list[str]
    languages: list[str] = Field(description="ISO 639-3 codes")
    areas: list[str]
    partners: list[str]
    starts_on: datetime.date
    ends_on: datetime.date | None
    project: ProjectRef | None


class CampaignDetail(CampaignOut):
    reach: list[ReachOut]


def campaign_out(c: Campaign) -> dict:
    return {
        "id": c.uuid,
        "title": c.title,
        "channel": c.channel,
        "audiences": c.audiences,
        "languages": c.languages,
        "areas": c.areas,
        "partners": c.partners,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "project": project_ref(c.project),
    }


def reach_out(r: ReachReport) -> dict:
    return {
        name: getattr(r, name)
        for name in (
            "period_start",
            "period_end",
            "listeners",
            "listeners_source",
            "sessions_held",
            "sessions_source",
            "participants",
            "participants_source",
            "materials_distributed",
            "materials_source",
        )
    }


class CampaignPage(Schema):
    results: list[CampaignOut]
    next: str | None


@api.get("/outreach/campaigns", response=answers({200: CampaignPage}), operation_id="outreach_campaigns")
@scoped("outreach:read")
def campaigns_list(request: ApiRequest, page: Query[PageQuery]):
    """The agency's campaigns, newest first."""
    _can_view(request)
    return keyset_page(
        selectors.campaigns_for(user=request.user), page, order="-created_at", out=campaign_out
    )


@api.get(
    "/outreach/campaigns/{uuid}",
    response=answers({200: CampaignDetail}),
    operation_id="outreach_campaign_read",
)
@scoped("outreach:read")
def campaign_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """A campaign and its reach, period by period, each figure with its source."""
    _can_view(request)
    campaign = selectors.campaign_for(user=request.user, uuid=uuid)
    reach = selectors.reach_of(user=request.user, campaign=campaign)
    return {**campaign_out(campaign), "reach": [reach_out(r) for r in reach]}


class CountsQuery(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None


class TableOut(Schema):
    key: str = Field(description="topic_sex, topic_age or sex_age")
    rows: list[str] = Field(description="codes; the last is Total")
    cols: list[str] = Field(description="codes; the last is Total")
    cells: list[list[int | None]] = Field(description="one list per row; null where suppressed")


class CountsOut(Schema):
    centre: uuid_lib.UUID
    threshold: int
    tables: list[TableOut]


@api.get(
    "/outreach/centres/{uuid}/counts",
    response=answers({200: CountsOut}),
    operation_id="outreach_centre_counts",
)
@scoped("outreach:read")
def centre_counts(request: ApiRequest, uuid: uuid_lib.UUID, query: Query[CountsQuery]):
    """A resource centre's sessions counted by topic, sex and age band, as published (disclosure control)."""
    _can_view(request)
    centre = selectors.centre_for(user=request.user, uuid=uuid)
    sessions = selectors.sessions_for_counts(user=request.user, site=centre, start=query.start, end=query.end)
    _total, tables = session_tables(sessions.values_list("sex", "age_band", "topics"))
    out = []
    for table in tables:
        protected = table.published()
        rows, cols = [*table.rows, disclosure.TOTAL], [*table.cols, disclosure.TOTAL]
        out.append(
            {
                "key": table.key,
                "rows": rows,
                "cols": cols,
                "cells": [[protected.published(r, c) for c in cols] for r in rows],
            }
        )
    return {"centre": centre.uuid, "threshold": disclosure.DEFAULT_THRESHOLD, "tables": out}
