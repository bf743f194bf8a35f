import csv
import datetime
import io
from decimal import Decimal

import pytest

from categories.models import Category
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/expenses.csv"
HEADER = [
    "date",
    "amount",
    "currency",
    "description",
    "category",
    "merchant",
    "payment_method",
    "tags",
    "notes",
]


def read(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_export_streams_a_header_and_one_row_per_expense(alice_client, alice, bob):
    food = Category.objects.get(owner=None, name="Food")
    ExpenseFactory(
        owner=alice,
        date=datetime.date(2026, 1, 2),
        amount=Decimal("12.50"),
        description="Lunch, with friends",
        category=food,
        merchant="Café Über",
        payment_method="card",
        notes='said "hi"',
        tags=[TagFactory(owner=alice, name="work"), TagFactory(owner=alice, name="team")],
    )
    ExpenseFactory(owner=alice, date=datetime.date(2026, 1, 1), amount=Decimal("3"))
    ExpenseFactory(owner=bob, description="Bob's")
    response = alice_client.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="expenses-')
    rows = read(response)
    assert rows[0] == HEADER
    assert len(rows) == 3
    assert rows[1] == [
        "2026-01-02",
        "12.50",
        "INR",
        "Lunch, with friends",
        "Food",
        "Café Über",
        "card",
        "team|work",
        'said "hi"',
    ]
    assert rows[2][:3] == ["2026-01-01", "3.00", "INR"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_prefix_is_escaped_in_every_text_cell(alice_client, alice, prefix):
    payload = f'{prefix}HYPERLINK("http://evil")'
    category = CategoryFactory(owner=alice, name=f"{prefix}cat")
    ExpenseFactory(
        owner=alice,
        description=payload,
        merchant=payload,
        notes=payload,
        category=category,
        tags=[TagFactory(owner=alice, name=f"{prefix}tag")],
    )
    [row] = read(alice_client.get(URL))[1:]
    cells = dict(zip(HEADER, row, strict=True))
    for name in ("description", "merchant", "notes"):
        assert cells[name] == f"'{payload}"
    assert cells["category"] == f"'{prefix}cat"
    assert cells["tags"] == f"'{prefix}tag"


def test_safe_text_is_not_changed(alice_client, alice):
    ExpenseFactory(owner=alice, description="Coffee = good", notes="'quoted")
    [row] = read(alice_client.get(URL))[1:]
    assert row[3] == "Coffee = good"
    assert row[8] == "'quoted"


def test_export_accepts_the_list_filters_and_start_end(alice_client, alice):
    for day in (1, 10, 20):
        ExpenseFactory(owner=alice, date=datetime.date(2026, 1, day), description=f"d{day}")
    rows = read(alice_client.get(URL, {"start": "2026-01-05", "end": "2026-01-15"}))
    assert [row[3] for row in rows[1:]] == ["d10"]
    rows = read(alice_client.get(URL, {"search": "d2"}))
    assert [row[3] for row in rows[1:]] == ["d20"]


def test_bad_filter_is_400(alice_client):
    response = alice_client.get(URL, {"start": "soon"})
    assert response.status_code == 400
    assert "start" in response.json()


def test_export_is_a_generator_with_constant_queries(
    alice_client, alice, django_assert_max_num_queries
):
    from expenses.models import Expense

    Expense.objects.bulk_create(
        Expense(owner=alice, amount=Decimal("1.00"), date="2026-01-01", description=f"r{i}")
        for i in range(3000)
    )
    response = alice_client.get(URL)
    assert not isinstance(response.streaming_content, list | tuple)
    # rows come in chunks of 2000: one query for each chunk's tags, never one per row; and
    # one write per chunk (the header with the first), not one per line
    with django_assert_max_num_queries(6):
        pieces = [piece.decode() for piece in response.streaming_content]
    assert len(pieces) == 2
    assert sum(piece.count("\r\n") for piece in pieces) == 3001


def test_export_needs_auth(api_client):
    assert api_client.get(URL).status_code == 401
