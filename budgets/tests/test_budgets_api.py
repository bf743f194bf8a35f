import datetime
from decimal import Decimal

import pytest

from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category
from categories.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/budgets/"
JAN = datetime.date(2026, 1, 1)


def food() -> Category:
    return Category.objects.get(owner=None, name="Food")


def test_post_creates_then_updates_the_same_budget(alice_client, alice):
    first = alice_client.post(URL, {"month": "2026-01", "scope": "overall", "amount": "1000"})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["month"] == "2026-01-01"
    assert body["category"] is None
    assert body["amount"] == "1000.00"
    assert body["currency"] == "INR"
    assert body["rollover_enabled"] is False
    assert body["warn_threshold"] == 0.8

    second = alice_client.post(
        URL, {"month": "2026-01-01", "scope": "overall", "amount": "1500.50"}
    )
    assert second.status_code == 200
    assert second.json()["id"] == body["id"]
    assert second.json()["amount"] == "1500.50"
    assert Budget.objects.filter(owner=alice).count() == 1


def test_upsert_keeps_values_it_was_not_given(alice_client, alice):
    alice_client.post(
        URL,
        {
            "month": "2026-01",
            "scope": "category",
            "category": food().id,
            "amount": "300",
            "rollover_enabled": True,
            "warn_threshold": 0.5,
        },
    )
    response = alice_client.post(
        URL, {"month": "2026-01", "scope": "category", "category": food().id, "amount": "400"}
    )
    assert response.status_code == 200
    assert response.json()["rollover_enabled"] is True
    assert response.json()["warn_threshold"] == 0.5


def test_category_and_overall_budgets_of_one_month_coexist(alice_client, alice):
    alice_client.post(URL, {"month": "2026-01", "scope": "overall", "amount": "1000"})
    response = alice_client.post(
        URL, {"month": "2026-01", "scope": "category", "category": food().id, "amount": "300"}
    )
    assert response.status_code == 201
    assert response.json()["category_name"] == "Food"
    assert Budget.objects.filter(owner=alice, month=JAN).count() == 2


def test_database_refuses_a_second_overall_budget_for_a_month(alice):
    from django.db import IntegrityError, transaction

    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetFactory(owner=alice, month=JAN, amount=Decimal("2"))


def test_database_refuses_a_second_category_budget_for_a_month(alice):
    from django.db import IntegrityError, transaction

    BudgetFactory(owner=alice, month=JAN, scope="category", category=food(), amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetFactory(
            owner=alice, month=JAN, scope="category", category=food(), amount=Decimal("2")
        )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-01-15", "scope": "overall", "amount": "10"}, "month"),
        ({"month": "2026-13", "scope": "overall", "amount": "10"}, "month"),
        (
            {"month": "\uff12\uff10\uff12\uff16-\uff10\uff11", "scope": "overall", "amount": "10"},
            "month",
        ),
        ({"month": "January", "scope": "overall", "amount": "10"}, "month"),
        ({"scope": "overall", "amount": "10"}, "month"),
        ({"month": "2026-01", "scope": "weekly", "amount": "10"}, "scope"),
        ({"month": "2026-01", "scope": "category", "amount": "10"}, "category"),
        ({"month": "2026-01", "scope": "category", "category": 999999, "amount": "10"}, "category"),
        ({"month": "2026-01", "scope": "overall", "category": "FOOD", "amount": "10"}, "category"),
        ({"month": "2026-01", "scope": "overall", "amount": "0"}, "amount"),
        ({"month": "2026-01", "scope": "overall", "amount": "1.001"}, "amount"),
        ({"month": "2026-01", "scope": "overall", "amount": "10", "currency": "ABC"}, "currency"),
        (
            {"month": "2026-01", "scope": "overall", "amount": "10", "warn_threshold": 0},
            "warn_threshold",
        ),
        (
            {"month": "2026-01", "scope": "overall", "amount": "10", "warn_threshold": 1.2},
            "warn_threshold",
        ),
        (
            {"month": "2026-01", "scope": "overall", "amount": "10", "warn_threshold": -0.1},
            "warn_threshold",
        ),
    ],
)
def test_bad_budget_is_400_naming_the_field(alice_client, alice, body, field):
    if body.get("category") == "FOOD":
        body = {**body, "category": food().id}
    response = alice_client.post(URL, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Budget.objects.filter(owner=alice).exists()


def test_threshold_of_exactly_one_is_accepted(alice_client):
    response = alice_client.post(
        URL, {"month": "2026-01", "scope": "overall", "amount": "10", "warn_threshold": 1}
    )
    assert response.status_code == 201
    assert response.json()["warn_threshold"] == 1.0


def test_another_users_category_is_400(alice_client, alice, bob):
    bobs = CategoryFactory(owner=bob, name="Bob's")
    response = alice_client.post(
        URL, {"month": "2026-01", "scope": "category", "category": bobs.id, "amount": "10"}
    )
    assert response.status_code == 400
    assert "category" in response.json()


def test_list_filters_by_month(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    BudgetFactory(owner=alice, month=datetime.date(2026, 2, 1), amount=Decimal("2"))
    rows = alice_client.get(URL, {"month": "2026-02"}).json()["results"]
    assert [row["month"] for row in rows] == ["2026-02-01"]
    assert alice_client.get(URL).json()["count"] == 2
    bad = alice_client.get(URL, {"month": "2026-02-02"})
    assert bad.status_code == 400
    assert "month" in bad.json()


def test_patch_and_delete(alice_client, alice):
    budget = BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    response = alice_client.patch(f"{URL}{budget.id}/", {"amount": "20", "rollover_enabled": True})
    assert response.status_code == 200
    budget.refresh_from_db()
    assert (budget.amount, budget.rollover_enabled, budget.month) == (Decimal("20"), True, JAN)
    moved = alice_client.patch(f"{URL}{budget.id}/", {"amount": "30", "month": "2030-01"})
    assert moved.status_code == 400
    assert "month" in moved.json()
    budget.refresh_from_db()
    assert (budget.amount, budget.month) == (Decimal("20"), JAN)
    bad = alice_client.patch(f"{URL}{budget.id}/", {"warn_threshold": 2})
    assert bad.status_code == 400
    assert "warn_threshold" in bad.json()
    assert alice_client.delete(f"{URL}{budget.id}/").status_code == 204
    assert not Budget.objects.filter(id=budget.id).exists()


@pytest.mark.parametrize(
    ("method", "body"), [("get", None), ("patch", {"amount": "5"}), ("delete", None)]
)
def test_bob_gets_404_on_alices_budget(bob_client, alice, method, body):
    budget = BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    response = getattr(bob_client, method)(f"{URL}{budget.id}/", body or {})
    assert response.status_code == 404
    budget.refresh_from_db()
    assert budget.amount == Decimal("1")


def test_bob_sees_none_of_alices_budgets(bob_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    assert bob_client.get(URL).json()["count"] == 0
    assert bob_client.get(f"{URL}status/", {"month": "2026-01"}).json() == []


def test_bobs_upsert_never_touches_alices_budget(bob_client, alice, bob):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("1"))
    response = bob_client.post(URL, {"month": "2026-01", "scope": "overall", "amount": "9"})
    assert response.status_code == 201
    assert Budget.objects.get(owner=alice).amount == Decimal("1")


def test_copy_month_copies_missing_budgets(alice_client, alice):
    BudgetFactory(owner=alice, month=JAN, amount=Decimal("100"))
    BudgetFactory(
        owner=alice,
        month=JAN,
        scope="category",
        category=food(),
        amount=Decimal("30"),
        rollover_enabled=True,
    )
    feb = datetime.date(2026, 2, 1)
    BudgetFactory(owner=alice, month=feb, amount=Decimal("120"))
    response = alice_client.post(f"{URL}copy/", {"from": "2026-01", "to": "2026-02"})
    assert response.status_code == 201
    body = response.json()
    assert body["skipped"] == 1
    assert [(row["scope"], row["amount"], row["rollover_enabled"]) for row in body["created"]] == [
        ("category", "30.00", True)
    ]
    assert Budget.objects.get(owner=alice, month=feb, scope="overall").amount == Decimal("120")
    again = alice_client.post(f"{URL}copy/", {"from": "2026-01", "to": "2026-02"})
    assert again.status_code == 200
    assert again.json() == {"created": [], "skipped": 2}


@pytest.mark.parametrize(
    "body",
    [{"from": "2026-01"}, {"from": "2026-01", "to": "2026-01"}, {"from": "x", "to": "2026-02"}],
)
def test_copy_rejects_bad_months(alice_client, body):
    response = alice_client.post(f"{URL}copy/", body)
    assert response.status_code == 400
    assert {"from", "to"} & set(response.json())


@pytest.mark.parametrize("count", [5, 300])
def test_budget_list_costs_the_same_queries_at_any_size(
    alice_client, alice, django_assert_num_queries, count
):
    Budget.objects.bulk_create(
        Budget(
            owner=alice,
            month=datetime.date(2000 + i // 12, i % 12 + 1, 1),
            scope="overall",
            amount=Decimal("10"),
        )
        for i in range(count)
    )
    with django_assert_num_queries(3):  # user, count, page with categories joined
        response = alice_client.get(URL, {"page_size": 500})
    assert response.json()["count"] == count


def test_budgets_are_in_django_admin(client, make_user):
    staff = make_user("staffer", is_staff=True, is_superuser=True)
    BudgetFactory(owner=staff, month=JAN, amount=Decimal("123"))
    client.force_login(staff)
    response = client.get("/admin/budgets/budget/?scope__exact=overall")
    assert response.status_code == 200
    assert "123" in response.content.decode()
