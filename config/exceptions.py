"""Errors: one base class for domain errors and one DRF handler that shapes every answer.

Validation errors keep DRF's `{"field": ["message"]}` shape; every other error is
`{"detail": "...", "code": "..."}`. Services raise `DomainError` subclasses and never
build HTTP responses themselves.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A business rule said no. Subclasses set `status_code`, `code` and `default_detail`."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "invalid"
    default_detail: str = "The request breaks a business rule."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.default_detail
        self.extra = extra
        super().__init__(self.detail)


class FieldErrors(DomainError):
    """Input that breaks a rule, answered in DRF's validation shape: `{"field": ["message"]}`
    (400). Services raise this, never DRF's `ValidationError`."""

    code = "invalid"
    default_detail = "Invalid input."

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(m)}" for name, m in errors.items()))

    @classmethod
    def on(cls, field: str, message: str) -> "FieldErrors":
        return cls({field: [message]})


MAX_LISTED_ERRORS = 200
"""How many problems an answer lists at most (import rows, backup entries); `error_count`
says how many there are."""


class ListedErrors(DomainError):
    """Many problems found at once (rows of an import, entries of a backup): the first
    `MAX_LISTED_ERRORS` are answered as `errors`, with `error_count` the total."""

    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__(errors=errors[:MAX_LISTED_ERRORS], error_count=len(errors))


class FileTooLarge(DomainError):
    """An upload over its limit (receipts, imports, backups): 413 naming the field."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = "file_too_large"
    default_detail = "The file is too large."

    def __init__(self, limit: int, *, field: str = "file") -> None:
        super().__init__(f"The file is larger than the {limit:,} byte limit.", field=field)


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    default_detail = "The request conflicts with the current state."


class Forbidden(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"
    default_detail = "You do not have permission to perform this action."


def _code_of(exc: exceptions.APIException) -> str:
    # simplejwt answers `{"detail": ..., "code": "password_changed"}`: the code it names wins.
    if isinstance(exc.detail, dict) and isinstance(exc.detail.get("code"), str):
        return str(exc.detail["code"])
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        code = codes.get("code")
        if isinstance(code, str):
            return code
    return exc.default_code


def _detail_of(exc: exceptions.APIException) -> str:
    detail: object = exc.detail
    if isinstance(detail, dict):
        detail = detail.get("detail", exc.default_detail)
    if isinstance(detail, list):
        detail = detail[0] if detail else exc.default_detail
    return str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, FieldErrors):
        return Response(exc.errors, status=exc.status_code)
    if isinstance(exc, DomainError):
        body = {"detail": exc.detail, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None or isinstance(exc, exceptions.ValidationError):
        return response
    if isinstance(exc, exceptions.APIException):
        response.data = {"detail": _detail_of(exc), "code": _code_of(exc)}
    return response


# Codes of the errors that DRF, simplejwt and the handlers below answer with.
FRAMEWORK_ERROR_CODES = (
    "not_authenticated",
    "authentication_failed",
    "token_not_valid",
    # simplejwt: a wrong password at auth/token/, and a token whose user cannot sign in
    "no_active_account",
    "user_not_found",
    "user_inactive",
    "password_changed",
    "bad_authorization_header",
    "permission_denied",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "parse_error",
    "throttled",
    "request_too_large",
    "bad_request",
    "server_error",
)


def error_codes() -> list[str]:
    """Every `code` the API can answer with: the framework's and every `DomainError`
    subclass's (each app declares its own in `<app>/errors.py`)."""
    found: set[str] = set(FRAMEWORK_ERROR_CODES)
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        kind = pending.pop()
        if kind is not FieldErrors and ".tests." not in kind.__module__:
            found.add(kind.code)
        pending.extend(kind.__subclasses__())
    return sorted(found)


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown routes under /api/ answer JSON, like every other API error. CSRF-exempt: a
    POST or DELETE to an unknown route is a 404 too, not the CSRF failure page."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


def bad_request(request: HttpRequest, exception: Exception, *args: Any) -> HttpResponse:
    """Requests Django refuses before any view runs (a body over DATA_UPLOAD_MAX_MEMORY_SIZE,
    a bad Host): JSON under /api/, like every other API error."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(
            {
                "detail": "The request body is too large; send big files as multipart uploads.",
                "code": "request_too_large",
            },
            status=413,
        )
    return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Never a traceback: an unexpected failure under /api/ is a plain JSON 500."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "A server error occurred.", "code": "server_error"}, status=500
        )
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF refusals (a session-authenticated write without the token): JSON under /api/,
    Django's page elsewhere (the admin)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": f"CSRF check failed: {reason}", "code": "permission_denied"}, status=403
        )
    return csrf.csrf_failure(request, reason=reason)
