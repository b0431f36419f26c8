"""Interface languages: the switcher, the profile's language, the browser's before sign-in, direction."""

import json
import re

import pytest
from django.urls import reverse

from mixedflows.core.models import AuditEvent


@pytest.mark.django_db
def test_before_sign_in_the_page_follows_the_browser_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    assert "Se connecter" in page.content.decode()


@pytest.mark.django_db
def test_the_switcher_before_sign_in_keeps_the_choice_in_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="fr" dir="ltr">' in page.content.decode()


def test_a_signed_in_officer_language_is_saved_on_her_profile(client, world):
    client.force_login(world.alice)
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("home")})
    assert response["Location"] == reverse("home")
    world.alice.refresh_from_db()
    assert world.alice.language == "ar"
    assert AuditEvent.objects.filter(action="change", object_type="user", fields=["language"]).exists()
    # Another laptop, another browser language: her profile wins.
    other = type(client)()
    other.force_login(world.alice)
    html = other.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الخروج" in html


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_address(client, world):
    client.force_login(world.alice)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"
    world.alice.refresh_from_db()
    assert world.alice.language == ""
    assert client.get(reverse("set_language")).status_code == 405


def test_every_page_offers_the_three_languages_by_post(client, world):
    client.force_login(world.alice)
    html = client.get(reverse("core:sites")).content.decode()
    assert f'action="{reverse("set_language")}"' in html and 'method="post"' in html
    for code, name in (("en", "English"), ("fr", "Français"), ("ar", "العربية")):
        assert f'value="{code}" lang="{code}"' in html and name in html


@pytest.mark.django_db
def test_the_javascript_catalogue_is_served_before_sign_in(client):
    response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert json.dumps("في انتظار الإرسال") in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_date_box_shows_its_day_in_every_language(client, world, language):
    """A date picker reads only ISO values: a French page wrote 02/12/2026 into it and the box showed empty."""
    import datetime

    from django.utils import translation

    from mixedflows.lib.forms import DateInput, DateTimeInput

    with translation.override(language):
        day = DateInput().render("d", datetime.date(2026, 12, 2))
        moment = DateTimeInput().render("t", datetime.datetime(2026, 12, 2, 21, 5))
    assert 'type="date"' in day and 'value="2026-12-02"' in day
    assert 'type="datetime-local"' in moment and 'value="2026-12-02T21:05"' in moment
    # A page that pre-fills dates: the referral dashboard opens on the last weeks.
    client.force_login(world.alice)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("referrals:dashboard")).content.decode()
    values = re.findall(r'<input type="date" name="(?:start|end)" value="([^"]*)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values


def test_every_date_box_is_the_shared_iso_one():
    """A date or date-time box made any other way writes the locale's format, which the picker cannot show."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "mixedflows"
    raw = re.compile(r'forms\.Date(Time)?Input\(|input_type = "date|attrs=\{"type": "date')
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if "tests" not in path.parts and path != package / "lib" / "forms.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line)
    ]
    assert not offenders, f"use mixedflows.lib.forms.DateInput / DateTimeInput: {offenders}"
