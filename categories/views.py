import re
from typing import cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.requests import request_user
from categories import selectors, services
from categories.errors import SystemCategoryReadOnly
from categories.models import Category, Tag
from categories.serializers import CategorySerializer, TagSerializer

REASSIGN_PARAMETER = OpenApiParameter(
    "reassign_to",
    OpenApiTypes.STR,
    description="Move the category's expenses to this category id first, or `none` to clear them.",
)


SYSTEM_READ_ONLY = OpenApiResponse(
    description="`system_category_read_only`: a system category changes only `hidden`."
)


@extend_schema_view(
    partial_update=extend_schema(responses={200: CategorySerializer, 403: SYSTEM_READ_ONLY}),
    destroy=extend_schema(
        parameters=[REASSIGN_PARAMETER],
        responses={
            204: None,
            403: SYSTEM_READ_ONLY,
            409: OpenApiResponse(
                description="`category_in_use`: expenses use it and `reassign_to` is not given."
            ),
        },
    ),
)
class CategoryViewSet(viewsets.ModelViewSet):
    """System categories (read-only) and the user's own."""

    queryset = Category.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = CategorySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Category]:
        return selectors.category_list_with_hidden(owner=request_user(self.request))

    def get_object(self) -> Category:
        category = super().get_object()
        writes = self.request.method not in SAFE_METHODS
        if writes and category.is_system and not self._only_hides():
            raise SystemCategoryReadOnly()
        return category

    def _only_hides(self) -> bool:
        """A PATCH that sends `hidden` and nothing else: all a user may change on a system
        category (hiding it from their own lists)."""
        data = self.request.data
        return self.request.method == "PATCH" and hasattr(data, "keys") and set(data) == {"hidden"}

    def perform_create(self, serializer: BaseSerializer[Category]) -> None:
        serializer.instance = services.category_create(
            owner=request_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Category]) -> None:
        # UpdateModelMixin.update() set the instance before calling this.
        category = cast(Category, serializer.instance)
        serializer.instance = services.category_update(
            owner=request_user(self.request), category=category, data=serializer.validated_data
        )

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        category = self.get_object()
        raw = request.query_params.get("reassign_to")
        target = None
        if raw is not None and raw.lower() != "none":
            target = self._reassign_target(raw, category)
        services.category_delete(category=category, reassign_to=target, reassign=raw is not None)
        return Response(status=204)

    def _reassign_target(self, raw: str, category: Category) -> Category:
        target = None
        if re.fullmatch(r"[0-9]{1,18}", raw):
            target = self.get_queryset().filter(id=int(raw)).exclude(id=category.id).first()
        if target is None:
            raise ValidationError(
                {"reassign_to": [f"{raw!r} is not one of your other categories (or `none`)."]}
            )
        return target


class TagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The user's tags with how many expenses use each."""

    queryset = Tag.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = TagSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Tag]:
        return selectors.tag_list(owner=request_user(self.request))
