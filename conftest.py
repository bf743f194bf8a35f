"""Flat fixtures shared by every app's tests: users, clients, tokens."""

from collections.abc import Callable

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import roles
from accounts.models import User
from accounts.services import roles_seed, user_register

PASSWORD = "a-long-test-password-42"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(username: str, *, admin: bool = False, **extra) -> User:
        roles_seed()
        user = user_register(username=username, password=PASSWORD, email=f"{username}@example.com")
        if admin:
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get(name=roles.ADMIN))
        for name, value in extra.items():
            setattr(user, name, value)
        if extra:
            user.save()
        return user

    return make


@pytest.fixture
def alice(make_user) -> User:
    return make_user("alice")


@pytest.fixture
def bob(make_user) -> User:
    return make_user("bob")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_client_for() -> Callable[[User], APIClient]:
    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        return client

    return make


@pytest.fixture
def alice_client(api_client_for, alice) -> APIClient:
    return api_client_for(alice)


@pytest.fixture
def bob_client(api_client_for, bob) -> APIClient:
    return api_client_for(bob)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
