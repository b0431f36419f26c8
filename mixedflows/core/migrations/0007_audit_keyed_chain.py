"""The audit chain becomes an HMAC under the audit key, covering every field (actor_id too); PostgreSQL
also refuses TRUNCATE of the trail and DELETE or TRUNCATE of its head (issue 16, item 5).

Events written before are resealed once under the key, and one `reseal` event records how many and
the head they had, so the change itself is in the trail.
"""

import datetime

from django.db import migrations
from django.utils import timezone

TRIGGERS = """
CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only();
CREATE TRIGGER core_audithead_kept BEFORE DELETE ON core_audithead
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
CREATE TRIGGER core_audithead_no_truncate BEFORE TRUNCATE ON core_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP TRIGGER IF EXISTS core_audithead_kept ON core_audithead;
DROP TRIGGER IF EXISTS core_audithead_no_truncate ON core_audithead;
"""


def reseal(apps, schema_editor):
    from mixedflows.core.audit import GENESIS, event_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if not AuditEvent.objects.exists():
        return
    if postgresql:
        schema_editor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
    head = AuditHead.objects.get_or_create(pk=1)[0]
    old_head = head.last_hash
    prev, count = GENESIS, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        event.prev_hash = prev
        event.hash = event_hash(prev, event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev, count = event.hash, count + 1
    if postgresql:
        schema_editor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
    event = AuditEvent(
        at=timezone.now().astimezone(datetime.UTC),
        actor_label="system",
        action="reseal",
        object_type="audit",
        detail={"events": count, "previous_head": old_head},
        fields=[],
        prev_hash=prev,
    )
    event.hash = event_hash(prev, event)
    event.save()
    AuditHead.objects.filter(pk=1).update(last_hash=event.hash, count=count + 1)


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_user_session_epoch")]
    operations = [
        migrations.RunPython(reseal, migrations.RunPython.noop),
        migrations.RunPython(triggers, drop_triggers),
    ]
