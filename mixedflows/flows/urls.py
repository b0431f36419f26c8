from django.urls import path

from mixedflows.flows import views, views_publish

app_name = "flows"

urlpatterns = [
    path("plotly.min.js", views.plotly_js, name="plotly_js"),
    path("points/", views.point_list, name="points"),
    path("points/new/", views.point_new, name="point_new"),
    path("points/<uuid:uuid>/", views.point_detail, name="point"),
    path("routes/", views.route_list, name="routes"),
    path("routes/<uuid:uuid>/", views.route_detail, name="route"),
    path("compare/", views.compare, name="compare"),
    path("compare/<slug:slug>.csv", views.chart_download, name="chart_csv"),
    path("snapshot/refresh/", views.snapshot_refresh_view, name="snapshot_refresh"),
    path("tables/", views_publish.table_builder, name="tables"),
    path("extracts/new/", views_publish.extract, name="extract"),
    path("publications/", views_publish.publication_list, name="publications"),
    path("publications/<uuid:uuid>/", views_publish.publication_detail, name="publication"),
    path(
        "publications/<uuid:uuid>/download.<str:fmt>",
        views_publish.publication_download,
        name="publication_download",
    ),
]
