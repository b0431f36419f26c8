from django.db import migrations


def load_checklists(apps, schema_editor):
    from mixedflows.detention.services.checklists import checklists_load

    checklists_load(model=apps.get_model("detention", "ChecklistVersion"))


class Migration(migrations.Migration):
    dependencies = [("detention", "0001_add_facilities_visits_conditions_recommendations_people_met")]

    operations = [migrations.RunPython(load_checklists, migrations.RunPython.noop)]
