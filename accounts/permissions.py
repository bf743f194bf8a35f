from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.selectors import user_is_admin


class IsAdminRole(BasePermission):
    """Allows users in the `Admin` role (Group)."""

    message = "This action needs the Admin role."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and user_is_admin(user=request.user))
