"""Finding 5: the Django admin's login used to answer 30 wrong passwords with 30 times 200 and
then let the right one in; it is limited like the API's sign-in."""

import pytest
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user("root", admin=True, is_staff=True, is_superuser=True)


def admin_login(client: Client, password: str, address: str = "10.0.0.1", username="root"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_admin_login_is_throttled_per_username_and_address(staff, settings):
    settings.AUTH_THROTTLE_RATE = "20/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "5/min"
    attacker = Client()
    for _ in range(5):
        response = admin_login(attacker, "wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    # Past the limit the right password is not even tried.
    response = admin_login(attacker, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The owner of the account signs in from another address.
    owner = Client()
    response = admin_login(owner, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(staff.pk)


def test_admin_login_is_throttled_per_address_across_usernames(staff, settings):
    settings.AUTH_THROTTLE_RATE = "3/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "10/min"
    client = Client()
    for attempt in range(3):
        response = admin_login(client, "x", username=f"user{attempt}")
        assert "Too many" not in response.content.decode()
    assert "Too many" in admin_login(client, PASSWORD).content.decode()


def test_admin_and_api_failures_count_together(staff, settings, api_client):
    settings.AUTH_USERNAME_THROTTLE_RATE = "2/min"
    for _ in range(2):
        response = api_client.post(
            "/api/v1/auth/token/",
            {"username": "root", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 401
    assert "Too many" in admin_login(Client(), PASSWORD).content.decode()


def test_admin_login_with_the_right_password_is_not_counted(staff, settings):
    settings.AUTH_USERNAME_THROTTLE_RATE = "2/min"
    for _ in range(4):
        assert admin_login(Client(), PASSWORD).status_code == 302
