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
def test_record_patch_is_allowed_until_the_window_closes(
    api_client_for, alice, expense, moment, allowed
):
    with time_machine.travel(moment, tick=False):
        response = api_client_for(alice).patch(
            f"/api/v1/expenses/{expense.id}/", {"description": "x"}
        )
    expense.refresh_from_db()
    if allowed:
        assert response.status_code == 200
        assert expense.description == "x"
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "edit_window_expired"
        assert expense.description == "Groceries"


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
        inside = api_client_for(alice).patch(url, {"merchant": "inside"})
    with time_machine.travel(CREATED + datetime.timedelta(minutes=61), tick=False):
        outside = api_client_for(alice).patch(url, {"merchant": "outside"})
    assert (inside.status_code, outside.status_code) == (200, 403)
    expense.refresh_from_db()
    assert expense.merchant == "inside"


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

        expense_update(expense=expense, actor=boss, data={"description": "late fix"})
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


# -- classification after the window (issue 13, part 1) ----------------------------------

AFTER = LIMIT + datetime.timedelta(days=3)


@pytest.fixture
def food():
    from categories.models import Category

    return Category.objects.get(owner__isnull=True, name="Food")


def test_category_tags_and_notes_stay_editable_after_the_window(
    api_client_for, alice, expense, food
):
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(alice).patch(
            f"/api/v1/expenses/{expense.id}/",
            {"category": food.id, "tags": ["fixed", "Work"], "notes": "filed late"},
            format="json",
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["category"], body["category_name"]) == (food.id, "Food")
    assert sorted(body["tags"]) == ["Work", "fixed"]
    expense.refresh_from_db()
    assert (expense.category_id, expense.notes) == (food.id, "filed late")
    assert sorted(tag.name for tag in expense.tags.all()) == ["Work", "fixed"]
    assert ExpenseAudit.objects.count() == 0


def test_clearing_the_category_after_the_window_is_allowed(api_client_for, alice, food):
    expense = ExpenseFactory(owner=alice, created_at=CREATED, category=food)
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(alice).patch(
            f"/api/v1/expenses/{expense.id}/", {"category": None}, format="json"
        )
    assert response.status_code == 200
    expense.refresh_from_db()
    assert expense.category is None


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "13.00"},
        {"currency": "EUR"},
        {"date": "2026-01-16"},
        {"description": "Something else"},
        {"merchant": "Shop"},
        {"payment_method": "card"},
    ],
)
def test_a_record_field_after_the_window_is_403(api_client_for, alice, expense, change):
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(alice).patch(
            f"/api/v1/expenses/{expense.id}/", change, format="json"
        )
    assert response.status_code == 403
    assert response.json()["code"] == "edit_window_expired"
    assert response.json()["editable_until"] == LIMIT.isoformat()
    expense.refresh_from_db()
    assert (expense.amount, expense.currency, expense.description) == (
        ExpenseFactory.amount,
        alice.default_currency,
        "Groceries",
    )


def test_a_patch_mixing_record_and_classification_after_the_window_changes_nothing(
    api_client_for, alice, expense, food
):
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(alice).patch(
            f"/api/v1/expenses/{expense.id}/",
            {"amount": "99.00", "category": food.id, "tags": ["x"], "notes": "n"},
            format="json",
        )
    assert response.status_code == 403
    assert response.json()["code"] == "edit_window_expired"
    expense.refresh_from_db()
    assert expense.amount == ExpenseFactory.amount
    assert (expense.category_id, expense.notes) == (None, "")
    assert not expense.tags.exists()


def test_record_fields_sent_unchanged_are_not_a_change(api_client_for, alice, expense, food):
    """The whole form sent back (PUT) with only the category changed is allowed."""
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(alice).put(
            f"/api/v1/expenses/{expense.id}/",
            {
                "amount": "12.5",
                "currency": alice.default_currency.lower(),
                "date": "2026-01-15",
                "description": "  Groceries ",
                "category": food.id,
            },
            format="json",
        )
    assert response.status_code == 200, response.content
    expense.refresh_from_db()
    assert expense.category_id == food.id


def test_admin_changing_only_classification_after_the_window_is_not_audited(
    make_user, api_client_for, food
):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED)
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(boss).patch(
            f"/api/v1/expenses/{expense.id}/",
            {"category": food.id, "notes": "n", "tags": ["t"]},
            format="json",
        )
    assert response.status_code == 200
    assert ExpenseAudit.objects.count() == 0


def test_admin_record_change_with_classification_is_audited_once(make_user, api_client_for, food):
    boss = make_user("boss", admin=True)
    expense = ExpenseFactory(owner=boss, created_at=CREATED)
    with time_machine.travel(AFTER, tick=False):
        response = api_client_for(boss).patch(
            f"/api/v1/expenses/{expense.id}/",
            {"amount": "20.00", "category": food.id},
            format="json",
        )
    assert response.status_code == 200
    audit = ExpenseAudit.objects.get()
    assert (audit.before["amount"], audit.after["amount"]) == ("12.50", "20.00")
    assert (audit.before["category"], audit.after["category"]) == (None, food.id)
