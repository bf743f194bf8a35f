"""Typed access to the signed-in user of a DRF request."""

from typing import cast

from rest_framework.request import Request

from accounts.models import User


def request_user(request: Request) -> User:
    """`request.user` as a `User`, for views guarded by `IsAuthenticated` (the default
    permission), where it is never an `AnonymousUser`."""
    return cast(User, request.user)
