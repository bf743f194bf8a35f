"""Sign-up asks for the default currency: `auth/register/` takes an optional
`default_currency`, and `GET auth/register/` lists what the form can offer."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
PASSWORD = "correct-horse-battery"


def test_register_with_a_currency_gives_the_account_that_currency(api_client):
    response = api_client.post(
        REGISTER, {"username": "carol", "password": PASSWORD, "default_currency": "EUR"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["default_currency"] == "EUR"
    assert User.objects.get(username="carol").default_currency == "EUR"


def test_register_takes_a_lower_case_code(api_client):
    response = api_client.post(
        REGISTER,
        {"username": "carol", "password": PASSWORD, "default_currency": "usd"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert User.objects.get(username="carol").default_currency == "USD"


def test_register_without_a_currency_gives_the_server_default(api_client, settings):
    settings.DEFAULT_CURRENCY = "GBP"
    response = api_client.post(REGISTER, {"username": "carol", "password": PASSWORD})
    assert response.status_code == 201, response.content
    assert response.json()["default_currency"] == "GBP"
    assert User.objects.get(username="carol").default_currency == "GBP"


@pytest.mark.parametrize("code", ["EURO", "ZZZ", "XAU", "", "12$"])
def test_register_refuses_a_code_that_is_not_a_currency_and_writes_nothing(api_client, code):
    response = api_client.post(
        REGISTER,
        {"username": "carol", "password": PASSWORD, "default_currency": code},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["default_currency"]
    assert not User.objects.filter(username="carol").exists()


def test_register_refuses_a_currency_that_is_not_text(api_client):
    response = api_client.post(
        REGISTER,
        {"username": "carol", "password": PASSWORD, "default_currency": ["EUR"]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["default_currency"]


def test_register_options_list_the_default_and_every_accepted_code(api_client, settings):
    settings.DEFAULT_CURRENCY = "GBP"
    response = api_client.get(REGISTER)
    assert response.status_code == 200
    body = response.json()
    assert body["default_currency"] == "GBP"
    codes = [option["code"] for option in body["currencies"]]
    assert codes == sorted(codes)
    assert {"INR", "EUR", "USD", "GBP", "JPY"} <= set(codes)
    # Not money people spend: refused by the API, so not offered either.
    assert not {"XAU", "XDR", "XXX"} & set(codes)
    assert {"code": "EUR", "name": "Euro"} in body["currencies"]
    # Every code offered is one that registration accepts.
    for number, code in enumerate(codes[:: len(codes) // 10]):
        created = api_client.post(
            REGISTER,
            {"username": f"u{number}", "password": PASSWORD, "default_currency": code},
        )
        assert created.status_code == 201, (code, created.content)


def test_register_options_are_not_counted_against_the_sign_up_limit(api_client, settings):
    settings.AUTH_THROTTLE_RATE = "2/min"
    for _ in range(5):
        assert api_client.get(REGISTER).status_code == 200
    response = api_client.post(REGISTER, {"username": "carol", "password": PASSWORD})
    assert response.status_code == 201


def test_register_options_say_when_registration_is_closed(api_client, settings):
    settings.ALLOW_REGISTRATION = False
    response = api_client.get(REGISTER)
    assert response.status_code == 403
    assert response.json()["code"] == "registration_closed"
