"""Courses, events, trainers, attendance and scores: what Tina may record, and what is refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.training.models import Attendance, Event, Participant, Trainer
from mixedflows.training.services.courses import course_save, event_save, trainer_add
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record, scores_record
from mixedflows.training.tests.conftest import make_course, make_event, rows


def test_a_course_needs_a_topic_from_the_list_modules_and_known_languages(trainers):
    with pytest.raises(ValidationError) as refused:
        course_save(actor=trainers.tina, title="Law", topic="astrology", modules=[" "], languages=["xx1"])
    assert set(refused.value.message_dict) == {"topic", "modules", "languages"}
    course = make_course(trainers)
    assert course.modules == ["Indicators of trafficking", "Interviewing", "Referral to assistance"]
    assert AuditEvent.objects.filter(object_type="training_course", object_id=str(course.uuid)).count() == 1


def test_only_a_trainer_records_training(world):
    with pytest.raises(PermissionDenied):
        course_save(actor=world.alice, title="Law", topic="migration_law", modules=["One"], languages=["fra"])


def test_an_event_ends_after_it_starts_and_another_agency_cannot_add_to_our_course(trainers, course):
    with pytest.raises(ValidationError) as refused:
        make_event(trainers, course, ends_on=timezone.localdate() - datetime.timedelta(days=30))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        make_event(trainers, course, actor=trainers.tom)
    assert not Event.objects.exists()


def test_a_post_test_dated_before_the_event_is_refused_and_nothing_is_written(trainers, event):
    people = participants_import(actor=trainers.tina, event=event, rows=rows(2))
    with pytest.raises(ValidationError) as refused:
        scores_record(
            actor=trainers.tina,
            event=event,
            scores={people[0]: (40, 80), people[1]: (50, 70)},
            pre_test_on=event.starts_on - datetime.timedelta(days=3),
            post_test_on=event.starts_on - datetime.timedelta(days=1),
        )
    assert "before the event began" in refused.value.message_dict["post_test_on"][0]
    assert not Participant.objects.filter(post_score__isnull=False).exists()


def test_scores_are_percentages_and_saved_all_at_once(trainers, event):
    a, b = participants_import(actor=trainers.tina, event=event, rows=rows(2))
    with pytest.raises(ValidationError) as refused:
        scores_record(
            actor=trainers.tina,
            event=event,
            scores={a: (40, 80), b: (50, 170)},
            pre_test_on=event.starts_on,
            post_test_on=event.ends_on,
        )
    assert "0 to 100" in refused.value.messages[0]
    assert not Participant.objects.filter(pre_score__isnull=False).exists()
    scores_record(
        actor=trainers.tina,
        event=event,
        scores={a: (40, 80), b: (50, None)},
        pre_test_on=event.starts_on,
        post_test_on=event.ends_on,
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.pre_score, a.post_score, a.gain, a.post_test_on) == (40, 80, 40, event.ends_on)
    assert (b.pre_score, b.post_score, b.gain, b.post_test_on) == (50, None, None, None)


def test_attendance_is_kept_per_day_and_only_for_days_of_the_event(trainers, event):
    a, b, c = participants_import(actor=trainers.tina, event=event, rows=rows(3))
    first, second = event.days
    attendance_record(actor=trainers.tina, event=event, present={first: {a.pk, b.pk}, second: {a.pk}})
    assert set(Attendance.objects.filter(present=True).values_list("participant__full_name", "day")) == {
        (a.full_name, first),
        (b.full_name, first),
        (a.full_name, second),
    }
    assert Attendance.objects.filter(present=False).count() == 3
    attendance_record(actor=trainers.tina, event=event, present={second: {a.pk, c.pk}})  # corrected
    assert set(Attendance.objects.filter(day=second, present=True).values_list("participant", flat=True)) == {
        a.pk,
        c.pk,
    }
    with pytest.raises(ValidationError):
        attendance_record(
            actor=trainers.tina, event=event, present={first - datetime.timedelta(days=1): {a.pk}}
        )
    future = make_event(trainers, event.course, days_ago=-3, title="Next month")
    with pytest.raises(ValidationError) as refused:
        attendance_record(actor=trainers.tina, event=future, present={future.starts_on: set()})
    assert "has not come yet" in refused.value.messages[0]


def test_a_trainer_we_trained_is_linked_to_their_earlier_participation(trainers, course):
    earlier = make_event(trainers, course, days_ago=60, title="Training of trainers")
    alumna = participants_import(actor=trainers.tina, event=earlier, rows=rows(1))[0]
    later = make_event(trainers, course, days_ago=10, title="Cascade in Sfax")
    trainer = trainer_add(actor=trainers.tina, event=later, trained_as=alumna)
    assert (trainer.name, trainer.trained_as) == (alumna.full_name, alumna)
    with pytest.raises(ValidationError) as refused:
        trainer_add(
            actor=trainers.tina,
            event=earlier,
            trained_as=participants_import(actor=trainers.tina, event=later, rows=rows(1, start=5))[0],
        )
    assert "must end before this event starts" in refused.value.message_dict["trained_as"][0]
    with pytest.raises(ValidationError):
        trainer_add(actor=trainers.tina, event=later, trained_as=alumna)  # already on the event
    assert Trainer.objects.count() == 1


def test_an_event_cannot_move_away_from_its_recorded_attendance(trainers, event):
    people = participants_import(actor=trainers.tina, event=event, rows=rows(1))
    attendance_record(actor=trainers.tina, event=event, present={event.starts_on: {people[0].pk}})
    with pytest.raises(ValidationError) as refused:
        event_save(
            actor=trainers.tina,
            course=event.course,
            event=event,
            title=event.title,
            place=event.place,
            country=event.country,
            starts_on=event.starts_on + datetime.timedelta(days=1),
            ends_on=event.ends_on + datetime.timedelta(days=1),
            format=event.format,
            organiser=event.organiser,
        )
    assert "starts_on" in refused.value.message_dict
