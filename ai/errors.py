"""The errors of the smart features."""

from rest_framework import status

from config.exceptions import DomainError


class AIDisabled(DomainError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "ai_disabled"
    default_detail = "The smart features are switched off on this server (AI_ENABLED)."
