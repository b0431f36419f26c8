# Encrypt the trafficking identification's free text in place (#16 item 10); reversible.
from django.db import migrations

from mixedflows.core.encryption_migrations import decrypt_columns, encrypt_columns

FIELDS = ["screening_note", "interview_summary", "determination_reasons"]


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model("cases", "Identification"), FIELDS)


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model("cases", "Identification"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_add_project_tags")]

    operations = [migrations.RunPython(encrypt, decrypt)]
