from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from ai.insights import insights_for
from ai.serializers_insights import InsightsQuerySerializer, InsightsSerializer
from ai.views import AI_DISABLED, AIView
from config.months import month_start

MONTH = OpenApiParameter(
    "month", str, description="YYYY-MM or YYYY-MM-01; default: the current month"
)
CURRENCY = OpenApiParameter(
    "currency", str, description="ISO 4217 code; default: the user's default_currency"
)


class InsightsView(AIView):
    @extend_schema(
        parameters=[MONTH, CURRENCY],
        responses={200: InsightsSerializer, 503: AI_DISABLED},
        description="A month's insights in one currency: anomalies (an expense far above its "
        "category's median, a likely duplicate charge, a category's month far above its "
        "usual), the month's forecast, the subscriptions and recurring bills found in the "
        "last two years, and tips (budgets at risk, price rises, rising categories), each "
        "with the figures behind it.",
    )
    def get(self, request: Request) -> Response:
        query = InsightsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = request_user(request)
        insights = insights_for(
            owner=user,
            month=query.validated_data.get("month") or month_start(timezone.localdate()),
            currency=query.validated_data.get("currency") or user.default_currency,
        )
        return Response(InsightsSerializer(insights).data)
