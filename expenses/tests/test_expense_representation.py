"""`ExpenseSerializer.to_representation` builds an expense's JSON directly, for speed; it must
stay exactly what DRF's declared fields would give, for every kind of expense."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from categories.models import Category
from categories.tests.factories import TagFactory
from expenses.models import Expense
from expenses.selectors import expense_attach_tag_names, expense_list
from expenses.serializers import ExpenseSerializer

pytestmark = pytest.mark.django_db


@pytest.fixture
def expenses(alice):
    food = Category.objects.get(owner=None, name="Food")
    plain = Expense.objects.create(
        owner=alice, amount=Decimal("0.01"), date=datetime.date(2026, 1, 1), description="a"
    )
    full = Expense.objects.create(
        owner=alice,
        amount=Decimal("999999999.99"),
        currency="EUR",
        date=datetime.date(2026, 2, 28),
        description="Groceries ünïcode",
        category=food,
        payment_method="card",
        merchant="FreshMart",
        notes="line one\nline two",
    )
    full.tags.add(TagFactory(owner=alice, name="weekly"), TagFactory(owner=alice, name="bulk"))
    full.receipt.save("r.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return [plain, full]


@pytest.mark.parametrize("context", [{}, {"budget_alerts": [{"budget": 1}]}])
@pytest.mark.parametrize("tags", ["prefetched", "names attached", "queried"])
def test_the_direct_representation_equals_the_declared_fields(alice, expenses, context, tags):
    request = APIRequestFactory().get("/api/v1/expenses/")
    rows = list(expense_list(owner=alice)) if tags == "prefetched" else list(Expense.objects.all())
    if tags == "names attached":  # as a list page has them
        expense_attach_tag_names(rows)
    assert len(rows) == 2
    for expense in rows:
        serializer = ExpenseSerializer(context={"request": request, **context})
        direct = serializer.to_representation(expense)
        declared = serializers.ModelSerializer.to_representation(serializer, expense)
        assert direct == dict(declared)
        assert list(direct) == list(declared)  # the same keys in the same order
