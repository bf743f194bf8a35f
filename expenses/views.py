import logging
from functools import partial
from typing import Any, cast

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.models import User
from accounts.requests import request_user

# The one place where an app reaches a higher one (documented in docs/architecture.md and
# allowed in the import-linter contract): create and update answers carry budget alerts.
from budgets.selectors import budget_alerts
from budgets.serializers import BudgetStatusSerializer
from config.fields import CurrencyField, SumField
from config.months import month_start
from config.pagination import CountedPaginator
from expenses import selectors, services
from expenses.filters import ExpenseFilter
from expenses.models import Expense
from expenses.receipts import CONTENT_TYPES
from expenses.serializers import ExpenseSerializer, ReceiptUploadSerializer

logger = logging.getLogger(__name__)


EDIT_WINDOW_EXPIRED = OpenApiResponse(description="`edit_window_expired`.")
RECORD_LOCKED = OpenApiResponse(
    description="`edit_window_expired`: only when the change alters the record (amount, "
    "currency, date, description, merchant or payment method) after the edit window. Category, "
    "tags and notes may be changed at any time."
)
UPDATE_DESCRIPTION = (
    "Inside the edit window every field may change. After it, the record (amount, currency, "
    "date, description, merchant, payment method) is locked unless the user is an Admin "
    "(audited); a change of category, tags or notes alone is always allowed, without audit. "
    "A record field sent with its current value is not a change."
)


class CurrencyTotalSerializer(serializers.Serializer):
    currency = CurrencyField()
    total = SumField()
    count = serializers.IntegerField()


class ExpenseTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Expenses matching the filters, all currencies.")
    totals = CurrencyTotalSerializer(
        many=True,
        help_text="Per currency (never added across currencies), the most expenses first.",
    )


class RememberingFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the filter set it built on the view (`view.filterset`)
    so that the count can read the same validated filters without building them again."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


@extend_schema_view(
    update=extend_schema(
        description=UPDATE_DESCRIPTION, responses={200: ExpenseSerializer, 403: RECORD_LOCKED}
    ),
    partial_update=extend_schema(
        description=UPDATE_DESCRIPTION, responses={200: ExpenseSerializer, 403: RECORD_LOCKED}
    ),
    destroy=extend_schema(responses={204: None, 403: EDIT_WINDOW_EXPIRED}),
)
class ExpenseViewSet(viewsets.ModelViewSet):
    """The signed-in user's expenses. The record changes inside the edit window only; the
    classification (category, tags, notes) at any time."""

    queryset = Expense.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ExpenseSerializer
    filterset_class = ExpenseFilter
    filter_backends = [RememberingFilterBackend]

    def get_queryset(self) -> QuerySet[Expense]:
        expenses = selectors.expense_list(owner=request_user(self.request))
        # A page's tags come as names in one light query (`paginate_queryset`).
        return expenses.prefetch_related(None) if self.action == "list" else expenses

    def _rollup_filters(self) -> dict | None:
        """The request's filters as rollup keys when the rollups can answer them (dates,
        category, currency); None when they need the rows. Called after `filter_queryset`,
        whose filter set it reads."""
        filters = getattr(self, "filterset", None)
        return filters.rollup_keys() if filters is not None and filters.is_valid() else None

    def paginate_queryset(self, queryset: Any) -> Any:
        """The page, counted from the rollups where they can answer (no `COUNT(*)` over a
        million rows for the first page), from the rows otherwise; each expense with its
        tag names."""
        keys = self._rollup_filters() if self.action == "list" else None
        if keys is not None and self.paginator is not None:
            count = selectors.expense_count_from_rollups(owner=request_user(self.request), **keys)
            # `self.paginator` is this request's own instance.
            self.paginator.django_paginator_class = partial(CountedPaginator, count=count)  # type: ignore[attr-defined]
        page = super().paginate_queryset(queryset)
        if page:
            selectors.expense_attach_tag_names(page)
        return page

    def perform_create(self, serializer: BaseSerializer[Expense]) -> None:
        serializer.instance = services.expense_create(
            owner=request_user(self.request), **serializer.validated_data
        )
        _add_budget_alerts(serializer, owner=request_user(self.request))

    def perform_update(self, serializer: BaseSerializer[Expense]) -> None:
        data = serializer.validated_data
        if not serializer.partial:
            # PUT replaces the whole expense: optional fields left out go back to defaults.
            data = {**services.expense_defaults(owner=request_user(self.request)), **data}
        serializer.instance = services.expense_update(
            expense=cast(Expense, serializer.instance),  # set by UpdateModelMixin.update()
            actor=request_user(self.request),
            data=data,
        )
        _add_budget_alerts(serializer, owner=request_user(self.request))

    def perform_destroy(self, instance: Expense) -> None:
        services.expense_delete(expense=instance, actor=request_user(self.request))

    @extend_schema(
        description="How many expenses the list's filters match and their sum per currency, "
        "for all pages at once (the same query parameters as `GET expenses/`).",
        filters=True,
        responses={200: ExpenseTotalsSerializer},
    )
    @action(detail=False, methods=["get"], url_path="totals", url_name="totals")
    def totals(self, request: Request) -> Response:
        expenses = self.filter_queryset(self.get_queryset())  # validates the filters (400)
        keys = self._rollup_filters()
        if keys is None:
            rows = selectors.expense_totals(expenses=expenses)
        else:
            rows = selectors.expense_totals_from_rollups(owner=request_user(request), **keys)
        body = {"count": sum(row["count"] for row in rows), "totals": rows}
        return Response(ExpenseTotalsSerializer(body).data)

    @extend_schema(
        methods=["GET"],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No receipt."),
        },
    )
    @extend_schema(
        methods=["PUT"],
        request={"multipart/form-data": ReceiptUploadSerializer},
        responses={200: ExpenseSerializer, 403: EDIT_WINDOW_EXPIRED},
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={
            204: None,
            403: EDIT_WINDOW_EXPIRED,
            404: OpenApiResponse(description="No receipt."),
        },
    )
    @action(
        detail=True,
        methods=["get", "put", "delete"],
        url_path="receipt",
        url_name="receipt",
        parser_classes=[MultiPartParser],
        filter_backends=[],
    )
    def receipt(self, request: Request, pk: str | None = None) -> Response | FileResponse:
        expense = self.get_object()
        if request.method == "GET":
            return _receipt_file(expense)
        if request.method == "DELETE":
            if not expense.receipt:
                raise Http404
            services.expense_receipt_set(expense=expense, actor=request_user(request), upload=None)
            return Response(status=status.HTTP_204_NO_CONTENT)
        upload = ReceiptUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        expense = services.expense_receipt_set(
            expense=expense, actor=request_user(request), upload=upload.validated_data["file"]
        )
        return Response(self.get_serializer(expense).data)


def _add_budget_alerts(serializer: BaseSerializer[Expense], *, owner: User) -> None:
    """The budgets of the expense's month at `warn` or `exceeded` after the change, so the
    app can warn at the moment of spending. `owner` is the requester, whose expense it is."""
    expense = cast(Expense, serializer.instance)  # just saved by perform_create/update
    rows = budget_alerts(owner=owner, month=month_start(expense.date))
    # The stubs type `context` as a read-only Mapping; DRF keeps it as a plain dict.
    context = cast(dict[str, Any], serializer.context)
    context["budget_alerts"] = BudgetStatusSerializer(rows, many=True).data


def _receipt_file(expense: Expense) -> FileResponse:
    name = expense.receipt.name
    if not name:  # what `not expense.receipt` tests
        raise Http404
    extension = "." + name.rsplit(".", 1)[-1]
    try:
        handle = expense.receipt.open("rb")
    except FileNotFoundError as exc:
        logger.error("Receipt file %s of expense %s is missing", expense.receipt.name, expense.id)
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"receipt-{expense.id}{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
