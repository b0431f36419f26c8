# Step 2 of 3 (#16 item 10): the identification's answers are encrypted in place with the field key. Reversible.
from django.db import migrations

from mixedflows.core.encryption_migrations import decrypt_columns, encrypt_columns

FIELDS = [
    "screening_indicators",
    "methods_of_recruitment",
    "methods_of_control",
    "labour_exploitation",
    "sex_exploitation",
    "vulnerabilities",
]


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model("cases", "Identification"), FIELDS)


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model("cases", "Identification"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_identification_lists_as_text")]

    operations = [migrations.RunPython(encrypt, decrypt)]
