from django.urls import path
from rest_framework.routers import SimpleRouter

from reports import views_data

profiles = SimpleRouter()
profiles.register("import/profiles", views_data.ImportProfileViewSet, basename="import-profile")

urlpatterns = [
    path("export/expenses.csv", views_data.ExportExpensesCsvView.as_view(), name="export-csv"),
    path(
        "export/backup.json", views_data.ExportBackupJsonView.as_view(), name="export-backup-json"
    ),
    path("export/backup.zip", views_data.ExportBackupZipView.as_view(), name="export-backup-zip"),
    path(
        "import/backup.json", views_data.ImportBackupJsonView.as_view(), name="import-backup-json"
    ),
    path("import/backup.zip", views_data.ImportBackupZipView.as_view(), name="import-backup-zip"),
    path("import/expenses.csv", views_data.ImportExpensesCsvView.as_view(), name="import-csv"),
    path("import/expenses.ofx", views_data.ImportExpensesOfxView.as_view(), name="import-ofx"),
    *profiles.urls,
]
