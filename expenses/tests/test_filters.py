import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from categories.tests.factories import TagFactory
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"


@pytest.fixture
def expenses(alice, bob):
    food = Category.objects.get(owner=None, name="Food")
    travel = Category.objects.get(owner=None, name="Travel")
    trip = TagFactory(owner=alice, name="Trip")
    rows = {
        "lunch": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 1, 5),
            amount=Decimal("10.00"),
            description="Lunch",
            merchant="Cafe Blue",
            category=food,
            payment_method="cash",
        ),
        "flight": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 1, 20),
            amount=Decimal("300.00"),
            description="Flight",
            notes="window seat",
            category=travel,
            payment_method="card",
            currency="USD",
            tags=[trip],
        ),
        "taxi": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 2, 1),
            amount=Decimal("25.00"),
            description="Taxi to airport",
            tags=[trip],
        ),
    }
    ExpenseFactory(owner=bob, date=datetime.date(2026, 1, 10), description="Bob lunch")
    return rows


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"lunch", "flight", "taxi"}),
        ({"start_date": "2026-01-05", "end_date": "2026-01-20"}, {"lunch", "flight"}),
        ({"start_date": "2026-01-21"}, {"taxi"}),
        ({"min_amount": "25", "max_amount": "300"}, {"flight", "taxi"}),
        ({"tag": "trip"}, {"flight", "taxi"}),
        ({"search": "cafe"}, {"lunch"}),
        ({"search": "WINDOW"}, {"flight"}),
        ({"search": "airport"}, {"taxi"}),
        ({"payment_method": "card"}, {"flight"}),
        ({"currency": "usd"}, {"flight"}),
    ],
)
def test_filters(alice_client, expenses, params, expected):
    assert ids(alice_client.get(URL, params)) == {expenses[name].id for name in expected}


def test_category_filter(alice_client, expenses):
    food = Category.objects.get(owner=None, name="Food")
    assert ids(alice_client.get(URL, {"category_id": food.id})) == {expenses["lunch"].id}


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("amount", ["lunch", "taxi", "flight"]),
        ("-amount", ["flight", "taxi", "lunch"]),
        ("date", ["lunch", "flight", "taxi"]),
        ("-created_at", ["taxi", "flight", "lunch"]),
    ],
)
def test_ordering(alice_client, expenses, ordering, expected):
    response = alice_client.get(URL, {"ordering": ordering})
    assert [row["id"] for row in response.json()["results"]] == [
        expenses[name].id for name in expected
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"end_date": "2026-13-01"},
        {"min_amount": "ten"},
        {"max_amount": "1e"},
        {"category_id": "food"},
        {"payment_method": "cheque"},
        {"ordering": "owner"},
    ],
)
def test_a_filter_value_that_does_not_parse_is_400_naming_it(alice_client, params):
    response = alice_client.get(URL, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_bob_never_sees_alices_rows_through_any_filter(bob_client, expenses):
    for params in ({}, {"search": "Lunch"}, {"tag": "trip"}, {"currency": "USD"}):
        rows = bob_client.get(URL, params).json()["results"]
        assert all(row["description"].startswith("Bob") for row in rows)
