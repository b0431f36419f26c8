"""The audit trail is append-only and hash-chained: `mixedflows audit verify` finds an edited or removed entry.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL, where a trigger also refuses UPDATE, DELETE and
TRUNCATE. The tampering tests act as the database's owner would: they silence the triggers, and
recompute the chain as best they can without the audit key.
"""

import hashlib
import hmac
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from mixedflows.core.audit import (
    GENESIS,
    _payload,
    audit_files_loaded,
    audit_record,
    audit_verify,
    export_head,
)
from mixedflows.core.models import AuditAction, AuditEvent, AuditHead, Job, JobKind
from mixedflows.core.tasks import audit_head_export_task, audit_verify_task, job_start

on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


@pytest.fixture
def trail(world, register):
    for name in ("Senait", "Yonas", "Hawa"):
        register(given_name=name)
    assert AuditEvent.objects.count() >= 3
    return list(AuditEvent.objects.order_by("id"))


def _tamper(sql: str, params: list) -> None:
    """What someone with database access might do; on PostgreSQL only a superuser who silences triggers can."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def _reseal(key: bytes | None) -> None:
    """Recompute every hash and the head after tampering: with SHA-256 as before, or HMAC under a guessed key."""
    prev, count = GENESIS, 0
    for event in AuditEvent.objects.order_by("id"):
        message = (prev + _payload(event)).encode()
        digest = hmac.new(key, message, "sha256").hexdigest() if key else hashlib.sha256(message).hexdigest()
        _tamper(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, event.pk]
        )
        prev, count = digest, count + 1
    _tamper("UPDATE core_audithead SET last_hash = %s, count = %s WHERE id = 1", [prev, count])


def _cut_tail(trail, keep: int) -> None:
    _tamper("DELETE FROM core_auditevent WHERE id > %s", [trail[keep - 1].pk])
    _tamper("UPDATE core_audithead SET last_hash = %s, count = %s WHERE id = 1", [trail[keep - 1].hash, keep])


def test_an_intact_trail_verifies(trail, capsys):
    call_command("audit", "verify")
    assert f"Audit trail intact: {len(trail)} events" in capsys.readouterr().out


def test_an_edited_entry_is_found(trail):
    victim = trail[1]
    _tamper("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone-else", victim.pk])
    result = audit_verify()
    assert not result.ok
    assert f"event {victim.pk}: content does not match its hash" in result.problems[0]
    with pytest.raises(CommandError, match="Audit trail broken"):
        call_command("audit", "verify")


def test_an_edited_field_list_is_found(trail):
    _tamper("UPDATE core_auditevent SET fields = %s WHERE id = %s", [json.dumps([]), trail[0].pk])
    assert not audit_verify().ok


def test_a_deleted_entry_is_found(trail):
    victim = trail[1]
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    result = audit_verify()
    assert not result.ok
    assert f"event {trail[2].pk}: previous hash does not match" in result.problems[0]


def test_a_deleted_last_entry_is_found_by_the_chain_head(trail):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [trail[-1].pk])
    result = audit_verify()
    assert not result.ok and "chain head says" in result.problems[0]


def test_the_chain_head_command(trail, capsys, tmp_path):
    call_command("audit", "head")
    head = json.loads(capsys.readouterr().out)
    assert head["count"] == len(trail) and head["last_hash"] == trail[-1].hash
    out = tmp_path / "head.json"
    call_command("audit", "head", "--out", str(out))
    assert json.loads(out.read_text())["last_hash"] == trail[-1].hash
    call_command("audit", "verify", "--head", str(out))
    assert "against 1 exported head(s)" in capsys.readouterr().out


def test_a_changed_actor_id_is_found(trail):
    _tamper("UPDATE core_auditevent SET actor_id = %s WHERE id = %s", [trail[2].actor_id + 1, trail[0].pk])
    result = audit_verify()
    assert f"event {trail[0].pk}: content does not match its hash" in result.problems[0]


@pytest.mark.parametrize("key", [None, b"a guess at the key, long enough to look real"])
def test_a_recomputed_chain_without_the_key_is_found(trail, key):
    """Removing an event and recomputing every hash and the head: nothing secret enters the hash no more."""
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [trail[1].pk])
    _reseal(key)
    result = audit_verify()
    assert not result.ok
    assert f"event {trail[0].pk}: content does not match its hash" in result.problems[0]


def test_a_cut_tail_with_a_fixed_head_is_found_against_the_exported_head(trail, tmp_path, capsys):
    out = tmp_path / "head.json"
    call_command("audit", "head", "--out", str(out))
    _cut_tail(trail, keep=2)
    assert audit_verify().ok  # the database alone cannot tell: that is what the exported head is for
    with pytest.raises(CommandError, match="Audit trail broken"):
        call_command("audit", "verify", "--head", str(out))
    assert f"counted {len(trail)} events; only 2 are left" in capsys.readouterr().err


def test_an_emptied_trail_is_found_against_the_kept_heads(trail, capsys):
    """The database's owner empties the trail and its head (TRUNCATE, or DELETE past the triggers)."""
    export_head()
    _tamper("DELETE FROM core_auditevent", [])
    _tamper("UPDATE core_audithead SET last_hash = %s, count = 0 WHERE id = 1", [GENESIS])
    with pytest.raises(CommandError, match="Audit trail broken"):
        call_command("audit", "verify")
    assert f"counted {len(trail)} events; only 0 are left" in capsys.readouterr().err


def test_history_rewritten_even_with_the_key_is_found_against_the_kept_heads(
    trail, register, settings, capsys
):
    """Someone holding the database and the key removes an event and reseals: only a kept head shows it."""
    export_head()
    register(given_name="Later")
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [trail[1].pk])
    _reseal(settings.AUDIT_KEY)
    assert audit_verify().ok
    with pytest.raises(CommandError, match="Audit trail broken"):
        call_command("audit", "verify")
    assert "it is not there any more" in capsys.readouterr().err


def test_a_forged_head_file_is_refused(trail, tmp_path):
    out = tmp_path / "head.json"
    call_command("audit", "head", "--out", str(out))
    head = json.loads(out.read_text())
    out.write_text(json.dumps({**head, "count": 1, "last_hash": trail[0].hash}))
    with pytest.raises(CommandError, match="not exported with this installation's audit key"):
        call_command("audit", "verify", "--head", str(out))


def test_the_scheduled_export_keeps_each_head_read_only_and_queues_the_next(trail, settings, tmp_path):
    received = tmp_path / "uploaded.json"
    settings.AUDIT_HEAD_COMMAND = f"tee {received}"
    result = audit_head_export_task.call()
    first = result["path"]
    assert json.loads(open(first).read())["count"] == len(trail)
    assert json.loads(received.read_text())["last_hash"] == trail[-1].hash
    assert not os.stat(first).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    second = audit_head_export_task.call()["path"]
    assert second != first and len(list(settings.AUDIT_HEAD_DIR.glob("head-*.json"))) == 2
    from django_tasks_db.models import DBTaskResult

    assert (
        DBTaskResult.objects.filter(task_path=audit_head_export_task.module_path, status="READY").count() == 1
    )


@on_postgresql
def test_postgresql_refuses_truncate(trail):
    for table in ("core_auditevent", "core_audithead"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                # As in a session of its own: no foreign-key checks of this test's rows still pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.count() == len(trail) and AuditHead.objects.get().count == len(trail)


@on_postgresql
def test_postgresql_refuses_update(trail):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=trail[0].pk).update(actor_label="someone-else")
    assert AuditEvent.objects.get(pk=trail[0].pk).actor_label == trail[0].actor_label


@on_postgresql
def test_postgresql_refuses_delete(trail):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=trail[0].pk).delete()
    assert AuditEvent.objects.count() == len(trail)


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_through_the_database_worker_and_reports_on_a_job(world, register):
    """The real django-tasks-db backend: enqueue, run `db_worker --batch`, read the Job row the task updated."""
    register(given_name="Senait")
    job = job_start(actor=world.adam, kind=JobKind.AUDIT_VERIFY)
    result = audit_verify_task.enqueue(str(job.uuid))
    assert result.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["ok"] is True and job.result["checked"] == AuditEvent.objects.count()
    assert job.done == job.total == job.result["checked"] and job.percent == 100
    result.refresh()
    assert result.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_an_unknown_audit_action_is_refused_and_nothing_is_written(world):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="unknown audit action 'changed'"):
        audit_record(
            actor=world.alice, action="changed", object_type="person"
        )  # mypy refuses this in typed code
    assert AuditEvent.objects.count() == before
    event = audit_record(actor=world.alice, action=AuditAction.CHANGE, object_type="person")
    assert event.action == "change"


def test_update_and_change_are_one_action_and_older_update_events_read_as_change():
    assert AuditAction("update") is AuditAction.CHANGE
    assert "update" not in AuditAction.values


@pytest.mark.django_db
def test_an_unknown_job_kind_is_refused_and_a_known_one_starts_in_the_actors_agency(world):
    with pytest.raises(ValueError, match="unknown job kind 'export'"):
        job_start(actor=world.alice, kind="export")  # mypy refuses this in typed code
    assert not Job.objects.exists()
    job = job_start(actor=world.alice, kind=JobKind.LINKAGE_RUN)
    assert (job.kind, job.organisation, job.created_by, job.status) == (
        "linkage run",
        world.alpha,
        world.alice,
        Job.Status.QUEUED,
    )


@pytest.mark.django_db
def test_a_load_is_one_event_naming_the_new_files_and_nothing_when_none_is_new():
    report = [("protection v1", "unchanged"), ("protection v3", "loaded")]
    assert (
        audit_files_loaded(report, actor="mixedflows screening load-instruments", object_type="instrument")
        == report
    )
    event = AuditEvent.objects.get(action=AuditAction.LOAD)
    assert (event.actor_label, event.object_type, event.detail) == (
        "mixedflows screening load-instruments",
        "instrument",
        {"loaded": ["protection v3"]},
    )
    audit_files_loaded([("protection v1", "unchanged")], actor="x", object_type="instrument")
    assert AuditEvent.objects.filter(action=AuditAction.LOAD).count() == 1
