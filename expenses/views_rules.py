"""Applying rules to existing expenses: `POST rules/{id}/apply/` and `POST rules/apply/`.
Here, not in `rules`, because `rules` sits below `expenses` and cannot change expenses."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from expenses.rules_apply import RulesApplyResult, rules_apply
from rules.models import Rule
from rules.selectors import rule_enabled_list, rule_list

DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    description="Only count the matching expenses (a preview); nothing is written.",
)


class DryRunSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(required=False, default=False)


class RulesApplyResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    matched = serializers.IntegerField(help_text="Expenses whose every condition holds.")
    changed = serializers.IntegerField(
        required=False,
        help_text="Not in a dry run: expenses whose category, tags or merchant changed.",
    )
    merchant_skipped = serializers.IntegerField(
        required=False,
        help_text="Not in a dry run: expenses past their edit window whose merchant a rule "
        "would change: the merchant is part of the record and stays (classification changes).",
    )


def _answer(request: Request, rules: list[Rule]) -> Response:
    query = DryRunSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    result: RulesApplyResult = rules_apply(
        owner=request_user(request), rules=rules, dry_run=query.validated_data["dry_run"]
    )
    body: dict = {"dry_run": result.dry_run, "matched": result.matched}
    if not result.dry_run:
        body.update(changed=result.changed, merchant_skipped=result.merchant_skipped)
    return Response(RulesApplyResultSerializer(body).data)


class RuleApplyView(APIView):
    """Apply one rule (enabled or not) to the expenses already recorded."""

    @extend_schema(
        operation_id="rules_apply_one",
        parameters=[DRY_RUN],
        request=None,
        responses={200: RulesApplyResultSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        rule = get_object_or_404(rule_list(owner=request_user(request)), pk=pk)
        return _answer(request, [rule])


class RulesApplyView(APIView):
    """Apply every enabled rule, in order, to the expenses already recorded."""

    @extend_schema(
        operation_id="rules_apply_all",
        parameters=[DRY_RUN],
        request=None,
        responses={200: RulesApplyResultSerializer},
    )
    def post(self, request: Request) -> Response:
        return _answer(request, rule_enabled_list(owner=request_user(request)))
