# Step 3 of 3 (#16 item 10): the answers and the outcome are read and written through EncryptedJSONField.
from django.db import migrations

import mixedflows.core.fields


class Migration(migrations.Migration):
    dependencies = [("screening", "0008_encrypt_answers_and_outcome")]

    operations = [
        migrations.AlterField(
            model_name="screening", name="answers", field=mixedflows.core.fields.EncryptedJSONField(default=dict)
        ),
        migrations.AlterField(
            model_name="screening",
            name="categories",
            field=mixedflows.core.fields.EncryptedJSONField(
                default=list, help_text="ProfileCategory codes; several may hold"
            ),
        ),
        migrations.AlterField(
            model_name="screening",
            name="procedures",
            field=mixedflows.core.fields.EncryptedJSONField(default=list, help_text="Procedure codes recommended"),
        ),
        migrations.AlterField(
            model_name="screening",
            name="explanation",
            field=mixedflows.core.fields.EncryptedJSONField(
                default=list, help_text="Which answers triggered which outcome"
            ),
        ),
    ]
