# Document numbers are encrypted (#16 item 10): the column becomes text (a ciphertext is longer than 64
# characters) and gains the keyed blind index that replaces number_normalised for lookups.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_restricted_at")]

    operations = [
        migrations.AlterField(model_name="document", name="number", field=models.TextField()),
        migrations.AddField(
            model_name="document",
            name="number_index",
            field=models.CharField(blank=True, default="", max_length=64),
            preserve_default=False,
        ),
    ]
