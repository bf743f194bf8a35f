"""`expenses_bulk_create` (imports, restores, demo data) writes its rows with multi-row
INSERT statements rather than model instances: what it stores must be exactly what the ORM
stores for the same values, on both databases."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categories.models import Category
from expenses.models import Expense
from expenses.services import NewExpense, expenses_bulk_create

pytestmark = pytest.mark.django_db


def _stored(expense: Expense) -> dict:
    values = model_to_dict(expense, exclude=["id", "uid"])
    values["tags"] = sorted(tag.name for tag in expense.tags.all())
    values["receipt"] = expense.receipt.name
    return values


@pytest.mark.parametrize("full", [True, False])
def test_a_bulk_row_is_stored_as_the_orm_stores_it(alice, full):
    food = Category.objects.get(owner=None, name="Food")
    values = {
        "amount": Decimal("999999999.99") if full else Decimal("0.01"),
        "date": datetime.date(2026, 2, 28),
        "description": "Groceries, ünïcode 'quoted'",
        "currency": "EUR" if full else "INR",
        "category": food if full else None,
        "payment_method": "card" if full else None,
        "merchant": "FreshMart" if full else "",
        "notes": "line one\nline two" if full else "",
    }
    moment = timezone.now().replace(microsecond=123456) - datetime.timedelta(days=3)
    extra = {"uid": uuid.uuid4(), "created_at": moment, "receipt": "receipts/x.png"}
    tags = ("weekly", "Bulk") if full else ()
    expenses_bulk_create(
        owner=alice, rows=[NewExpense(**values, **(extra if full else {}), tags=tags)]
    )
    bulk = Expense.objects.get(owner=alice)

    # uids are unique per owner; everything else must match
    orm_extra = {**extra, "uid": uuid.uuid4()} if full else {}
    orm = Expense.objects.create(owner=alice, **values, **orm_extra)
    orm.tags.set(bulk.tags.all())
    orm.refresh_from_db()

    assert _stored(bulk) == _stored(orm)
    assert bulk.receipt.name == ("receipts/x.png" if full else "")
    if full:
        assert bulk.uid == extra["uid"]
        assert bulk.created_at == moment
        assert sorted(bulk.tags.values_list("name", flat=True)) == ["Bulk", "weekly"]
    else:
        assert abs(bulk.created_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert bulk.updated_at >= bulk.created_at


def test_many_rows_take_few_statements(alice):
    rows = [
        NewExpense(amount=Decimal(i + 1), date=datetime.date(2026, 1, 1), description=f"r{i}",
                   currency="INR", tags=("t",) if i % 10 == 0 else ())
        for i in range(3000)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        assert expenses_bulk_create(owner=alice, rows=rows) == 3000
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")]
    assert len(inserts) <= 20, len(inserts)
    assert Expense.objects.filter(owner=alice).count() == 3000
    assert Expense.objects.filter(owner=alice, tags__name="t").count() == 300
