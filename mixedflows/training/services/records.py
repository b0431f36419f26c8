"""What happens at the event: attendance day by day, and the pre- and post-test scores."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.training.models import Attendance, Event, Participant
from mixedflows.training.services.common import require_own, require_trainer


@transaction.atomic
def attendance_record(*, actor: User, event: Event, present: dict[datetime.date, set[int]]) -> Event:
    """For each day given, who was there (participant ids); everyone else of the event was absent that day."""
    organisation = require_trainer(actor)
    require_own(actor, event)
    days = set(event.days)
    if bad := sorted(day for day in present if day not in days):
        raise ValidationError({"day": _("%(day)s is not a day of this event.") % {"day": bad[0].isoformat()}})
    if future := sorted(day for day in present if day > timezone.localdate()):
        raise ValidationError(
            {
                "day": _("%(day)s has not come yet: record attendance on the day.")
                % {"day": future[0].isoformat()}
            }
        )
    ids = set(event.participants.values_list("pk", flat=True))
    if set().union(*present.values()) - ids if present else False:
        raise ValidationError(_("Some of the people marked are not participants of this event."))
    for day, here in present.items():
        for pk in ids:
            Attendance.objects.update_or_create(
                participant_id=pk,
                day=day,
                defaults={"present": pk in here},
                create_defaults={
                    "present": pk in here,
                    "organisation": organisation,
                    "created_by": actor,
                },
            )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="training_event",
        object_id=event.uuid,
        fields=["attendance"],
        detail={"days": sorted(day.isoformat() for day in present)},
    )
    return event


def _score(value: object, label: str, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError(
            _("%(label)s of %(name)s is a percentage from 0 to 100.") % {"label": label, "name": name}
        )
    return value


@transaction.atomic
def scores_record(
    *,
    actor: User,
    event: Event,
    scores: dict[Participant, tuple[int | None, int | None]],
    pre_test_on: datetime.date | None,
    post_test_on: datetime.date | None,
) -> Event:
    """Pre- and post-test scores (per cent) of the event's participants, all or none. A post-test dated before
    the event's first day, or in the future, is refused; so is a pre-test after the post-test."""
    require_trainer(actor)
    require_own(actor, event)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if any(p.event_id != event.pk for p in scores):
        raise ValidationError(_("Scores can be given only to this event's participants."))
    any_pre = any(pre is not None for pre, _post in scores.values())
    any_post = any(post is not None for _pre, post in scores.values())
    if any_post and post_test_on is None:
        errors["post_test_on"] = _("Give the date of the post-test.")
    elif post_test_on is not None and post_test_on < event.starts_on:
        errors["post_test_on"] = _(
            "The post-test is dated %(day)s, before the event began on %(start)s: check the date."
        ) % {"day": post_test_on.isoformat(), "start": event.starts_on.isoformat()}
    elif post_test_on is not None and post_test_on > today:
        errors["post_test_on"] = _("The post-test date is in the future.")
    if any_pre and pre_test_on is None:
        errors["pre_test_on"] = _("Give the date of the pre-test.")
    elif pre_test_on is not None and pre_test_on > event.ends_on:
        errors["pre_test_on"] = _("The pre-test is dated after the event's last day.")
    elif pre_test_on and post_test_on and pre_test_on > post_test_on:
        errors["pre_test_on"] = _("The pre-test is dated after the post-test.")
    if errors:
        raise ValidationError(errors)
    changed = []
    for participant, (pre, post) in scores.items():
        pre = _score(pre, _("The pre-test score"), participant.full_name)
        post = _score(post, _("The post-test score"), participant.full_name)
        participant.pre_score, participant.post_score = pre, post
        participant.pre_test_on = pre_test_on if pre is not None else None
        participant.post_test_on = post_test_on if post is not None else None
        changed.append(participant)
    Participant.objects.bulk_update(changed, ["pre_score", "post_score", "pre_test_on", "post_test_on"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="training_event",
        object_id=event.uuid,
        fields=["pre_score", "post_score", "pre_test_on", "post_test_on"],
        detail={"participants": len(changed)},
    )
    return event
