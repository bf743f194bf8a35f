"""Read-only spending reports. Views parse the query, call one selector, shape the answer."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from accounts.requests import request_user
from config.months import month_start
from reports import selectors
from reports.serializers_reports import (
    DateRangeQuerySerializer,
    PeriodBucketSerializer,
    SummarySerializer,
    TimeseriesQuerySerializer,
    TrendsQuerySerializer,
    TrendsSerializer,
)

START = OpenApiParameter(
    "start", OpenApiTypes.DATE, required=True, description="First day, included (YYYY-MM-DD)"
)
END = OpenApiParameter(
    "end",
    OpenApiTypes.DATE,
    required=True,
    description="Last day, included; on or after start and at most 10 years (3653 days) later",
)
CURRENCY = OpenApiParameter(
    "currency", str, description="ISO 4217 code; default: the user's default_currency"
)
BUCKET = OpenApiParameter(
    "bucket", str, enum=list(selectors.BUCKETS), default="daily", description="Weeks start Monday"
)
MONTH = OpenApiParameter(
    "month", str, description="YYYY-MM or YYYY-MM-01; default: the current month"
)


def _query(serializer_class: type[Serializer], request: Request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return {"currency": request_user(request).default_currency, **query.validated_data}


class ReportSummaryView(APIView):
    @extend_schema(
        parameters=[START, END, CURRENCY],
        responses=SummarySerializer,
        description="Spending between start and end in one currency: total, count, "
        "by_category (largest first, with its percent of the total), averages per day, week "
        "and month of the range, and totals per day, week, month and year that had spending.",
    )
    def get(self, request: Request) -> Response:
        summary = selectors.report_summary(
            owner=request_user(request), **_query(DateRangeQuerySerializer, request)
        )
        return Response(SummarySerializer(summary).data)


class ReportTrendsView(APIView):
    @extend_schema(
        parameters=[MONTH, CURRENCY],
        responses=TrendsSerializer,
        description="A month against the calendar month before it, overall and for every "
        "category with spending in either (largest current total first, then largest "
        "previous total, then name); percent_change is null when the previous is 0.",
    )
    def get(self, request: Request) -> Response:
        query = _query(TrendsQuerySerializer, request)
        month = query.pop("month", None) or month_start(timezone.localdate())
        trends = selectors.report_trends(owner=request_user(request), month=month, **query)
        return Response(TrendsSerializer(trends).data)


class ReportTimeseriesView(APIView):
    @extend_schema(
        parameters=[START, END, BUCKET, CURRENCY],
        responses=PeriodBucketSerializer(many=True),
        description="Total and count per bucket, from the bucket holding start to the one "
        "holding end, empty buckets included as zeros. A bucket is labelled by its first day.",
    )
    def get(self, request: Request) -> Response:
        buckets = selectors.report_timeseries(
            owner=request_user(request), **_query(TimeseriesQuerySerializer, request)
        )
        return Response(PeriodBucketSerializer(buckets, many=True).data)
