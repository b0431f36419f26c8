"""Dates of birth note their calendar; phone numbers are stored in E.164 (docs/languages.md).

Existing phones are rewritten in E.164 where phonenumbers reads them (a number without + as one of
the country of the site the person was last met at, else the agency's); the others stay as they
are, and the migration says how many of each.
"""

from django.db import migrations, models


def phones_to_e164(apps, schema_editor):
    from mixedflows.lib.phones import PhoneError, phone_e164

    Person = apps.get_model("people", "Person")
    Encounter = apps.get_model("people", "Encounter")
    rewritten = kept = 0
    for person in Person.objects.exclude(phone="").select_related("organisation").iterator():
        latest = Encounter.objects.filter(person=person).select_related("site").order_by("-occurred_at").first()
        country = latest.site.country if latest else person.organisation.country
        try:
            e164 = phone_e164(person.phone, country=country)
        except PhoneError:
            kept += 1
            continue
        if e164 != person.phone:
            Person.objects.filter(pk=person.pk).update(phone=e164)
            rewritten += 1
    if rewritten or kept:
        print(f"\n  phones: {rewritten} rewritten in E.164, {kept} left as they were (not a number phonenumbers reads)")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_add_guardianship"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="dob_calendar",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Gregorian"),
                    ("ethiopian", "Ethiopian (E.C.)"),
                    ("hijri", "Hijri (A.H.)"),
                    ("solar_hijri", "Solar Hijri, Persian (S.H.)"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=models.CharField(blank=True, help_text="E.164: +393331234567", max_length=40),
        ),
        migrations.RunPython(phones_to_e164, migrations.RunPython.noop),
    ]
