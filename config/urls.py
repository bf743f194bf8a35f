from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.exceptions import api_not_found
from config.health import HealthView

api_v1: list[URLPattern | URLResolver] = [
    path("health/", HealthView.as_view(), name="health"),
    path("auth/", include("accounts.urls")),
    path("", include("categories.urls")),
    path("", include("rules.urls")),
    path("", include("expenses.urls")),
    path("", include("schedules.urls")),
    path("", include("budgets.urls")),
    path("", include("ai.urls")),
    path("", include("reports.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    re_path(r"^api/", api_not_found),
]

handler400 = "config.exceptions.bad_request"
handler500 = "config.exceptions.server_error"
