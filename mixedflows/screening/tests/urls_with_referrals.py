"""The project's URLs plus a stand-in `referrals:new`, to test the links the outcome builds to it."""

from django.http import HttpResponse
from django.urls import include, path

from mixedflows.urls import urlpatterns as project_urlpatterns

referral_stub = ([path("new/", lambda request: HttpResponse("referral form"), name="new")], "referrals")
urlpatterns = [p for p in project_urlpatterns if getattr(p, "namespace", None) != "referrals"]
urlpatterns.append(path("referrals/", include(referral_stub)))
