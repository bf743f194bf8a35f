"""Fields a client may not set are ignored: the owner, ids, timestamps, the edit window."""

import pytest

from expenses.models import Expense

pytestmark = pytest.mark.django_db


def test_owner_id_and_timestamps_in_a_body_are_ignored(alice, bob, alice_client):
    response = alice_client.post(
        "/api/v1/expenses/",
        {
            "amount": "10.00",
            "date": "2026-01-05",
            "description": "Mine",
            "owner": bob.id,
            "id": 987654,
            "created_at": "2000-01-01T00:00:00Z",
            "updated_at": "2000-01-01T00:00:00Z",
            "editable_until": "2099-01-01T00:00:00Z",
            "receipt": "receipts/someone-elses.png",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    expense = Expense.objects.get(id=response.json()["id"])
    assert expense.owner_id == alice.id
    assert expense.id != 987654
    assert expense.created_at.year >= 2026
    assert not expense.receipt
    assert response.json()["editable_until"] != "2099-01-01T00:00:00Z"
    assert not Expense.objects.filter(owner=bob).exists()


def test_a_patch_cannot_move_an_expense_to_another_owner(alice, bob, alice_client):
    created = alice_client.post(
        "/api/v1/expenses/",
        {"amount": "10.00", "date": "2026-01-05", "description": "Mine"},
        format="json",
    ).json()
    response = alice_client.patch(
        f"/api/v1/expenses/{created['id']}/", {"owner": bob.id, "notes": "x"}, format="json"
    )
    assert response.status_code == 200
    assert Expense.objects.get(id=created["id"]).owner_id == alice.id
