from django.db import migrations


def load_instruments(apps, schema_editor):
    from mixedflows.screening.services import instruments_load

    instruments_load(model=apps.get_model("screening", "Instrument"))


class Migration(migrations.Migration):
    """Protection v2: skip logic, constraints, the interpreter's language, regular pathways not for children."""

    dependencies = [("screening", "0004_add_rejected_at_source")]

    operations = [migrations.RunPython(load_instruments, migrations.RunPython.noop)]
