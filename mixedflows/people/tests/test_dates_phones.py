"""Dates of birth in the locale's order, digits and calendar; phones in E.164 (docs/languages.md).

Alice registers people arriving at the quay (Italy) in the arrival grid and on the edit page, in
English, French and Arabic. A date in an impossible calendar day or a phone nobody can dial is
refused in her language and nothing is written.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.lib.calendars import Calendar
from mixedflows.people.models import DobPrecision, Person
from mixedflows.people.services import EncounterContext, arrival_open

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def boat(world):
    return arrival_open(
        actor=world.alice,
        label="Boat 9",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )


def speaking(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def grid_row(client, boat, key, **fields):
    row = {
        "intake_key": key,
        "given_name": "Senait",
        "fathers_name": "",
        "grandfathers_name": "",
        "family_name": "",
        "name_original_script": "",
        "sex": "F",
        "dob_or_age": "",
        "nationality": "",
        "language": "",
        "document_number": "",
        **fields,
    }
    return client.post(reverse("people:group_row", args=[boat.uuid]), row, **HTMX)


@pytest.mark.parametrize(
    ("language", "typed", "day", "precision", "calendar"),
    [
        ("fr", "31/12/1990", datetime.date(1990, 12, 31), DobPrecision.EXACT, ""),
        ("ar", "٣١/١٢/١٩٩٠", datetime.date(1990, 12, 31), DobPrecision.EXACT, ""),
        ("ar", "۱۹۹۰-۱۲-۳۱", datetime.date(1990, 12, 31), DobPrecision.EXACT, ""),
        ("en", "05/1990", datetime.date(1990, 5, 1), DobPrecision.MONTH, ""),
        ("ar", "٢٠٠٩", datetime.date(2009, 1, 1), DobPrecision.YEAR, ""),
        # Enkutatash (Ethiopian new year) 2017 E.C. is 11 September 2024.
        ("en", "EC 01/01/2017", datetime.date(2024, 9, 11), DobPrecision.EXACT, Calendar.ETHIOPIAN),
        ("fr", "12/05/1982 E.C.", datetime.date(1990, 1, 20), DobPrecision.EXACT, Calendar.ETHIOPIAN),
        # 1 Ramadan 1445 A.H. is 11 March 2024 (the tabular calendar convertdate computes).
        ("ar", "١/٩/١٤٤٥ هـ", datetime.date(2024, 3, 11), DobPrecision.EXACT, Calendar.HIJRI),
        # 30 Dey 1368 S.H. is 20 January 1990; Nowruz 1403 is 20 March 2024.
        ("ar", "١٣٦٨/١٠/٣٠ هـ.ش", datetime.date(1990, 1, 20), DobPrecision.EXACT, Calendar.SOLAR_HIJRI),
        ("en", "SH 1403/01/01", datetime.date(2024, 3, 20), DobPrecision.EXACT, Calendar.SOLAR_HIJRI),
    ],
)
def test_the_grid_reads_the_locales_order_digits_and_calendar(
    client, world, boat, language, typed, day, precision, calendar
):
    speaking(client, world.alice, language)
    assert grid_row(client, boat, "k1", dob_or_age=typed).status_code == 200
    person = Person.objects.get(intake_key="k1")
    assert (person.date_of_birth, person.dob_precision, person.dob_calendar) == (day, precision, calendar)


def test_an_age_in_arabic_indic_digits_is_an_age(client, world, boat):
    speaking(client, world.alice, "ar")
    grid_row(client, boat, "k1", dob_or_age="١٦")
    person = Person.objects.get(intake_key="k1")
    assert (person.age_declared, person.dob_precision, person.dob_calendar) == (
        16,
        DobPrecision.ESTIMATED,
        "",
    )


def test_the_person_page_shows_the_gregorian_day_and_the_date_as_given(client, world, boat):
    speaking(client, world.alice, "en")
    grid_row(client, boat, "k1", dob_or_age="SH 1368/10/30")
    person = Person.objects.get(intake_key="k1")
    assert person.date_of_birth_display == "1990-01-20 (30/10/1368 S.H.)"
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert "<bdi>1990-01-20 (30/10/1368 S.H.)</bdi>" in page
    edit = client.get(reverse("people:edit", args=[person.uuid])).content.decode()
    assert 'value="30/10/1368"' in edit and '<option value="solar_hijri" selected>' in edit


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("fr", "EC 01/14/2015", "Il n’y a pas de mois 14 dans le calendrier éthiopien"),
        ("ar", "EC 01/14/2015", "لا يوجد شهر 14 في التقويم الإثيوبي"),
        ("fr", "AH 30/02/1445", "Le mois 2 de 1445 a 29 jours dans le calendrier hégirien"),
        ("ar", "٣١/٠٢/١٤٤٥ هـ", "الشهر 2 من سنة 1445 فيه 29 يومًا في التقويم الهجري"),
        ("fr", "31/02/1990", "31/02/1990 n’est pas une date réelle"),
        ("ar", "٣٠/٠٢/٢٠٢٦", "ليس تاريخًا حقيقيًا"),
        ("fr", "XY 1990", "indiquez le calendrier avec EC, AH ou SH"),
        ("ar", "32/13", "ليس تاريخًا"),
    ],
)
def test_a_date_in_the_wrong_calendar_is_refused_in_her_language_and_nothing_written(
    client, world, boat, language, typed, message
):
    speaking(client, world.alice, language)
    before = AuditEvent.objects.count()
    response = grid_row(client, boat, "k1", dob_or_age=typed)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Person.objects.filter(intake_key="k1").exists()
    assert AuditEvent.objects.count() == before


def edit_form(person, **fields):
    return {
        "given_name": person.given_name,
        "fathers_name": "",
        "grandfathers_name": "",
        "family_name": "",
        "name_original_script": "",
        "sex": person.sex,
        "dob_or_age": "",
        "dob_calendar": "",
        "nationality": "",
        "language": "",
        "document_number": "",
        "phone": "",
        "aliases": "",
        **fields,
    }


def test_the_calendar_chosen_beside_the_date_on_the_edit_page(client, world, register):
    person = register(given_name="Yonas", nationality="ERI")
    speaking(client, world.alice, "fr")
    url = reverse("people:edit", args=[person.uuid])
    response = client.post(url, edit_form(person, dob_or_age="12/05/1982", dob_calendar="ethiopian"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.date_of_birth, person.dob_calendar) == (datetime.date(1990, 1, 20), Calendar.ETHIOPIAN)
    # A prefix naming another calendar than the one chosen is a contradiction, not a guess.
    response = client.post(url, edit_form(person, dob_or_age="AH 12/05/1410", dob_calendar="ethiopian"))
    assert response.status_code == 200
    assert (
        "La date indique le calendrier hégirien (A.H.) mais le calendrier choisi est éthiopien (E.C.)"
        in response.content.decode()
    )
    person.refresh_from_db()
    assert person.dob_calendar == Calendar.ETHIOPIAN


# --- Phones -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("333 123 4567", "+393331234567"),  # a number of the quay's country (Italy) without its prefix
        ("+39 333 123 4567", "+393331234567"),
        ("+218 91 234 5678", "+218912345678"),  # Libya, with its + prefix
        ("00218 91 234 5678", "+218912345678"),
        ("+٢١٨ ٩١ ٢٣٤ ٥٦٧٨", "+218912345678"),  # Arabic-Indic digits
    ],
)
def test_a_phone_is_stored_in_e164(world, register, typed, stored):
    assert register(phone=typed).phone == stored


def test_a_phone_is_shown_in_the_local_format_at_home_and_international_abroad(client, world, register):
    italian, libyan = register(phone="333 123 4567"), register(phone="+218 91 234 5678")
    assert (italian.phone_display, libyan.phone_display) == ("333 123 4567", "+218 91-2345678")
    client.force_login(world.alice)
    page = client.get(reverse("people:detail", args=[libyan.uuid])).content.decode()
    assert '<bdi dir="ltr">+218 91-2345678</bdi>' in page


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        (
            "fr",
            "12345",
            "Ce n’est pas un numéro valide pour ce pays (Italie) : un numéro d’un autre pays doit avoir son préfixe +.",
        ),
        ("ar", "١٢٣٤٥", "هذا ليس رقمًا صالحًا في هذا البلد (إيطاليا): رقم بلد آخر يحتاج إلى بادئته +."),
        ("fr", "+999 1234", "Ce n’est pas un numéro de téléphone."),
        ("ar", "+216 12", "هذا ليس رقم هاتف صالحًا (تحقق من رمز البلد وعدد الأرقام)."),
    ],
)
def test_an_invalid_phone_is_refused_in_her_language_and_nothing_written(
    client, world, register, language, typed, message
):
    person = register(given_name="Hawa", phone="+393331234567")
    speaking(client, world.alice, language)
    before = AuditEvent.objects.count()
    response = client.post(reverse("people:edit", args=[person.uuid]), edit_form(person, phone=typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "+393331234567"
    assert AuditEvent.objects.count() == before


def test_an_old_phone_no_parser_reads_does_not_block_an_edit(client, world, register):
    person = register(given_name="Hawa")
    Person.objects.filter(pk=person.pk).update(phone="ask the brother")
    client.force_login(world.alice)
    url = reverse("people:edit", args=[person.uuid])
    assert 'value="ask the brother"' in client.get(url).content.decode()
    response = client.post(url, edit_form(person, given_name="Hawa Ali", phone="ask the brother"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.phone) == ("Hawa Ali", "ask the brother")


def test_the_migration_rewrites_readable_phones_and_counts_the_others(world, register, capsys):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("mixedflows.people.migrations.0004_dob_calendar_and_e164_phones")
    readable, foreign, unreadable = register(), register(), register()
    Person.objects.filter(pk=readable.pk).update(phone="333 123 4567")
    Person.objects.filter(pk=foreign.pk).update(phone="+218 91 234 5678")
    Person.objects.filter(pk=unreadable.pk).update(phone="ask the brother")
    migration.phones_to_e164(apps, None)
    phones = dict(Person.objects.values_list("pk", "phone"))
    assert phones[readable.pk] == "+393331234567" and phones[foreign.pk] == "+218912345678"
    assert phones[unreadable.pk] == "ask the brother"
    assert "2 rewritten in E.164, 1 left as they were" in capsys.readouterr().out
