"""The project's URLs without the referrals app's, to test the outcome where referrals are not installed."""

from mixedflows.urls import urlpatterns as project_urlpatterns

urlpatterns = [p for p in project_urlpatterns if getattr(p, "namespace", None) != "referrals"]
