"""Two writers of one owner's expenses at the same moment on PostgreSQL: the rollup
triggers update one `DayTotal` row per day, so two imports that touch the same days in
different orders, or an import and an edit that moves an expense to another day, used to
lock those rows in opposite orders and one of them failed with "deadlock detected" (a 500;
seen in the concurrent-writers system test). The second writer now waits for the first
and both commit, with the totals exact."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connections, transaction

from expenses import rollups
from expenses.models import DayTotal, Expense
from expenses.services import NewExpense, expense_create, expense_update, expenses_bulk_create
from tests.races import postgres_only, race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST, SECOND = date(2026, 2, 1), date(2026, 2, 2)


def _import(owner, *days: date) -> int:
    rows = [
        NewExpense(amount=Decimal("10.00"), date=day, description="row", currency="INR")
        for day in days
    ]
    return expenses_bulk_create(owner=owner, rows=rows)


def _counts(owner) -> dict[date, int]:
    return dict(DayTotal.objects.filter(owner_id=owner.id).values_list("date", "count"))


def test_two_imports_touching_the_same_days_in_opposite_orders_both_commit(alice):
    outcome = race(
        lambda: _import(alice, FIRST),
        lambda: _import(alice, SECOND, FIRST),
        then=lambda: _import(alice, SECOND),
    )
    assert outcome == 2
    assert Expense.objects.filter(owner=alice).count() == 4
    assert _counts(alice) == {FIRST: 2, SECOND: 2}
    assert rollups.differences() == []


def test_an_edit_moving_an_expense_between_days_during_an_import_commits(alice):
    moved = expense_create(
        owner=alice, amount=Decimal("5.00"), date=SECOND, description="moved", currency="INR"
    )
    outcome = race(
        lambda: _import(alice, FIRST),
        lambda: expense_update(expense=moved, actor=alice, data={"date": FIRST}),
        then=lambda: _import(alice, SECOND),
    )
    assert isinstance(outcome, Expense), outcome
    assert _counts(alice) == {FIRST: 2, SECOND: 1}
    assert rollups.differences() == []


def test_writers_of_different_owners_do_not_wait_for_each_other(alice, bob):
    """The lock is the owner's: bob's import goes through while alice's is open."""
    done = threading.Event()

    def other():
        try:
            _import(bob, SECOND, FIRST)
            done.set()
        finally:
            connections.close_all()

    with transaction.atomic():
        _import(alice, FIRST, SECOND)
        thread = threading.Thread(target=other)
        thread.start()
        assert done.wait(10), "bob's import waited for alice's"
    thread.join(10)
    assert _counts(bob) == {FIRST: 1, SECOND: 1}
