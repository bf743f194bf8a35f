from django.urls import path

from ai.views import CategorizeView
from ai.views_insights import InsightsView

urlpatterns = [
    path("ai/categorize/", CategorizeView.as_view(), name="ai-categorize"),
    path("ai/insights/", InsightsView.as_view(), name="ai-insights"),
]
