# The number column is now read and written through EncryptedTextField; lookups go through the blind index
# (#16 item 10).
from django.db import migrations, models

import mixedflows.core.fields


class Migration(migrations.Migration):
    dependencies = [("people", "0007_encrypt_document_numbers")]

    operations = [
        migrations.AlterField(
            model_name="document", name="number", field=mixedflows.core.fields.EncryptedTextField()
        ),
        migrations.RemoveIndex(model_name="document", name="document_lookup_idx"),
        # A default, so that unapplying this migration can add the column back to rows that exist.
        migrations.AlterField(
            model_name="document", name="number_normalised", field=models.CharField(default="", max_length=64)
        ),
        migrations.RemoveField(model_name="document", name="number_normalised"),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["organisation", "number_index"], name="document_index_idx"),
        ),
    ]
