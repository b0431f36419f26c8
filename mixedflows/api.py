"""The JSON API, version 1, mounted at /api/v1/: one NinjaAPI built from each app's `api.py` router.

This module is a composition root like `urls.py`: it may import every app; no app imports it."""

import copy
from typing import ClassVar

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from mixedflows.integrations.apikit import TokenAuth, api_view, install_error_handlers, throttle

# OpenAPI links: what a client (and schemathesis' stateful run) may call next with the id an answer gives.
_BY_ID = {"parameters": {"uuid": "$response.body#/id"}}
LINKS = {
    "referrals_send": [
        "referrals_read",
        "referrals_acknowledge",
        "referrals_accept",
        "referrals_decline",
        "referrals_complete",
        "referrals_withdraw",
    ],
    "people_register": ["people_read", "people_encounters", "people_encounter_add", "linkage_candidates"],
    "groups_open": ["groups_read"],
    "screenings_start": ["screenings_read", "screenings_complete"],
    "cases_fund_request": ["cases_fund_request_read", "cases_fund_decide"],
}


class MixedflowsAPI(NinjaAPI):
    _schemas: ClassVar[dict] = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Built once per process: the routes do not change while it runs (it took seconds on every docs load).
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        if key not in self._schemas:
            self._schemas[key] = self._with_links(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
        return copy.deepcopy(self._schemas[key])

    @staticmethod
    def _with_links(schema):
        for methods in schema["paths"].values():
            for operation in methods.values():
                targets = LINKS.get(operation.get("operationId"), [])
                created = operation.get("responses", {}).get(201)
                if targets and created is not None:
                    created["links"] = {target: {"operationId": target, **_BY_ID} for target in targets}
        return schema


api = MixedflowsAPI(
    title="mixedflows API",
    version="1",
    description=(
        "The same services, selectors and visibility as the pages. Authenticate with "
        "`Authorization: Bearer <token>`; a person of another agency is a 404; a field group you may not "
        "see is absent from the answer; errors are `{code, message}`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[throttle()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_error_handlers(api)


def _routers():
    from mixedflows.cases.api import api as cases
    from mixedflows.detention.api import api as detention
    from mixedflows.flows.api import api as flows
    from mixedflows.linkage.api import api as linkage
    from mixedflows.outreach.api import api as outreach
    from mixedflows.people.api import api as people
    from mixedflows.referrals.api import api as referrals
    from mixedflows.screening.api import api as screening
    from mixedflows.training.api import api as training

    return [people, screening, referrals, cases, linkage, flows, detention, outreach, training]


for _router in _routers():
    api.add_router("", _router)


def _wrapped(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = list(_wrapped(pattern.url_patterns))
            yield pattern
        elif isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
            yield pattern


def urlpatterns() -> list:
    patterns, app_name, namespace = api.urls
    return [path("api/v1/", include((list(_wrapped(patterns)), app_name), namespace=namespace))]
