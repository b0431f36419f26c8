# A webhook's signing secret was kept in clear; it is needed in clear to sign, so it is encrypted at rest with
# the field key (#16 item 10): the column becomes text, the existing secrets are encrypted in place, then the
# field reads and writes through EncryptedTextField. Reversible.
from django.db import migrations, models

import mixedflows.core.fields
from mixedflows.core.encryption_migrations import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model("integrations", "WebhookEndpoint"), ["secret"])


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model("integrations", "WebhookEndpoint"), ["secret"])


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_api_tokens_idempotency_webhooks")]

    operations = [
        migrations.AlterField(model_name="webhookendpoint", name="secret", field=models.TextField()),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="webhookendpoint", name="secret", field=mixedflows.core.fields.EncryptedTextField()
        ),
    ]
