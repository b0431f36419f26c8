"""schemathesis against the live OpenAPI schema the app serves: every operation with generated input, with
the tokens of two agencies; no 500, status codes and bodies as documented, auth enforced; then a stateful
run that follows the schema's links (register -> read -> screen; send a referral -> each of its steps)."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from mixedflows.api import api
from mixedflows.core.models import DataSharingAgreement, FieldGroup
from mixedflows.integrations.services import token_create
from mixedflows.referrals.models import ServiceOffer

# Generated ids name nothing that exists, so valid-looking input is often a 404: not a failure.
EXCLUDED = [positive_data_acceptance]
SETTINGS = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _bearer(user) -> dict:
    return {
        "Authorization": f"Bearer {token_create(actor=user, name='schemathesis', scopes=['write'], expires_days=1).secret}"
    }


@pytest.fixture
def agencies(world, register):
    # The WSGI handler closes the connection after each request; the test's transaction must outlive it,
    # as Django's own test client arranges.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    register(given_name="Amanuel", family_name="Tesfay", sex="M", age=19)
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY, FieldGroup.SCREENING_OUTCOME],
        signed_on=datetime.date(2026, 1, 1),
    )
    ServiceOffer.objects.create(organisation=world.beta, site=world.quay, service="shelter")
    yield {"alpha": _bearer(world.alice), "beta": _bearer(world.bob)}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _served_schema():
    """The schema as /api/v1/openapi.json serves it, answered by the app itself."""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
    loaded.app = get_wsgi_application()
    return loaded


schema = _served_schema()


@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_documented(case, agencies, db):
    for headers in agencies.values():
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)


def test_stateful_runs_follow_the_links(agencies):
    machine = schema.as_state_machine()

    class Workflow(machine):
        def get_call_kwargs(self, case):
            return {"headers": agencies["alpha"]}

        def validate_response(self, response, case, **kwargs):
            # Authentication is checked operation by operation above; here every call carries Alpha's token.
            case.validate_response(response, excluded_checks=[*EXCLUDED, ignored_auth])

    Workflow.run(settings=settings(SETTINGS, max_examples=5, stateful_step_count=4))
