# Step 2 of 3 (#16 item 10): a screening's answers and the outcome derived from them (categories, recommended
# procedures, the explanation quoting the answers) say who is a survivor of GBV or trafficking and who is ill;
# their values are encrypted in place with the field key. Reversible.
from django.db import migrations

from mixedflows.core.encryption_migrations import decrypt_columns, encrypt_columns

FIELDS = ["answers", "categories", "procedures", "explanation"]


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model("screening", "Screening"), FIELDS)


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model("screening", "Screening"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("screening", "0007_answers_and_outcome_as_text")]

    operations = [migrations.RunPython(encrypt, decrypt)]
