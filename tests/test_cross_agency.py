"""Every URL that names an object is a 404 for a user of another agency (same role), never a 403.

Each app lists its object URLs in `mixedflows/<app>/tests/cross_agency.py`:
`objects(world, register)` builds what Alpha Agency owns, and `URLS` maps each
URL name to (HTTP method, the owner's username, a function from those objects to
the URL's arguments). A new URL that is in no list fails `test_every_url_is_listed`.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import mixedflows

# URLs with no object in them: they show only the signed-in user's own agency (tested in their apps),
# or nothing of any agency (the language switcher and the JavaScript catalogue, tests/test_languages.py).
NO_OBJECT_URLS = {
    "home",
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
    "password_change",
    "mfa_setup",
    "mfa_verify",
}


def _app_modules():
    for module in pkgutil.iter_modules(mixedflows.__path__):
        try:
            yield importlib.import_module(f"mixedflows.{module.name}.tests.cross_agency")
        except ModuleNotFoundError:
            continue


MODULES = list(_app_modules())
CASES = [(name, spec, module) for module in MODULES for name, spec in module.URLS.items()]
LISTS = set().union(*(getattr(module, "LIST_URLS", set()) for module in MODULES))


def _names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            # The admin has its own tests; the JSON API has its own cross-agency test (test_api_cross_agency.py).
            if pattern.namespace in ("admin", "api-v1"):
                continue
            yield from _names(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_url_is_listed():
    listed = {name for name, _, _ in CASES} | LISTS | NO_OBJECT_URLS
    missing = sorted(set(_names()) - listed)
    assert not missing, f"URLs missing from the cross-agency test: {missing}"


@pytest.mark.parametrize(("name", "spec", "module"), CASES, ids=[c[0] for c in CASES])
def test_other_agency_gets_404(client, world, register, name, spec, module):
    method, owner, kwargs = spec
    objects = module.objects(world, register)
    url = reverse(name, kwargs=kwargs(objects))

    client.force_login(getattr(world, owner))
    own = getattr(client, method)(url)
    assert own.status_code in (200, 302, 422), (
        f"{name}: the owner gets {own.status_code}, so the case proves nothing"
    )

    client.force_login(world.counterpart[owner])
    other = getattr(client, method)(url)
    assert other.status_code == 404, (
        f"{name}: a user of another agency with the same role gets {other.status_code}"
    )


@pytest.fixture
def platform_admin(db):
    from mixedflows.core.models import User

    return User.objects.create_superuser("root", "", "a-long-test-password")


@pytest.mark.parametrize(("name", "spec", "module"), CASES, ids=[c[0] for c in CASES])
def test_the_platform_administrator_gets_no_object_of_an_agency(
    client, world, register, platform_admin, name, spec, module
):
    method, owner, kwargs = spec
    url = reverse(name, kwargs=kwargs(module.objects(world, register)))
    client.force_login(platform_admin)
    response = getattr(client, method)(url)
    assert response.status_code in (403, 404), (
        f"{name}: the platform administrator gets {response.status_code}"
    )


def test_the_platform_administrator_sees_no_person_on_any_list(client, world, register, platform_admin):
    from mixedflows.people.models import Person

    for module in MODULES:
        module.objects(world, register)
    names = {n for n in Person.objects.values_list("given_name", flat=True) if len(n) > 3}
    numbers = set(Person.objects.values_list("registration_number", flat=True))
    assert names and numbers
    client.force_login(platform_admin)
    for name in sorted(LISTS | {"home"}):
        try:
            url = reverse(name)
        except Exception:
            continue  # a list URL with arguments is covered by its app's own tests
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 200:
                assert response.status_code in (302, 403, 404, 405), (
                    f"{method} {name}: {response.status_code}"
                )
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            page = body.decode(errors="replace")
            leaked = sorted(word for word in names | numbers if word in page)
            assert not leaked, f"{method} {name} shows {leaked[:3]} to the platform administrator"
