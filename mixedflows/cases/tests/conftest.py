"""Case work at Alpha Agency: Carla the caseworker, Adam and Sam the supervisors, Fiona the fund manager.
At Beta Agency: Cody the caseworker and Fred the fund manager.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone


def add_casework_users(world):
    from mixedflows.core.models import Membership, User
    from mixedflows.core.roles import Role

    def user(username, org, role):
        u = User.objects.create_user(username, password="a-long-test-password")
        Membership.objects.create(user=u, organisation=org, role=role)
        return User.objects.get(pk=u.pk)

    world.carla = user("carla", world.alpha, Role.CASEWORKER)
    world.sam = user("sam", world.alpha, Role.SUPERVISOR)
    world.fiona = user("fiona", world.alpha, Role.FUND_MANAGER)
    world.cody = user("cody", world.beta, Role.CASEWORKER)
    world.fred = user("fred", world.beta, Role.FUND_MANAGER)
    world.counterpart.update({"carla": world.cody, "fiona": world.fred, "sam": world.bea})
    return world


def make_referral(
    world,
    register,
    *,
    groups=("identity", "screening_outcome", "trafficking"),
    service="anti_trafficking_identification",
    **person_fields,
):
    """Beta refers one of its people to Alpha (status sent) with the AccessGrant the referral carries."""
    from mixedflows.people.models import AccessGrant
    from mixedflows.referrals.models import Referral

    source = register(
        user=world.bob,
        site=world.quay,
        **{
            "given_name": "Hiwet",
            "family_name": "Tesfay",
            "sex": "F",
            "nationality": "ERI",
            "age": 23,
            **person_fields,
        },
    )
    referral = Referral.objects.create(
        person=source,
        from_organisation=world.beta,
        to_organisation=world.alpha,
        service=service,
        urgency="high",
        legal_basis="consent",
        consent_given_by="the person",
        consent_obtained_by=world.bob,
        consent_obtained_at=timezone.now(),
        field_groups=list(groups),
        due_at=timezone.now() + datetime.timedelta(days=3),
        created_by=world.bob,
    )
    AccessGrant.objects.create(
        person=source,
        organisation=world.alpha,
        field_groups=list(groups),
        legal_basis="consent",
        source_type="referral",
        source_id=str(referral.uuid),
        granted_by=world.bob,
    )
    return referral


@pytest.fixture
def casework(world):
    return add_casework_users(world)


@pytest.fixture
def open_case(casework, register):
    from mixedflows.cases.services.cases import case_open

    def _open(person=None, case_type="stranded_migrant", **kwargs):
        person = person or register(given_name="Amanuel", sex="M", nationality="ERI", age=30)
        return case_open(
            actor=casework.carla, person=person, case_type=case_type, supervisor=casework.adam, **kwargs
        )

    return _open


@pytest.fixture
def fund(casework):
    from mixedflows.cases.services.fund import fund_create

    today = timezone.localdate()
    return fund_create(
        actor=casework.fiona,
        name="Emergency fund",
        currency="EUR",
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=300),
        budget=Decimal("1000.00"),
        fund_manager_threshold=Decimal("300.00"),
    )
