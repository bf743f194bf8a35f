"""Deleting one's own account (issue 14): every row and receipt file of the user goes, the
user's tokens stop working, and nothing of anyone else changes."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from budgets.models import Budget
from categories.models import Category, Tag
from config.tests import isolation_data as data
from conftest import PASSWORD
from expenses.models import Expense, ExpenseAudit
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import attach_png
from reports.models import ImportProfile
from rules.models import Rule
from schedules.models import Schedule

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/delete-account/"
MODELS = [Expense, Category, Tag, Budget, Rule, Schedule, ImportProfile]


def sign_in(username: str) -> dict:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def client_with(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def stored_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def owned_counts(user_id: int) -> dict[str, int]:
    counts = {model.__name__: model.objects.filter(owner_id=user_id).count() for model in MODELS}
    counts["ExpenseAudit"] = ExpenseAudit.objects.filter(expense_owner_id=user_id).count()
    return counts


@pytest.fixture
def worlds(alice, alice_client, bob, bob_client):
    """Alice's full world (a receipt, a rule, a schedule, a profile...) and bob's rows with a
    receipt and an audit row of an Admin override on one of his expenses."""
    alice_world = data.alice_world(alice, alice_client)
    data.bob_world(bob)
    bobs = ExpenseFactory(owner=bob, description="bob's receipt")
    attach_png(bob_client, bobs)
    bobs.refresh_from_db()
    ExpenseAudit.objects.create(
        expense_id_ref=bobs.id, expense_owner=bob, actor=alice, action="update", before={}
    )
    ExpenseAudit.objects.create(
        expense_id_ref=alice_world.expense.id,
        expense_owner=alice,
        actor=bob,
        action="update",
        before={},
    )
    return alice_world, bobs


def test_delete_account_removes_every_row_and_file_of_the_user_only(
    alice, bob, worlds, settings, django_capture_on_commit_callbacks
):
    alice_world, bobs = worlds
    tokens = sign_in("alice")
    other_device = sign_in("alice")
    bob_before = owned_counts(bob.id)
    assert alice_world.receipt_name in stored_files(settings)
    assert bobs.receipt.name in stored_files(settings)
    assert all(owned_counts(alice.id).values())

    with django_capture_on_commit_callbacks(execute=True):
        response = client_with(tokens["access"]).post(
            URL, {"username": "alice", "password": PASSWORD}, format="json"
        )

    assert response.status_code == 204, response.content
    assert not User.objects.filter(pk=alice.pk).exists()
    assert set(owned_counts(alice.id).values()) == {0}
    assert stored_files(settings) == {bobs.receipt.name}
    # Bob's rows are all there, and the record of alice's override of his expense stays.
    assert owned_counts(bob.id) == bob_before
    audit = ExpenseAudit.objects.get(expense_owner=bob)
    assert audit.actor_id is None
    assert User.objects.filter(pk=bob.pk).exists()
    assert Category.objects.filter(owner=None).exists()  # the system categories stay
    # Her tokens no longer work, on this device or another one.
    for pair in (tokens, other_device):
        assert client_with(pair["access"]).get("/api/v1/auth/me/").status_code == 401
        refreshed = APIClient().post(
            "/api/v1/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json"
        )
        assert refreshed.status_code == 401
    assert (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
        .status_code
        == 401
    )
    assert client_with(sign_in("bob")["access"]).get("/api/v1/auth/me/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "bob", "password": PASSWORD}, "username"),
        ({"username": "Alice", "password": PASSWORD}, "username"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "alice", "password": "not-the-password"}, "password"),
        ({"username": "alice"}, "password"),
        ({"password": PASSWORD}, "username"),
    ],
)
def test_a_wrong_username_or_password_is_400_naming_it_and_deletes_nothing(
    alice, bob, worlds, settings, django_capture_on_commit_callbacks, body, field
):
    before = owned_counts(alice.id), owned_counts(bob.id), stored_files(settings)
    tokens = sign_in("alice")
    client = client_with(tokens["access"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert (owned_counts(alice.id), owned_counts(bob.id), stored_files(settings)) == before
    assert client.get("/api/v1/auth/me/").json()["username"] == "alice"
    refreshed = APIClient().post(
        "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refreshed.status_code == 200


def test_delete_account_needs_a_signed_in_user(alice):
    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 401
    assert User.objects.filter(pk=alice.pk).exists()


def test_wrong_passwords_are_throttled_like_sign_ins(alice, settings):
    settings.AUTH_USERNAME_THROTTLE_RATE = "3/min"
    client = client_with(sign_in("alice")["access"])
    wrong = {"username": "alice", "password": "guess"}
    answers = [client.post(URL, wrong, format="json").status_code for _ in range(4)]
    assert answers == [400, 400, 400, 429]
    # Not even the right password is tried meanwhile.
    right = {"username": "alice", "password": PASSWORD}
    assert client.post(URL, right, format="json").status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()


def test_an_account_without_data_is_deleted_too(alice):
    response = client_with(sign_in("alice")["access"]).post(
        URL, {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 204
    assert not User.objects.filter(pk=alice.pk).exists()
