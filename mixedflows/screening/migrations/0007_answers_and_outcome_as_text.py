# Step 1 of 3 of encrypting a screening's answers and outcome at rest (#16 item 10): the JSON columns become
# text, which the ciphertext needs (0008 encrypts the values in place, 0009 reads them through the field).
from django.db import migrations, models

FIELDS = ["answers", "categories", "procedures", "explanation"]


class Migration(migrations.Migration):
    dependencies = [("screening", "0006_add_project_tag")]

    operations = [
        migrations.AlterField(model_name="screening", name=name, field=models.TextField()) for name in FIELDS
    ]
