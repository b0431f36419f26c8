"""Alpha's monitoring point, route and publication for the cross-agency test (tests/test_cross_agency.py)."""

from mixedflows.core.models import Membership, User
from mixedflows.core.roles import Role
from mixedflows.flows import services
from mixedflows.lib import disclosure


def objects(world, register):
    point = services.point_create(
        actor=world.alice,
        name="Quay gate",
        kind="landing_point",
        country="ITA",
        directions=["incoming"],
        site=world.quay,
    )
    route = services.route_create(actor=world.adam, name="Sea route", sites=[world.quay], points=[point])
    imo = User.objects.create_user("ines", password="a-long-test-password")
    Membership.objects.create(user=imo, organisation=world.alpha, role=Role.INFORMATION_MANAGEMENT_OFFICER)
    imo = User.objects.get(pk=imo.pk)
    table = disclosure.protect(["ERI"], ["F", "M"], {("ERI", "F"): 12, ("ERI", "M"): 20})
    publication = services.publication_table(
        actor=imo, title="Arrivals", spec={"rows": "nationality"}, table=table
    )
    return {"point": point, "route": route, "publication": publication}


URLS = {
    "flows:point": ("get", "alice", lambda o: {"uuid": o["point"].uuid}),
    "flows:route": ("get", "adam", lambda o: {"uuid": o["route"].uuid}),
    "flows:publication": ("get", "adam", lambda o: {"uuid": o["publication"].uuid}),
    "flows:publication_download": ("get", "adam", lambda o: {"uuid": o["publication"].uuid, "fmt": "csv"}),
}
LIST_URLS = {
    "flows:plotly_js",
    "flows:points",
    "flows:point_new",
    "flows:routes",
    "flows:compare",
    "flows:chart_csv",
    "flows:snapshot_refresh",
    "flows:tables",
    "flows:publications",
    "flows:extract",
}


API = {
    "flows_observations": ("alice", lambda o: {"uuid": o["point"].uuid}, None),
    "flows_observation_record": (
        "alice",
        lambda o: {"uuid": o["point"].uuid},
        lambda o: {"date": "2026-01-02", "direction": "incoming", "counts": {"f_18_59": 2}},
    ),
    "flows_publication_read": ("adam", lambda o: {"uuid": o["publication"].uuid}, None),
}
API_LISTS = {"flows_publications"}
