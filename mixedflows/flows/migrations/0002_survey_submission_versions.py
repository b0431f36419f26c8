from django.db import migrations, models


def keep_known_instance_ids(apps, schema_editor):
    """Interviews imported before keep the one instanceID they have; earlier versions of edits were not kept."""
    SurveyInterview = apps.get_model("flows", "SurveyInterview")
    for interview in SurveyInterview.objects.exclude(submission_id="").only("pk", "submission_id").iterator():
        SurveyInterview.objects.filter(pk=interview.pk).update(submission_versions=[interview.submission_id])


class Migration(migrations.Migration):
    dependencies = [("flows", "0001_flow_monitoring_points_registry_routes_publications")]

    operations = [
        migrations.AddField(
            model_name="surveyinterview",
            name="submission_versions",
            field=models.JSONField(
                blank=True, default=list, help_text="Every instanceID of the submission seen so far (edits add one)"
            ),
        ),
        migrations.AlterField(
            model_name="surveyinterview",
            name="submission_id",
            field=models.CharField(blank=True, help_text="The submission's first (root) instanceID", max_length=100),
        ),
        migrations.RunPython(keep_known_instance_ids, migrations.RunPython.noop),
    ]
