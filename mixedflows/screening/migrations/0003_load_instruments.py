from django.db import migrations


def load_instruments(apps, schema_editor):
    from mixedflows.screening.services import instruments_load

    instruments_load(model=apps.get_model("screening", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_add_submission_versions")]

    operations = [migrations.RunPython(load_instruments, migrations.RunPython.noop)]
