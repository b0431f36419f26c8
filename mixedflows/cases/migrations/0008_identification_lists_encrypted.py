# Step 3 of 3 (#16 item 10): the identification's answers are read and written through EncryptedJSONField.
from django.db import migrations

import mixedflows.core.fields


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_encrypt_identification_lists")]

    operations = [
        migrations.AlterField(
            model_name="identification",
            name="screening_indicators",
            field=mixedflows.core.fields.EncryptedJSONField(default=list),
        ),
        *(
            migrations.AlterField(
                model_name="identification",
                name=name,
                field=mixedflows.core.fields.EncryptedJSONField(blank=True, default=list),
            )
            for name in [
                "methods_of_recruitment",
                "methods_of_control",
                "labour_exploitation",
                "sex_exploitation",
                "vulnerabilities",
            ]
        ),
    ]
