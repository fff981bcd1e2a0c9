from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("zhenggai.workflow.urls")),
    path("", include("zhenggai.supervision.urls")),
    path("", include("zhenggai.outcomes.urls")),
    path("", include("zhenggai.reports.urls")),
    path("", include("zhenggai.setup.urls")),
    path("", include("zhenggai.inspection.urls")),
    path("", include("zhenggai.public.urls")),
    path("", include("zhenggai.api.urls")),
    path("", include("zhenggai.oversight.urls")),
    path("", include("zhenggai.ledger.urls")),
]
