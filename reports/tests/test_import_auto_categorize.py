"""Imports with `auto_categorize=true`: rows without a category get the categorizer's
confident suggestion, the dry run shows each with its confidence, and a row's own category
is never replaced."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from expenses.services import expense_create

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
BANK = (
    "date,description,amount,category\n"
    "2026-03-02,UPI/506023456789/BIGBASKET/bigbasket@icici/ICICI,2314.75,\n"
    "2026-03-03,Zooplus order 9911,899.00,\n"
    "2026-03-04,NETFLIX.COM,649.00,Fun\n"
    "2026-03-05,Zxqv Blorp Ltd,120.00,\n"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def post(client, content: bytes, *, url="/api/v1/import/expenses.csv", query="", **form):
    form["file"] = SimpleUploadedFile("statement.csv", content)
    return client.post(f"{url}{query}", form, format="multipart")


@pytest.fixture
def pets(alice):
    pets = CategoryFactory(owner=alice, name="Pets")
    for day in range(3):
        expense_create(
            owner=alice,
            amount=Decimal("700.00"),
            date=datetime.date(2026, 2, 1 + day),
            description="Zooplus order",
            category=pets,
        )
    return pets


def test_the_dry_run_shows_each_suggestion_with_its_confidence(alice_client, pets):
    response = post(alice_client, BANK.encode(), query="?dry_run=true", auto_categorize="true")
    assert response.status_code == 200, response.content
    rows = {row["description"]: row for row in response.json()["rows"]}

    bigbasket = rows["UPI/506023456789/BIGBASKET/bigbasket@icici/ICICI"]
    assert (bigbasket["category"], bigbasket["suggested_category"]) == ("Food", "Food")
    assert 0.5 <= bigbasket["confidence"] <= 1
    assert rows["Zooplus order 9911"]["suggested_category_id"] == pets.id
    assert "earlier expenses" in rows["Zooplus order 9911"]["rationale"]
    # A row's own category stays; text nobody knows gets nothing.
    assert (rows["NETFLIX.COM"]["category"], rows["NETFLIX.COM"]["suggested_category"]) == (
        "Fun",
        None,
    )
    assert rows["Zxqv Blorp Ltd"]["category"] is None
    assert rows["Zxqv Blorp Ltd"]["confidence"] is None
    assert not Expense.objects.filter(date__month=3).exists()


def test_the_import_fills_the_suggested_categories(alice_client, alice, pets):
    response = post(alice_client, BANK.encode(), auto_categorize="true")
    assert response.status_code == 201, response.content
    assert response.json()["new_categories"] == ["Fun"]
    filed = dict(
        Expense.objects.filter(owner=alice, date__month=3).values_list(
            "description", "category__name"
        )
    )
    assert filed == {
        "UPI/506023456789/BIGBASKET/bigbasket@icici/ICICI": "Food",
        "Zooplus order 9911": "Pets",
        "NETFLIX.COM": "Fun",
        "Zxqv Blorp Ltd": None,
    }


def test_without_the_flag_nothing_is_filled(alice_client, alice, pets):
    response = post(alice_client, BANK.encode())
    assert response.status_code == 201
    assert not Expense.objects.filter(owner=alice, date__month=3, category__isnull=False).exclude(
        description="NETFLIX.COM"
    )


def test_an_ofx_statement_is_categorised_too(alice_client, alice):
    response = post(
        alice_client,
        (DATA / "statement.ofx").read_bytes(),
        url="/api/v1/import/expenses.ofx",
        query="?dry_run=true",
        auto_categorize="true",
    )
    assert response.status_code == 200, response.content
    suggested = [row["suggested_category"] for row in response.json()["rows"]]
    assert any(suggested), json.dumps(response.json()["rows"], indent=1)
