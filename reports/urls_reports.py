from django.urls import path

from reports.views_reports import ReportSummaryView, ReportTimeseriesView, ReportTrendsView

urlpatterns = [
    path("summary/", ReportSummaryView.as_view(), name="report-summary"),
    path("trends/", ReportTrendsView.as_view(), name="report-trends"),
    path("timeseries/", ReportTimeseriesView.as_view(), name="report-timeseries"),
]
