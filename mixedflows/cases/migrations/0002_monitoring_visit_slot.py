"""Monitoring visits belong to a slot of the schedule (3, 6 or 12 months after arrival), one visit per slot.

Visits recorded before the schedule take the slots in the order they were made; a return's fourth visit and
later ones keep no slot (shown as unscheduled) rather than being lost.
"""

from django.db import migrations, models


def slots_in_visit_order(apps, schema_editor):
    MonitoringVisit = apps.get_model("cases", "MonitoringVisit")
    slots: dict[int, list[int]] = {}
    for visit in MonitoringVisit.objects.order_by("return_case_id", "visited_on", "pk"):
        free = slots.setdefault(visit.return_case_id, [3, 6, 12])
        if free:
            visit.slot = free.pop(0)
            visit.save(update_fields=["slot"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases_plans_fund_identification_returns")]

    operations = [
        migrations.AddField(
            model_name="monitoringvisit",
            name="slot",
            field=models.PositiveSmallIntegerField(
                choices=[(3, "3 months after arrival"), (6, "6 months after arrival"), (12, "12 months after arrival")],
                null=True,
                verbose_name="visit",
            ),
        ),
        migrations.RunPython(slots_in_visit_order, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="monitoringvisit",
            constraint=models.UniqueConstraint(fields=("return_case", "slot"), name="one_visit_per_slot"),
        ),
        migrations.AddConstraint(
            model_name="monitoringvisit",
            constraint=models.CheckConstraint(
                condition=models.Q(("slot__in", [3, 6, 12]), ("slot__isnull", True), _connector="OR"),
                name="visit_slot_scheduled",
            ),
        ),
    ]
