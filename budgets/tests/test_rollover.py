"""The rollover chain, through `budget_status` (no HTTP): the rules that
`test_status.py` does not already pin down through the API."""

import datetime
from decimal import Decimal

import pytest

from budgets.selectors import budget_status
from budgets.tests.factories import BudgetFactory
from categories.models import Category
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))


def budget(owner, month, amount="100", **extra):
    return BudgetFactory(
        owner=owner, month=month, amount=Decimal(amount), rollover_enabled=True, **extra
    )


def spend(owner, month, amount, **extra):
    ExpenseFactory(owner=owner, date=month + datetime.timedelta(days=9), amount=amount, **extra)


def carried_into(owner, month, scope="overall") -> Decimal:
    [row] = [row for row in budget_status(owner=owner, month=month) if row.budget.scope == scope]
    return row.rollover_in


def test_an_overspent_month_is_not_paid_back_by_the_months_after_it(alice):
    for month in (JAN, FEB, MAR):
        budget(alice, month)
    spend(alice, JAN, Decimal("250.00"))  # 150 over
    spend(alice, FEB, Decimal("30.00"))
    assert carried_into(alice, FEB) == Decimal("0.00")
    # February starts clean: its own 70 left carries, January's overspending never does.
    assert carried_into(alice, MAR) == Decimal("70.00")


def test_spending_exactly_the_budget_carries_nothing(alice):
    budget(alice, JAN)
    budget(alice, FEB)
    spend(alice, JAN, Decimal("100.00"))
    assert carried_into(alice, FEB) == Decimal("0.00")


def test_the_chain_stops_where_the_currency_changes_and_does_not_jump_over_it(alice):
    budget(alice, JAN)
    budget(alice, FEB, currency="USD")
    budget(alice, MAR)
    # January's 100 INR is unspent, but the USD month between ends the INR chain.
    assert carried_into(alice, FEB) == Decimal("0.00")
    assert carried_into(alice, MAR) == Decimal("0.00")


def test_what_is_left_counts_only_spending_in_the_budgets_currency(alice):
    budget(alice, JAN)
    budget(alice, FEB)
    spend(alice, JAN, Decimal("30.00"))
    spend(alice, JAN, Decimal("500.00"), currency="USD")
    assert carried_into(alice, FEB) == Decimal("70.00")


def test_a_month_with_only_a_category_budget_ends_the_overall_chain(alice):
    food = Category.objects.get(owner=None, name="Food")
    budget(alice, JAN)
    budget(alice, FEB, scope="category", category=food)
    budget(alice, MAR)
    assert carried_into(alice, MAR) == Decimal("0.00")
    assert carried_into(alice, FEB, scope="category") == Decimal("0.00")


def test_another_users_budgets_never_continue_a_chain(alice, bob):
    budget(bob, JAN)
    budget(alice, FEB)
    assert carried_into(alice, FEB) == Decimal("0.00")
