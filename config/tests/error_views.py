"""Views that raise each kind of error, so the one handler's shapes can be checked."""

from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.exceptions import Conflict, DomainError


class ServiceUnavailable(DomainError):
    status_code = 503
    code = "unavailable"
    default_detail = "The service is unavailable."


class RaisesConflict(APIView):
    def get(self, request: Request) -> Response:
        raise Conflict("That name is taken.", count=3)


class RaisesUnavailable(APIView):
    def get(self, request: Request) -> Response:
        raise ServiceUnavailable()


class RaisesBug(APIView):
    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internals")


urlpatterns = [
    path("api/test/conflict/", RaisesConflict.as_view()),
    path("api/test/unavailable/", RaisesUnavailable.as_view()),
    path("api/test/bug/", RaisesBug.as_view()),
    path("", include("config.urls")),
]
handler500 = "config.exceptions.server_error"
