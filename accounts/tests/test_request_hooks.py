"""The request hooks' conditions are built defensively: a hook whose `needed` raises is
logged, no hook runs, and the request still answers."""

import pytest

from accounts.hooks import UserRequestHook, user_request_hook_register, user_request_hook_unregister

pytestmark = pytest.mark.django_db


def test_a_hook_whose_condition_cannot_be_built_does_not_fail_requests(alice_client, caplog):
    ran = []

    def broken_condition():
        raise RuntimeError("no condition today")

    user_request_hook_register(
        UserRequestHook(name="broken-needed-for-test", run=ran.append, needed=broken_condition)
    )
    try:
        response = alice_client.get("/api/v1/auth/me/")
    finally:
        user_request_hook_unregister("broken-needed-for-test")
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "alice"
    assert "could not be built" in caplog.text
    assert ran == []  # no hook runs without its condition
    # Without the broken hook the hooks' conditions are back in the user query.
    assert alice_client.get("/api/v1/auth/me/").status_code == 200
