"""Forums, meetings, decisions, action points, SOPs and documents: what the services accept and refuse."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mixedflows.cooperation import selectors
from mixedflows.cooperation.models import ActionPoint, Decision, Document, Meeting
from mixedflows.cooperation.services.forums import (
    action_point_add,
    action_point_set_status,
    decision_add,
    meeting_record,
)
from mixedflows.cooperation.services.sops import sop_step_add
from mixedflows.cooperation.tests.conftest import PDF, make_meeting, make_sop, pdf
from mixedflows.core.models import AuditEvent

TODAY = timezone.localdate()


def test_a_forum_has_agencies_and_states_as_members_and_only_they_see_it(coord, forum):
    members = {(m.organisation and m.organisation.short_name, m.state) for m in forum.members.all()}
    assert members == {("ALP", ""), ("GRL", ""), (None, "ITA")}
    assert list(selectors.forums_visible(user=coord.gus)) == [forum]
    assert list(selectors.forums_visible(user=coord.cole)) == []


def test_a_meeting_in_a_forum_the_agency_is_not_a_member_of_is_refused_and_nothing_written(coord, forum):
    with pytest.raises(PermissionDenied, match="not a member of this forum"):
        meeting_record(actor=coord.cole, forum=forum, held_on=TODAY, place="Rome", agenda="x", minutes=pdf())
    assert not Meeting.objects.exists() and not Document.objects.exists()


def test_a_meeting_with_bad_input_names_each_field_and_writes_nothing(coord, forum):
    with pytest.raises(ValidationError) as error:
        meeting_record(
            actor=coord.cora, forum=forum, held_on=TODAY, place=" ", agenda="", participants=[coord.beta]
        )
    assert set(error.value.message_dict) == {"place", "agenda", "participants"}
    with pytest.raises(ValidationError, match="once the meeting has been held"):
        make_meeting(coord, forum, days_ago=-3, minutes=pdf())
    assert not Meeting.objects.exists() and not Document.objects.exists()


def test_minutes_are_checked_for_type_and_size(coord, forum, settings):
    fake = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Only PDF"):
        make_meeting(coord, forum, minutes=fake)
    with pytest.raises(ValidationError, match="is a PDF but its name ends"):
        make_meeting(coord, forum, minutes=pdf("minutes.exe"))
    settings.MIXEDFLOWS_DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="at most 1 MB"):
        make_meeting(coord, forum, minutes=pdf(data=PDF + b"0" * 1024 * 1024))
    assert not Meeting.objects.exists() and not Document.objects.exists()
    meeting = make_meeting(coord, forum, minutes=pdf())
    doc = meeting.minutes
    assert (
        doc.content_type == "application/pdf" and doc.size == len(PDF) and doc.original_name == "minutes.pdf"
    )
    assert doc.uuid.hex in doc.file.name and "minutes" not in doc.file.name  # stored under its random name
    assert doc.file.read() == PDF


def test_an_action_point_is_owned_by_a_member_and_followed_until_done(coord, forum):
    meeting = make_meeting(coord, forum)
    decision_add(actor=coord.gus, meeting=meeting, text="Share weekly arrival figures")
    with pytest.raises(ValidationError) as error:
        action_point_add(
            actor=coord.cora,
            meeting=meeting,
            text="",
            owner=coord.beta,
            due_on=meeting.held_on - datetime.timedelta(1),
        )
    assert set(error.value.message_dict) == {"text", "owner", "due_on"}
    point = action_point_add(
        actor=coord.cora,
        meeting=meeting,
        text="Map reception places",
        owner=coord.gamma,
        due_on=TODAY - datetime.timedelta(2),
    )
    assert list(selectors.overdue_for_owner(user=coord.gus)) == [point]
    assert list(selectors.overdue_for_owner(user=coord.cora)) == []  # Alpha does not own it
    with pytest.raises(PermissionDenied):
        action_point_set_status(actor=coord.cole, action_point=point, status="done")
    with pytest.raises(ValidationError, match="Say why"):
        action_point_set_status(actor=coord.gus, action_point=point, status="dropped")
    action_point_set_status(
        actor=coord.gus, action_point=point, status="in_progress", note="Two sites mapped"
    )
    point = action_point_set_status(actor=coord.gus, action_point=point, status="done")
    assert point.status == ActionPoint.Status.DONE and point.closed_at is not None
    assert [(u.from_status, u.to_status) for u in point.updates.all()] == [
        ("open", "in_progress"),
        ("in_progress", "done"),
    ]
    assert list(selectors.overdue_for_owner(user=coord.gus)) == []
    with pytest.raises(ValidationError, match="closed"):
        action_point_set_status(actor=coord.gus, action_point=point, status="open")
    assert AuditEvent.objects.filter(object_type="cooperation_action_point", action="complete").count() == 1
    assert Decision.objects.count() == 1


def test_an_sop_step_names_a_responsible_party_and_what_it_governs(coord):
    sop = make_sop(coord)
    with pytest.raises(ValidationError, match="party to the procedure"):
        sop_step_add(actor=coord.cora, sop=sop, title="Decide", responsible=coord.beta)
    with pytest.raises(PermissionDenied):
        sop_step_add(actor=coord.gus, sop=sop, title="Decide", responsible=coord.gamma)
    sop_step_add(actor=coord.cora, sop=sop, title="Screen", responsible=coord.alpha)
    step = sop_step_add(
        actor=coord.cora,
        sop=sop,
        title="Identification interview",
        responsible=coord.gamma,
        governs_service="anti_trafficking_identification",
    )
    assert step.position == 2
    found = selectors.steps_governing(
        user=coord.gus, service="anti_trafficking_identification", agencies=[coord.alpha, coord.gamma]
    )
    assert found == [step]
    assert (
        selectors.steps_governing(
            user=coord.gus, service="anti_trafficking_identification", agencies=[coord.alpha, coord.beta]
        )
        == []
    )
    assert (
        selectors.steps_governing(
            user=coord.cole, service="anti_trafficking_identification", agencies=[coord.alpha, coord.gamma]
        )
        == []
    )
