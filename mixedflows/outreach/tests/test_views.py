"""The outreach pages as Olga (outreach officer at Alpha) and Adam (Alpha's supervisor) use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.outreach.models import Campaign, CounsellingSession, FollowUpContact, ReachReport
from mixedflows.outreach.tests.conftest import make_campaign, make_session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

SESSION = {
    "held_on": TODAY.isoformat(),
    "sex": "F",
    "age_band": "18_24",
    "nationality": "Ethiopia",
    "area": "Hosaena",
    "topics": ["regular_pathways", "labour_abroad"],
    "decision": "leave_regularly",
}


def test_a_counsellor_logs_a_session_and_sees_it_counted(client, outreach):
    client.force_login(outreach.olga)
    page = client.get(reverse("outreach:centre", args=[outreach.hope.uuid]))
    assert page.status_code == 200 and 'name="sex"' in page.text
    answer = client.post(
        reverse("outreach:session_add", args=[outreach.hope.uuid]), SESSION, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    session = CounsellingSession.objects.get()
    assert (session.nationality, session.topics) == ("ETH", ["regular_pathways", "labour_abroad"])
    assert not FollowUpContact.objects.exists()
    assert '<strong id="today-total">1</strong>' in answer.text
    assert 'id="session-entry"' in answer.text and "Session saved." in answer.text


def test_a_name_without_consent_comes_back_with_its_error_and_nothing_saved(client, outreach):
    client.force_login(outreach.olga)
    answer = client.post(
        reverse("outreach:session_add", args=[outreach.hope.uuid]),
        {**SESSION, "follow_up": "on", "name": "Abebe Kebede"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422
    assert "consents" in answer.text and 'role="alert"' in answer.text
    assert not CounsellingSession.objects.exists() and not FollowUpContact.objects.exists()


def test_an_untouched_choice_is_refused(client, outreach):
    client.force_login(outreach.olga)
    answer = client.post(
        reverse("outreach:session_add", args=[outreach.hope.uuid]),
        {**SESSION, "sex": ""},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422 and "Choose one." in answer.text
    assert not CounsellingSession.objects.exists()


def test_the_follow_up_name_shows_only_with_the_permission(client, outreach):
    session = make_session(outreach.olga, outreach.hope, follow_up=True, consent=True, name="Abebe Kebede")
    client.force_login(outreach.olga)
    assert "Abebe Kebede" in client.get(reverse("outreach:session", args=[session.uuid])).text
    client.force_login(outreach.adam)
    page = client.get(reverse("outreach:session", args=[session.uuid]))
    assert page.status_code == 200 and "Abebe Kebede" not in page.text
    assert "shown only to those allowed" in page.text


def test_a_referral_with_consent_links_to_registration_for_those_who_register(client, outreach):
    session = make_session(
        outreach.olga, outreach.hope, follow_up=True, consent=True, name="Abebe", onward=["referral_system"]
    )
    client.force_login(outreach.olga)
    page = client.get(reverse("outreach:session", args=[session.uuid]))
    assert reverse("people:arrival_new") not in page.text and "A colleague who registers people" in page.text


def test_the_dashboard_and_counts_show_only_the_agencys_own(client, outreach):
    make_campaign(outreach.olga, title="Alpha radio")
    make_campaign(outreach.omar, title="Beta radio")
    make_session(outreach.omar, outreach.harbour_mrc)
    make_session(outreach.olga, outreach.hope)
    client.force_login(outreach.olga)
    page = client.get(reverse("outreach:dashboard")).text
    assert "Alpha radio" in page and "Hope resource centre" in page
    assert "Beta radio" not in page and "Harbour resource centre" not in page
    counts = client.get(reverse("outreach:counts"))
    assert '<strong id="sessions-total">1</strong>' in counts.text
    # Beta's centre in the filter is refused, not silently counted.
    refused = client.get(reverse("outreach:counts"), {"centre": outreach.harbour_mrc.uuid})
    assert "Correct the filter" in refused.text
    assert (
        client.get(reverse("outreach:counts_csv"), {"centre": outreach.harbour_mrc.uuid}).status_code == 400
    )


def test_the_published_view_and_the_csv_suppress_small_cells(client, outreach):
    make_session(outreach.olga, outreach.hope, sex="F", topics=["return"])
    client.force_login(outreach.olga)
    page = client.get(reverse("outreach:counts"), {"published": "on"})
    assert 'class="suppressed"' in page.text
    csv = client.get(reverse("outreach:counts_csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert "Return,,0,0,0," in csv.content.decode()


def test_someone_without_outreach_gets_403(client, outreach):
    client.force_login(outreach.alice)
    assert client.get(reverse("outreach:dashboard")).status_code == 403
    assert client.get(reverse("outreach:centre", args=[outreach.hope.uuid])).status_code == 403


def test_a_campaign_is_added_and_its_reach_reported(client, outreach):
    client.force_login(outreach.olga)
    answer = client.post(
        reverse("outreach:campaign_new"),
        {
            "title": "Safe journeys radio",
            "channel": "radio",
            "audiences": ["prospective_migrants", "host_communities"],
            "languages": "Amharic, orm",
            "areas": "Hadiya; Kembata",
            "partners": "Radio Fana",
            "starts_on": (TODAY - datetime.timedelta(days=90)).isoformat(),
        },
    )
    campaign = Campaign.objects.get()
    assert answer.status_code == 302
    assert (campaign.languages, campaign.areas) == (["amh", "orm"], ["Hadiya", "Kembata"])
    start = TODAY - datetime.timedelta(days=60)
    reach = {
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=29)).isoformat(),
        "listeners": "30000",
        "listeners_source": "Station audience survey",
        "p_F_18_24": "12",
        "participants_source": "Attendance sheets",
    }
    assert client.post(reverse("outreach:reach_add", args=[campaign.uuid]), reach).status_code == 302
    report = ReachReport.objects.get()
    assert report.participants == {"F_18_24": 12}
    page = client.get(reverse("outreach:campaign", args=[campaign.uuid])).text
    assert "30000" in page and "Station audience survey" in page


def test_an_impossible_reach_period_is_shown_and_nothing_written(client, outreach):
    campaign = make_campaign(outreach.olga)
    client.force_login(outreach.olga)
    answer = client.post(
        reverse("outreach:reach_add", args=[campaign.uuid]),
        {
            "period_start": (TODAY - datetime.timedelta(days=10)).isoformat(),
            "period_end": (TODAY - datetime.timedelta(days=20)).isoformat(),
            "listeners": "100",
            "listeners_source": "Log",
        },
    )
    assert answer.status_code == 422 and "The period ends before it starts." in answer.text
    assert not ReachReport.objects.exists()


@pytest.mark.parametrize(
    ("language", "heading", "topic"),
    [
        ("fr", "Saisir une séance de conseil", "Voies de migration régulière"),
        ("ar", "تسجيل جلسة إرشاد", "مسارات الهجرة النظامية"),
    ],
)
def test_the_centre_page_in_french_and_arabic(client, outreach, language, heading, topic):
    outreach.olga.language = language
    outreach.olga.save(update_fields=["language"])
    client.force_login(outreach.olga)
    page = client.get(reverse("outreach:centre", args=[outreach.hope.uuid])).text
    assert heading in page and topic in page
    assert "Log a counselling session" not in page and "Was considering" not in page


def test_the_session_page_names_the_nationality_in_the_officers_language(client, outreach):
    session = make_session(outreach.olga, outreach.hope, nationality="ETH")
    client.force_login(outreach.olga)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("outreach:session", args=[session.uuid])).content.decode()
    assert "Éthiopie" in page and "Ethiopia" not in page
