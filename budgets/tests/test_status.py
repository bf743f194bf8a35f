import datetime
from decimal import Decimal

import pytest

from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category
from config.months import add_months
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

STATUS = "/api/v1/budgets/status/"
JAN = datetime.date(2026, 1, 1)


def food() -> Category:
    return Category.objects.get(owner=None, name="Food")


def travel() -> Category:
    return Category.objects.get(owner=None, name="Travel")


def spend(owner, amount: str, day: datetime.date, **extra) -> None:
    ExpenseFactory(owner=owner, amount=Decimal(amount), date=day, **extra)


def status_rows(client, month: str = "2026-01") -> list[dict]:
    response = client.get(STATUS, {"month": month})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("spent", "percent", "expected"),
    [
        ("7999.00", 79.99, "ok"),
        ("8000.00", 80.0, "warn"),
        ("10000.00", 100.0, "warn"),
        ("10001.00", 100.01, "exceeded"),
    ],
)
def test_status_thresholds(alice_client, alice, spent, percent, expected):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("10000"))
    spend(alice, spent, datetime.date(2026, 1, 10))
    [row] = status_rows(alice_client)
    assert row["spent"] == spent
    assert row["percent_used"] == percent
    assert row["status"] == expected
    assert row["available"] == "10000.00"
    assert row["rollover_in"] == "0.00"
    assert Decimal(row["remaining"]) == Decimal("10000") - Decimal(spent)


def test_custom_threshold(alice_client, alice):
    BudgetFactory(
        owner=alice,
        month=JAN,
        amount=Decimal("100"),
        warn_threshold=Decimal("0.5"),
    )
    spend(alice, "49.99", datetime.date(2026, 1, 2))
    assert status_rows(alice_client)[0]["status"] == "ok"
    spend(alice, "0.01", datetime.date(2026, 1, 3))
    assert status_rows(alice_client)[0]["status"] == "warn"


def test_category_budget_counts_only_its_category_and_currency_and_month(alice_client, alice, bob):
    BudgetFactory(owner=alice, month=JAN, scope="category", category=food(), amount=Decimal("100"))
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1000"))
    spend(alice, "30.00", datetime.date(2026, 1, 1), category=food())
    spend(alice, "20.00", datetime.date(2026, 1, 31), category=food())
    spend(alice, "500.00", datetime.date(2026, 1, 5), category=travel())
    spend(alice, "7.00", datetime.date(2026, 1, 6))  # uncategorised
    spend(alice, "99.00", datetime.date(2026, 1, 5), category=food(), currency="USD")
    spend(alice, "40.00", datetime.date(2025, 12, 31), category=food())
    spend(alice, "40.00", datetime.date(2026, 2, 1), category=food())
    spend(bob, "60.00", datetime.date(2026, 1, 5), category=food())
    rows = {row["scope"]: row for row in status_rows(alice_client)}
    assert rows["category"]["spent"] == "50.00"
    assert rows["category"]["category_name"] == "Food"
    assert rows["overall"]["spent"] == "557.00"
    assert rows["overall"]["category"] is None


def test_budget_in_another_currency_counts_that_currency(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("100"), currency="USD")
    spend(alice, "500.00", datetime.date(2026, 1, 5))
    spend(alice, "12.00", datetime.date(2026, 1, 5), currency="USD")
    [row] = status_rows(alice_client)
    assert (row["currency"], row["spent"], row["status"]) == ("USD", "12.00", "ok")


def chain(owner, months: int, amount="100", rollover=True, start=JAN, category=None) -> None:
    for offset in range(months):
        BudgetFactory(
            owner=owner,
            month=add_months(start, offset),
            scope="category" if category else "overall",
            category=category,
            amount=Decimal(amount),
            rollover_enabled=rollover,
        )


def test_rollover_carries_unspent_money_across_months(alice_client, alice):
    chain(alice, 4)
    spend(alice, "60.00", datetime.date(2026, 1, 10))  # 40 left
    spend(alice, "100.00", datetime.date(2026, 2, 10))  # 140 available, 40 left
    spend(alice, "150.00", datetime.date(2026, 3, 10))  # 140 available, overspent by 10
    rows = {
        month: status_rows(alice_client, month)[0] for month in ("2026-02", "2026-03", "2026-04")
    }
    assert (rows["2026-02"]["rollover_in"], rows["2026-02"]["available"]) == ("40.00", "140.00")
    assert (rows["2026-03"]["rollover_in"], rows["2026-03"]["available"]) == ("40.00", "140.00")
    assert rows["2026-03"]["status"] == "exceeded"
    assert rows["2026-03"]["remaining"] == "-10.00"
    # overspending never carries a negative amount
    assert (rows["2026-04"]["rollover_in"], rows["2026-04"]["available"]) == ("0.00", "100.00")


def test_rollover_in_the_first_month_is_zero(alice_client, alice):
    chain(alice, 1)
    assert status_rows(alice_client)[0]["rollover_in"] == "0.00"


def test_disabled_rollover_carries_nothing(alice_client, alice):
    chain(alice, 2, rollover=False)
    assert status_rows(alice_client, "2026-02")[0]["rollover_in"] == "0.00"


def test_disabling_rollover_in_the_middle_breaks_the_chain(alice_client, alice):
    chain(alice, 3)
    Budget.objects.filter(owner=alice, month=datetime.date(2026, 2, 1)).update(
        rollover_enabled=False
    )
    # Feb receives nothing; March receives Feb's unspent 100 only.
    row = status_rows(alice_client, "2026-03")[0]
    assert (row["rollover_in"], row["available"]) == ("100.00", "200.00")


def test_a_month_without_a_budget_ends_the_chain(alice_client, alice):
    chain(alice, 2)
    chain(alice, 2, start=datetime.date(2026, 4, 1))
    assert status_rows(alice_client, "2026-02")[0]["rollover_in"] == "100.00"
    assert status_rows(alice_client, "2026-04")[0]["rollover_in"] == "0.00"
    assert status_rows(alice_client, "2026-05")[0]["rollover_in"] == "100.00"


def test_category_rollover_follows_its_own_category(alice_client, alice):
    chain(alice, 2, category=food())
    chain(alice, 2, category=travel(), rollover=False)
    spend(alice, "30.00", datetime.date(2026, 1, 3), category=food())
    spend(alice, "10.00", datetime.date(2026, 1, 3), category=travel())
    rows = {row["category_name"]: row for row in status_rows(alice_client, "2026-02")}
    assert rows["Food"]["rollover_in"] == "70.00"
    assert rows["Travel"]["rollover_in"] == "0.00"


def test_rollover_never_mixes_currencies(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("100"), currency="USD")
    BudgetFactory(
        owner=alice,
        month=datetime.date(2026, 2, 1),
        amount=Decimal("100"),
        rollover_enabled=True,
    )
    assert status_rows(alice_client, "2026-02")[0]["rollover_in"] == "0.00"


@pytest.mark.parametrize("months", [1, 24])
def test_status_query_count_does_not_grow_with_the_chain(
    alice_client, alice, django_assert_num_queries, months
):
    start = add_months(JAN, -(months - 1))
    chain(alice, months, start=start)
    chain(alice, months, start=start, category=food())
    for offset in range(months):
        day = add_months(start, offset) + datetime.timedelta(days=3)
        spend(alice, "10.00", day, category=food())
        spend(alice, "5.00", day)
    # auth user, the month's budgets, their history, one spending aggregate
    with django_assert_num_queries(4):
        rows = status_rows(alice_client, "2026-01")
    overall = next(row for row in rows if row["scope"] == "overall")
    assert Decimal(overall["rollover_in"]) == Decimal("85.00") * (months - 1)


def test_status_defaults_to_this_month_and_rejects_bad_months(alice_client):
    assert alice_client.get(STATUS).status_code == 200
    response = alice_client.get(STATUS, {"month": "2026-01-31"})
    assert response.status_code == 400
    assert "month" in response.json()


def test_expense_create_answers_budget_alerts(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, scope="category", category=food(), amount=Decimal("100"))
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1000"))
    body = {"date": "2026-01-04", "description": "Groceries", "category": food().id}
    first = alice_client.post("/api/v1/expenses/", {**body, "amount": "79.99"})
    assert first.status_code == 201
    assert first.json()["budget_alerts"] == []
    second = alice_client.post("/api/v1/expenses/", {**body, "amount": "0.01"})
    [alert] = second.json()["budget_alerts"]
    assert (alert["category_name"], alert["status"], alert["percent_used"]) == (
        "Food",
        "warn",
        80.0,
    )
    third = alice_client.patch(f"/api/v1/expenses/{second.json()['id']}/", {"amount": "25.00"})
    [alert] = third.json()["budget_alerts"]
    assert alert["status"] == "exceeded"
    assert (
        alice_client.get(f"/api/v1/expenses/{third.json()['id']}/").json()["budget_alerts"] is None
    )


def test_spending_is_summed_exactly_to_the_cent(alice_client, alice):
    # SQLite adds in floating point: 85 times 999999.99 comes back as 84999999.1499999.
    BudgetFactory(
        owner=alice,
        month=JAN,
        amount=Decimal("84999999.15"),
        warn_threshold=1,
    )
    Expense.objects.bulk_create(
        Expense(owner=alice, amount=Decimal("999999.99"), date=JAN, description=f"e{i}")
        for i in range(85)
    )
    [row] = status_rows(alice_client)
    assert (row["spent"], row["percent_used"], row["status"]) == ("84999999.15", 100.0, "warn")


def test_status_and_list_filter_by_currency(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("10"))
    BudgetFactory(
        owner=alice,
        month=JAN,
        scope="category",
        category=food(),
        amount=Decimal("5"),
        currency="USD",
    )
    usd = alice_client.get(STATUS, {"month": "2026-01", "currency": "usd"}).json()
    assert [row["currency"] for row in usd] == ["USD"]
    listed = alice_client.get("/api/v1/budgets/", {"currency": "INR"}).json()["results"]
    assert [row["currency"] for row in listed] == ["INR"]
    bad = alice_client.get(STATUS, {"currency": "dollars"})
    assert bad.status_code == 400
    assert "currency" in bad.json()
