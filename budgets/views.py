from typing import cast

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.requests import request_user
from budgets import selectors, services
from budgets.models import Budget
from budgets.serializers import (
    BudgetCopyResultSerializer,
    BudgetCopySerializer,
    BudgetQuerySerializer,
    BudgetSerializer,
    BudgetStatusSerializer,
    BudgetUpdateSerializer,
)
from config.months import month_start

MONTH = OpenApiParameter("month", str, description="YYYY-MM or YYYY-MM-01")
CURRENCY = OpenApiParameter("currency", str, description="ISO 4217 code")


@extend_schema_view(
    list=extend_schema(parameters=[MONTH, CURRENCY]),
    create=extend_schema(
        description="Create the budget for (month, scope, category), or update it: "
        "201 when created, 200 when an existing budget was updated.",
        responses={201: BudgetSerializer, 200: BudgetSerializer},
    ),
)
class BudgetViewSet(viewsets.ModelViewSet):
    """Monthly budgets, overall or per category."""

    queryset = Budget.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = BudgetSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def _query(self) -> dict:
        query = BudgetQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def get_queryset(self) -> QuerySet[Budget]:
        filters = self._query() if self.action == "list" else {}
        return selectors.budget_list(owner=request_user(self.request), **filters)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return BudgetUpdateSerializer
        return super().get_serializer_class()

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget, created = services.budget_upsert(
            owner=request_user(request), **serializer.validated_data
        )
        return Response(
            self.get_serializer(budget).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer: BaseSerializer[Budget]) -> None:
        # UpdateModelMixin.update() set the instance before calling this.
        budget = cast(Budget, serializer.instance)
        serializer.instance = services.budget_update(budget=budget, data=serializer.validated_data)

    @extend_schema(
        parameters=[MONTH, CURRENCY],
        responses=BudgetStatusSerializer(many=True),
        description="Every budget of the month (default: this month) with rollover_in, "
        "available, spent, remaining, percent_used and status (ok, warn, exceeded).",
    )
    @action(detail=False, methods=["get"], url_path="status", pagination_class=None)
    def status(self, request: Request) -> Response:
        query = self._query()
        month = query.get("month") or month_start(timezone.localdate())
        rows = selectors.budget_status(
            owner=request_user(request), month=month, currency=query.get("currency")
        )
        return Response(BudgetStatusSerializer(rows, many=True).data)

    @extend_schema(
        request=BudgetCopySerializer,
        responses={201: BudgetCopyResultSerializer, 200: BudgetCopyResultSerializer},
        description="Copy one month's budgets to another, skipping those that exist there.",
    )
    @action(detail=False, methods=["post"], url_path="copy")
    def copy(self, request: Request) -> Response:
        serializer = BudgetCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created, skipped = services.budget_copy_month(
            owner=request_user(request),
            source=serializer.validated_data["from"],
            target=serializer.validated_data["to"],
        )
        body = {"created": BudgetSerializer(created, many=True).data, "skipped": skipped}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
