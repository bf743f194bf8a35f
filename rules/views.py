from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.requests import request_user
from rules import selectors, services
from rules.models import Rule
from rules.serializers import RuleOrderSerializer, RuleSerializer

RULE_DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "set_category": None,
    "add_tags": [],
    "set_merchant": "",
}


class RuleViewSet(viewsets.ModelViewSet):
    """The signed-in user's rules, in the order they run."""

    queryset = Rule.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = RuleSerializer
    filter_backends: list = []
    # Numbers only, so `rules/apply/` (expenses/urls.py) is not read as a rule id.
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Rule]:
        return selectors.rule_list(owner=request_user(self.request))

    def perform_create(self, serializer: BaseSerializer[Rule]) -> None:
        serializer.instance = services.rule_create(
            owner=request_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Rule]) -> None:
        data = serializer.validated_data
        if not serializer.partial:  # PUT: what is left out goes back to its default
            data = {**RULE_DEFAULTS, **data}
        serializer.instance = services.rule_update(rule=cast(Rule, serializer.instance), data=data)

    def perform_destroy(self, instance: Rule) -> None:
        services.rule_delete(rule=instance)

    @extend_schema(
        request=RuleOrderSerializer,
        responses={
            200: RuleSerializer(many=True),
            400: OpenApiResponse(description="`ids` is not exactly the set of your rules."),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="reorder",
        url_name="reorder",
        pagination_class=None,  # the whole order, not a page
        filter_backends=[],
    )
    def reorder(self, request: Request) -> Response:
        order = RuleOrderSerializer(data=request.data)
        order.is_valid(raise_exception=True)
        rules = services.rules_reorder(owner=request_user(request), ids=order.validated_data["ids"])
        return Response(
            RuleSerializer(rules, many=True, context=self.get_serializer_context()).data
        )
