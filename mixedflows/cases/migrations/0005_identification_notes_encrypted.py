# The identification's free text is read and written through EncryptedTextField (#16 item 10).
from django.db import migrations

import mixedflows.core.fields


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_encrypt_identification_notes")]

    operations = [
        migrations.AlterField(
            model_name="identification",
            name=name,
            field=mixedflows.core.fields.EncryptedTextField(blank=True),
        )
        for name in ["screening_note", "interview_summary", "determination_reasons"]
    ]
