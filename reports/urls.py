from django.urls import include, path

urlpatterns = [
    path("reports/", include("reports.urls_reports")),
    path("", include("reports.urls_data")),
]
