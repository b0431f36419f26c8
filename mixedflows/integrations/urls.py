from django.urls import path

from mixedflows.integrations import views

app_name = "integrations"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:uuid>/revoke/", views.token_revoke, name="token_revoke"),
    path("service-accounts/", views.service_accounts, name="service_accounts"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<uuid:uuid>/", views.webhook, name="webhook"),
    path("deliveries/<uuid:uuid>/replay/", views.delivery_replay, name="delivery_replay"),
]
