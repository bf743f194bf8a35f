from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenBlacklistView, TokenObtainPairView

from accounts import services
from accounts.errors import RegistrationClosed
from accounts.models import User
from accounts.requests import request_user
from accounts.serializers import RefreshTokenSerializer, RegisterSerializer, UserSerializer
from accounts.throttles import AuthIPThrottle, AuthUsernameThrottle


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthIPThrottle, AuthUsernameThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def post(self, request: Request) -> Response:
        if not settings.ALLOW_REGISTRATION:
            raise RegistrationClosed()
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(TokenObtainPairView):
    """Exchange a username and password for an access and a refresh token."""

    throttle_classes = [AuthIPThrottle, AuthUsernameThrottle]


class LogoutView(TokenBlacklistView):
    """Blacklist a refresh token so it can no longer be used."""

    @extend_schema(
        request=RefreshTokenSerializer,
        responses={205: OpenApiResponse(description="Logged out; the refresh token is revoked.")},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user's profile."""

    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return request_user(self.request)

    def perform_update(self, serializer: BaseSerializer[User]) -> None:
        services.user_update(user=request_user(self.request), data=serializer.validated_data)
