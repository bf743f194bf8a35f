"""Bulk changes: `POST expenses/bulk/` (classification) and `POST expenses/bulk-delete/`."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from expenses import services_bulk
from expenses.models import MAX_TAGS_PER_EXPENSE
from expenses.serializers_bulk import (
    BulkChangeSerializer,
    BulkDeletionSerializer,
    ExpenseBulkDeleteSerializer,
    ExpenseBulkSerializer,
)

SELECTION = (
    "Select your expenses by `ids`, or by `filter` (the expense list's filters, same meaning; "
    "a bad value is a 400 on `filter.<name>`). Another user's or an unknown id is a 400 on "
    "`ids` naming it; a selection of more than `EXPENSE_BULK_MAX` (default 5000) is a 400."
)


class ExpenseBulkView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="expenses_bulk",
        summary="Change the classification of many expenses",
        description=(
            f"{SELECTION} Then `set_category` (an id, or null to clear it), `add_tags` and/or "
            "`remove_tags` (names, case-insensitive; added names are created for you). One "
            "transaction: all or nothing. Classification is not the record, so the edit "
            f"window does not apply. Adding tags that would give an expense more than "
            f"{MAX_TAGS_PER_EXPENSE} is a "
            "400 on `add_tags`. `changed` counts the expenses that really changed."
        ),
        request=ExpenseBulkSerializer,
        responses={200: BulkChangeSerializer},
        examples=[
            OpenApiExample(
                "Recategorize by ids",
                value={"ids": [12, 13, 14], "set_category": 3, "add_tags": ["work"]},
                request_only=True,
            ),
            OpenApiExample(
                "Every expense the list shows for a search",
                value={"filter": {"search": "uber"}, "set_category": 2},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = ExpenseBulkSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services_bulk.expenses_bulk_classify(
            owner=request_user(request),
            ids=data["ids"],
            change_category="set_category" in data,
            category=data.get("set_category"),
            add_tags=data.get("add_tags", ()),
            remove_tags=data.get("remove_tags", ()),
        )
        return Response(BulkChangeSerializer(result).data)


class ExpenseBulkDeleteView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="expenses_bulk_delete",
        summary="Delete many expenses",
        description=(
            f"{SELECTION} Deletes the selected expenses that are inside their edit window; "
            "each locked one is listed in `refused` with its `editable_until`, and the rest "
            "are still deleted. For an Admin nothing is refused: deleting a locked expense is "
            "recorded in the audit log, as a single delete is. Receipt files are deleted too."
        ),
        request=ExpenseBulkDeleteSerializer,
        responses={200: BulkDeletionSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = ExpenseBulkDeleteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = request_user(request)
        result = services_bulk.expenses_bulk_delete(
            owner=user, actor=user, ids=serializer.validated_data["ids"]
        )
        refused = [{"id": i, "editable_until": until} for i, until in result.refused]
        body = {"matched": result.matched, "deleted": result.deleted, "refused": refused}
        return Response(BulkDeletionSerializer(body).data)
