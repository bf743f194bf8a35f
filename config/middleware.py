"""Middleware of the API's own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ApiNoStoreMiddleware:
    """API answers (JSON, exports, backups) carry a user's data: no cache, shared or private,
    may store them (`Cache-Control: no-store`). A view that sets its own Cache-Control (the
    receipt: `private, no-store`) keeps it; pages outside /api/ are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
