from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from ai import services
from ai.errors import AIDisabled
from ai.serializers import CategorizeRequestSerializer, SuggestionSerializer

AI_DISABLED = OpenApiResponse(description="`ai_disabled`: the smart features are switched off.")


class AIView(APIView):
    """Every `ai/` endpoint: 503 `ai_disabled` when `AI_ENABLED` is off."""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if not settings.AI_ENABLED:
            raise AIDisabled()


class CategorizeView(AIView):
    @extend_schema(
        request=CategorizeRequestSerializer,
        responses={200: SuggestionSerializer, 503: AI_DISABLED},
        description="Suggest a category for an expense from its description (and merchant, "
        "amount), learned from your own history, with a prior for new merchants.",
    )
    def post(self, request: Request) -> Response:
        form = CategorizeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        suggestion = services.categorize(owner=request_user(request), **form.validated_data)
        return Response(SuggestionSerializer(suggestion).data)
