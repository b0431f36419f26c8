from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from mixedflows import api
from mixedflows.core import languages, signin
from mixedflows.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", signin.LoginView.as_view(), name="login"),
    path("logout/", signin.LogoutView.as_view(), name="logout"),
    path("password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", signin.mfa_setup, name="mfa_setup"),
    path("two-factor/verify/", signin.mfa_verify, name="mfa_verify"),
    path("language/", languages.set_language, name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("", include("mixedflows.core.urls")),
    path("", include("mixedflows.people.urls")),
    path("screening/", include("mixedflows.screening.urls")),
    path("referrals/", include("mixedflows.referrals.urls")),
    path("cases/", include("mixedflows.cases.urls")),
    path("detention/", include("mixedflows.detention.urls")),
    path("outreach/", include("mixedflows.outreach.urls")),
    path("training/", include("mixedflows.training.urls")),
    path("cooperation/", include("mixedflows.cooperation.urls")),
    path("linkage/", include("mixedflows.linkage.urls")),
    path("flows/", include("mixedflows.flows.urls")),
    path("integrations/", include("mixedflows.integrations.urls")),
    path("data-protection/", include("mixedflows.dataprotection.urls")),
    *api.urlpatterns(),
    path("platform-admin/", admin.site.urls),
]
