from collections import defaultdict
from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.requests import request_user
from schedules import selectors, services
from schedules.models import Schedule
from schedules.serializers import (
    ScheduleSerializer,
    SkipSerializer,
    UpcomingAnswerSerializer,
    UpcomingQuerySerializer,
)

EDIT_DESCRIPTION = (
    "Changes apply to occurrences still to come; expenses already created stay as they are. "
    "A change of the dates (start_date, period, interval, day_of_month, end_date, count) "
    "starts again from today without creating past dates. `paused: true` stops the schedule; "
    "`paused: false` resumes it from today (dates in the pause are not created)."
)


@extend_schema_view(
    create=extend_schema(
        description="Create a recurring expense. A start date in the past creates its "
        "occurrences up to today at once."
    ),
    update=extend_schema(description=EDIT_DESCRIPTION),
    partial_update=extend_schema(description=EDIT_DESCRIPTION),
    destroy=extend_schema(description="Delete a schedule; the expenses it created stay."),
)
class ScheduleViewSet(viewsets.ModelViewSet):
    """Recurring expenses. Due occurrences become expenses on the owner's next request
    (and with `manage.py run_schedules`), each exactly once."""

    queryset = Schedule.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ScheduleSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    _ahead: dict | None = None

    def get_queryset(self) -> QuerySet[Schedule]:
        return selectors.schedule_list_with_ahead(owner=request_user(self.request))

    def paginate_queryset(self, queryset: Any) -> list | None:
        page = super().paginate_queryset(queryset)
        # Dates skipped ahead of time for the whole page at once (for `remaining`).
        self._ahead = selectors.schedules_ahead(page or [])
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "ahead": self._ahead}

    def _fresh(self, schedule: Schedule) -> Schedule:
        return self.get_queryset().get(pk=schedule.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        schedule = services.schedule_create(
            owner=request_user(request), today=timezone.localdate(), **serializer.validated_data
        )
        return Response(
            self.get_serializer(self._fresh(schedule)).data, status=status.HTTP_201_CREATED
        )

    def perform_update(self, serializer: BaseSerializer[Schedule]) -> None:
        schedule = services.schedule_update(
            schedule=cast(Schedule, serializer.instance),
            data=serializer.validated_data,
            today=timezone.localdate(),
        )
        serializer.instance = self._fresh(schedule)

    def perform_destroy(self, instance: Schedule) -> None:
        services.schedule_delete(schedule=instance)

    @extend_schema(
        request=SkipSerializer,
        responses=ScheduleSerializer,
        description="Skip the next occurrence, or the upcoming one on `date` (400 on `date` "
        "when that is not one). A skipped occurrence creates no expense and counts towards "
        "`count`. 409 `schedule_finished` when nothing is left.",
    )
    @action(detail=True, methods=["post"])
    def skip(self, request: Request, pk: str | None = None) -> Response:
        schedule = self.get_object()
        body = SkipSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.schedule_skip(schedule=schedule, day=body.validated_data.get("date"))
        return Response(self.get_serializer(self._fresh(schedule)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD; default today"),
            OpenApiParameter("end", str, description="YYYY-MM-DD; default start + 30 days"),
        ],
        responses=UpcomingAnswerSerializer,
        description="Occurrences still to come between start and end (at most 366 days "
        "apart), in date order, at most 500, with their totals per currency. Paused "
        "schedules and skipped dates have none.",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def upcoming(self, request: Request) -> Response:
        query = UpcomingQuerySerializer(
            data=request.query_params, context={"today": timezone.localdate()}
        )
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["start"], query.validated_data["end"]
        rows = selectors.schedule_upcoming(owner=request_user(request), start=start, end=end)
        totals: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
        for row in rows:
            totals[row.schedule.currency][0] += row.schedule.amount
            totals[row.schedule.currency][1] += 1
        body = {
            "start": start,
            "end": end,
            "results": rows,
            "totals": [
                {"currency": currency, "total": total, "count": count}
                for currency, (total, count) in sorted(totals.items())
            ],
        }
        return Response(UpcomingAnswerSerializer(body).data)
