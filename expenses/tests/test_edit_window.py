import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense, ExpenseAudit
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png

pytestmark = pytest.mark.django_db

# Not the project's default (72): every test here sets the window itself.
WINDOW_HOURS = 48
CREATED = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
LIMIT = CREATED + datetime.timedelta(hours=WINDOW_HOURS)


@pytest.fixture(autouse=True)
def edit_window(settings):
    settings.EXPENSE_EDIT_WINDOW_HOURS = WINDOW_HOURS


@pytest.fixture
def expense(alice):
    return ExpenseFactory(owner=alice, created_at=CREATED, description="Groceries")


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (LIMIT - datetime.timedelta(seconds=1), True),
        (LIMIT, True),
        (LIMIT + datetime.timedelta(seconds=1), False),
    ],
)
def test_patch_is_allowed_until_the_window_closes(api_client_for, alice, expense, moment, allowed):
    with time_machine.travel(moment, tick=False):
        response = api_client_for(alice).patch(f"/api/v1/expenses/{expense.id}/", {"notes": "x"})
    expense.refresh_from_db()
    if allowed:
        assert response.status_code == 200
        assert expense.notes == "x"
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "edit_window_expired"
        assert expense.notes == ""


def test_put_and_delete_after_the_window_are_403(api_client_for, alice, expense):
    with time_machine.travel(LIMIT + datetime.timedelta(hours=1), tick=False):
        alice_client = api_client_for(alice)
        put = alice_client.put(
            f"/api/v1/expenses/{expense.id}/",
            {"amount": "1.00", "date": "2026-01-01", "description": "x"},
        )
        delete = alice_client.delete(f"/api/v1/expenses/{expense.id}/")
    assert put.status_code == delete.status_code == 403
    assert delete.json()["code"] == "edit_window_expired"
    assert Expense.objects.filter(id=expense.id, description="Groceries").exists()


def test_window_length_comes_from_settings(api_client_for, alice, expense, settings):
    settings.EXPENSE_EDIT_WINDOW_HOURS = 1
    url = f"/api/v1/expenses/{expense.id}/"
    with time_machine.travel(CREATED + datetime.timedelta(minutes=59), tick=False):
        inside = api_client_for(alice).patch(url, {"notes": "inside"})
    with time_machine.travel(CREATED + datetime.timedelta(minutes=61), tick=False):
        outside = api_client_for(alice).patch(url, {"notes": "outside"})
    assert (inside.status_code, outside.status_code) == (200, 403)
    expense.refresh_from_db()
    assert expense.notes == "inside"


def test_admin_override_is_allowed_and_audited(make_user, api_client_for):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED, description="Old")
    with time_machine.travel(LIMIT + datetime.timedelta(days=30), tick=False):
        response = api_client_for(boss).patch(
            f"/api/v1/expenses/{expense.id}/", {"description": "Corrected", "tags": ["fix"]}
        )
    assert response.status_code == 200
    audit = ExpenseAudit.objects.get()
    assert audit.action == "update"
    assert audit.actor == boss
    assert audit.expense_id_ref == expense.id
    assert audit.before["description"] == "Old"
    assert audit.after["description"] == "Corrected"
    assert audit.after["tags"] == ["fix"]
    assert audit.at == LIMIT + datetime.timedelta(days=30)


def test_admin_override_delete_is_audited_and_outlives_the_expense(make_user, api_client_for):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED, description="Old")
    with time_machine.travel(LIMIT + datetime.timedelta(days=1), tick=False):
        response = api_client_for(boss).delete(f"/api/v1/expenses/{expense.id}/")
    assert response.status_code == 204
    audit = ExpenseAudit.objects.get()
    assert (audit.action, audit.expense_id_ref, audit.after) == ("delete", expense.id, None)
    assert audit.before["description"] == "Old"


def test_changes_inside_the_window_are_not_audited(make_user, api_client_for):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED)
    with time_machine.travel(LIMIT - datetime.timedelta(hours=1), tick=False):
        response = api_client_for(boss).patch(f"/api/v1/expenses/{expense.id}/", {"notes": "x"})
    assert response.status_code == 200
    expense.refresh_from_db()
    assert expense.notes == "x"
    assert ExpenseAudit.objects.count() == 0


def test_audit_is_read_only_in_django_admin(client, make_user):
    boss = make_user("boss", admin=True, is_staff=True, is_superuser=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED)
    with time_machine.travel(LIMIT + datetime.timedelta(days=1), tick=False):
        from expenses.services import expense_update

        expense_update(expense=expense, actor=boss, data={"notes": "late fix"})
    audit = ExpenseAudit.objects.get()
    client.force_login(boss)
    listing = client.get("/admin/expenses/expenseaudit/")
    assert listing.status_code == 200
    assert str(expense.id) in listing.content.decode()
    assert client.get("/admin/expenses/expenseaudit/add/").status_code == 403
    page = client.get(f"/admin/expenses/expenseaudit/{audit.id}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/expenses/expenseaudit/{audit.id}/delete/").status_code == 403


def _png():
    return SimpleUploadedFile("r.png", png())


def test_receipt_changes_after_the_window_are_403(api_client_for, alice, expense):
    with time_machine.travel(CREATED + datetime.timedelta(hours=1), tick=False):
        first = api_client_for(alice).put(
            f"/api/v1/expenses/{expense.id}/receipt/", {"file": _png()}, format="multipart"
        )
    assert first.status_code == 200
    expense.refresh_from_db()
    stored = expense.receipt.name
    with time_machine.travel(LIMIT + datetime.timedelta(hours=1), tick=False):
        client = api_client_for(alice)
        put = client.put(
            f"/api/v1/expenses/{expense.id}/receipt/", {"file": _png()}, format="multipart"
        )
        delete = client.delete(f"/api/v1/expenses/{expense.id}/receipt/")
    for response in (put, delete):
        assert response.status_code == 403
        assert response.json()["code"] == "edit_window_expired"
    expense.refresh_from_db()
    assert expense.receipt.name == stored


def test_admin_receipt_override_is_audited(make_user, api_client_for):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED)
    with time_machine.travel(LIMIT + datetime.timedelta(days=2), tick=False):
        client = api_client_for(boss)
        put = client.put(
            f"/api/v1/expenses/{expense.id}/receipt/", {"file": _png()}, format="multipart"
        )
        delete = client.delete(f"/api/v1/expenses/{expense.id}/receipt/")
    assert (put.status_code, delete.status_code) == (200, 204)
    audits = list(ExpenseAudit.objects.order_by("id"))
    assert [a.action for a in audits] == ["receipt", "receipt"]
    assert audits[0].before["receipt"] is None
    assert audits[0].after["receipt"].startswith("receipts/")
    assert audits[1].after["receipt"] is None
