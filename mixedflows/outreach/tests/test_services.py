"""Olga logs sessions and campaign reach at Alpha Agency; what she may not do changes nothing."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mixedflows.core.models import AuditEvent, Site
from mixedflows.outreach.counts import session_tables
from mixedflows.outreach.models import CounsellingSession, FollowUpContact, ReachReport
from mixedflows.outreach.selectors import contact_of, sessions_for_counts
from mixedflows.outreach.services.campaigns import ReachInput, reach_record
from mixedflows.outreach.services.reports import session_counts_export
from mixedflows.outreach.tests.conftest import make_campaign, make_session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _month(months_ago: int) -> tuple[datetime.date, datetime.date]:
    end = TODAY.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(months_ago):
        end = end.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def test_an_anonymous_session_keeps_no_name_and_is_audited_without_values(outreach):
    session = make_session(outreach.olga, outreach.hope, area="Hosaena", topics=["irregular_risks", "rights"])
    assert session.organisation == outreach.alpha and not session.follow_up
    assert not FollowUpContact.objects.exists()
    event = AuditEvent.objects.get(object_type="outreach_session")
    assert event.object_id == str(session.uuid)
    assert "Hosaena" not in str(event.fields) + str(event.detail)


def test_a_name_without_consent_is_refused_and_nothing_is_written(outreach):
    with pytest.raises(ValidationError) as error:
        make_session(outreach.olga, outreach.hope, follow_up=True, consent=False, name="Abebe")
    assert "consent" in error.value.message_dict
    assert not CounsellingSession.objects.exists() and not FollowUpContact.objects.exists()
    assert not AuditEvent.objects.filter(object_type="outreach_session").exists()


def test_a_name_given_without_asking_for_follow_up_is_refused(outreach):
    with pytest.raises(ValidationError) as error:
        make_session(outreach.olga, outreach.hope, consent=True, contact="+251 911 000 000")
    assert "consent" in error.value.message_dict
    assert not CounsellingSession.objects.exists()


def test_follow_up_with_consent_keeps_the_contact_only_for_those_allowed(outreach):
    session = make_session(
        outreach.olga, outreach.hope, follow_up=True, consent=True, name="Abebe", contact="+251 911 000 000"
    )
    assert session.follow_up
    assert contact_of(user=outreach.olga, session=session).name == "Abebe"
    # Adam, Alpha's supervisor, sees the session for oversight but not the name.
    assert sessions_for_counts(user=outreach.adam).filter(pk=session.pk).exists()
    assert contact_of(user=outreach.adam, session=session) is None


def test_a_referral_through_the_referral_system_needs_consent(outreach):
    with pytest.raises(ValidationError) as error:
        make_session(outreach.olga, outreach.hope, onward=["referral_system"])
    assert "onward" in error.value.message_dict
    session = make_session(outreach.olga, outreach.hope, onward=["job_centre"])
    assert session.onward == ["job_centre"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"topics": []}, "topics"),
        ({"sex": ""}, "sex"),
        ({"age_band": "19_20"}, "age_band"),
        ({"nationality": "Atlantis"}, "nationality"),
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "held_on"),
    ],
)
def test_bad_session_input_names_its_field_and_writes_nothing(outreach, values, field):
    with pytest.raises(ValidationError) as error:
        make_session(outreach.olga, outreach.hope, **values)
    assert field in error.value.message_dict
    assert not CounsellingSession.objects.exists()


def test_sessions_are_logged_only_at_a_resource_centre_of_ones_agency(outreach):
    with pytest.raises(PermissionDenied):
        make_session(outreach.olga, outreach.harbour_mrc)  # Beta's centre
    with pytest.raises(PermissionDenied):
        make_session(outreach.olga, outreach.quay)  # a landing point, not a resource centre
    with pytest.raises(PermissionDenied):
        make_session(outreach.alice, outreach.hope)  # a protection officer does not log sessions
    assert not CounsellingSession.objects.exists()
    assert outreach.quay.kind == Site.Kind.LANDING_POINT


def test_counts_by_topic_sex_and_age_band(outreach):
    make_session(
        outreach.olga, outreach.hope, sex="F", age_band="18_24", topics=["irregular_risks", "rights"]
    )
    make_session(outreach.olga, outreach.hope, sex="F", age_band="25_34", topics=["rights"])
    make_session(outreach.olga, outreach.hope, sex="M", age_band="18_24", topics=["documents"])
    make_session(outreach.omar, outreach.harbour_mrc, sex="M", age_band="18_24", topics=["rights"])
    total, (topic_sex, topic_age, sex_age) = session_tables(
        sessions_for_counts(user=outreach.olga).values_list("sex", "age_band", "topics")
    )
    assert total == 3  # Beta's session is not Alpha's to count
    assert topic_sex.counts[("rights", "F")] == 2
    assert topic_sex.counts[("documents", "M")] == 1
    assert topic_age.counts[("irregular_risks", "18_24")] == 1
    assert sex_age.counts == {("F", "18_24"): 1, ("F", "25_34"): 1, ("M", "18_24"): 1}
    exact = topic_sex.exact()
    assert exact.published("rights", "Total") == 2 and exact.published("Total", "Total") == 4


def test_the_published_counts_suppress_small_cells_and_are_audited(outreach):
    for _ in range(6):
        make_session(outreach.olga, outreach.hope, sex="F", age_band="18_24", topics=["rights"])
    for _ in range(6):
        make_session(outreach.olga, outreach.hope, sex="M", age_band="18_24", topics=["rights"])
    make_session(outreach.olga, outreach.hope, sex="F", age_band="50p", topics=["return"])
    text = session_counts_export(actor=outreach.olga)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[:2] == [["Topics discussed, by sex"], ["", "Female", "Male", "Other", "Not known", "Total"]]
    rights = next(row for row in rows if row[:1] == ["Rights"])
    returning = next(row for row in rows if row[:1] == ["Return"])
    totals = next(row for row in rows if row[:1] == ["Total"])
    # The one woman over 50 who asked about return is a cell of 1: suppressed, and so are the cells that would
    # give her back (the women's total and the women's cell beside her); the men's 6 and the zeros are published.
    assert returning[1] == "" and rights[2] == "6" and rights[3:5] == ["0", "0"]
    assert "" in (rights[1], rights[5]) and "" in (totals[1], rights[1])
    event = AuditEvent.objects.get(object_type="outreach_session_counts")
    assert event.action == "export" and event.detail["sessions"] == 13
    assert event.detail["suppressed"]["topic_sex"] > 0


def test_monthly_reach_with_its_sources(outreach):
    campaign = make_campaign(outreach.olga)
    start, end = _month(1)
    report = reach_record(
        actor=outreach.olga,
        campaign=campaign,
        data=ReachInput(
            period_start=start,
            period_end=end,
            listeners=42000,
            listeners_source="Radio Fana audience survey",
            participants={"F_18_24": 14, "M_18_24": 20},
            participants_source="Listening-club attendance sheets",
        ),
    )
    assert report.participants_total == 34
    assert report.sources == ["Radio Fana audience survey", "Listening-club attendance sheets"]


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ("ends_before_start", "period_end"),
        ("future", "period_end"),
        ("before_campaign", "period_start"),
        ("overlaps", "period_start"),
    ],
)
def test_an_impossible_reach_period_is_refused(outreach, period, field):
    campaign = make_campaign(outreach.olga)
    start, end = _month(1)
    reach_record(
        actor=outreach.olga,
        campaign=campaign,
        data=ReachInput(period_start=start, period_end=end, listeners=1000, listeners_source="Station log"),
    )
    periods = {
        "ends_before_start": (end, start),
        "future": (TODAY, TODAY + datetime.timedelta(days=30)),
        "before_campaign": (campaign.starts_on - datetime.timedelta(days=40), campaign.starts_on),
        "overlaps": (start + datetime.timedelta(days=10), end),
    }[period]
    with pytest.raises(ValidationError) as error:
        reach_record(
            actor=outreach.olga,
            campaign=campaign,
            data=ReachInput(
                period_start=periods[0], period_end=periods[1], listeners=500, listeners_source="Station log"
            ),
        )
    assert field in error.value.message_dict
    assert ReachReport.objects.count() == 1


def test_a_figure_without_its_source_is_refused(outreach):
    campaign = make_campaign(outreach.olga)
    start, end = _month(1)
    with pytest.raises(ValidationError) as error:
        reach_record(
            actor=outreach.olga,
            campaign=campaign,
            data=ReachInput(period_start=start, period_end=end, materials_distributed=300),
        )
    assert "materials_source" in error.value.message_dict
    assert not ReachReport.objects.exists()


def test_reach_on_a_campaign_of_another_agency_is_refused_and_nothing_is_written(outreach):
    theirs = make_campaign(outreach.omar, title="Beta's campaign")
    start, end = _month(1)
    with pytest.raises(PermissionDenied, match="another agency"):
        reach_record(
            actor=outreach.olga,
            campaign=theirs,
            data=ReachInput(period_start=start, period_end=end, listeners=10, listeners_source="Log"),
        )
    assert not ReachReport.objects.exists()
    assert not AuditEvent.objects.filter(object_type="outreach_reach").exists()


def test_campaign_input_is_checked(outreach):
    with pytest.raises(ValidationError) as error:
        make_campaign(
            outreach.olga,
            channel="carrier_pigeon",
            audiences=[],
            languages=["xxq"],
            ends_on=TODAY - datetime.timedelta(days=365),
        )
    assert {"channel", "audiences", "languages", "ends_on"} <= set(error.value.message_dict)
