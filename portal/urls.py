from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from portal import views

admin.site.site_header = _("党建台账 管理后台")
admin.site.site_title = _("党建台账")
admin.site.index_title = _("账号、学校与党组织")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("branches.urls")),
    path("", include("dues.urls")),
    path("", include("development.urls")),
    path("", include("projects.urls")),
    path("", include("reports.urls")),
    path("", include("overview.urls")),
    path("", include("regions.urls")),
    path("", include("notifications.urls")),
    path("", include("selfservice.urls")),
    path("", include("onboarding.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico where a page names no icon (/admin/ before its template did,
    # a JSON or file response): the portal's icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"))),
]
