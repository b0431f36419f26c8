# Step 1 of 3 of encrypting the trafficking identification's answers at rest (#16 item 10): the JSON columns
# (indicators, methods of recruitment and control, forms of exploitation, vulnerabilities) become text.
from django.db import migrations, models

FIELDS = [
    "screening_indicators",
    "methods_of_recruitment",
    "methods_of_control",
    "labour_exploitation",
    "sex_exploitation",
    "vulnerabilities",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_identification_notes_encrypted")]

    operations = [
        migrations.AlterField(model_name="identification", name=name, field=models.TextField()) for name in FIELDS
    ]
