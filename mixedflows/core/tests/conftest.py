import pytest


@pytest.fixture
def coord(world):
    """The coordination officers of Alpha (cora), Beta (cole) and Gamma (gus), who keep the project register."""
    from mixedflows.cooperation.tests.conftest import add_coordinators

    return add_coordinators(world)
