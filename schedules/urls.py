from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from schedules.views import ScheduleViewSet

router = SimpleRouter()
router.register("schedules", ScheduleViewSet, basename="schedule")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
