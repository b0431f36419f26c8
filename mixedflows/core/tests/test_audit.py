"""The audit trail is append-only and hash-chained: `mixedflows audit verify` finds an edited or removed entry.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL, where a trigger also refuses UPDATE and DELETE.
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from mixedflows.core.audit import audit_verify
from mixedflows.core.models import AuditEvent, Job
from mixedflows.core.tasks import audit_verify_task

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
    job = Job.objects.create(kind="audit_verify", organisation=world.alpha, created_by=world.adam)
    result = audit_verify_task.enqueue(str(job.uuid))
    assert result.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["ok"] is True and job.result["checked"] == AuditEvent.objects.count()
    assert job.done == job.total == job.result["checked"] and job.percent == 100
    result.refresh()
    assert result.status == "SUCCESSFUL"
