"""A backup costs no more queries for 200 expenses than for 5: the count is recorded at 5,
then the larger account must do no worse. The response streams, so the queries happen
while its content is read."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.tests.factories import BudgetFactory
from categories.models import Category
from categories.tests.factories import CategoryFactory, TagFactory
from config.months import add_months
from expenses.models import receipt_upload_to
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 1)


def add_rows(owner, count: int) -> None:
    """`count` more expenses (a multiple of 5), in groups of five: an own category, a tag and
    a budget per group, expenses in own, system and no category, the first with a receipt."""
    system = list(Category.objects.filter(owner=None, name__in=["Food", "Travel"]))
    groups = owner.budgets.count()
    for group in range(groups, groups + count // 5):
        own, tag = CategoryFactory(owner=owner), TagFactory(owner=owner)
        BudgetFactory(owner=owner, month=add_months(JAN, -group), amount=Decimal("50"))
        for i in range(5):
            receipt = None
            if i == 0:
                receipt = default_storage.save(receipt_upload_to(None, "r.png"), ContentFile(png()))
            ExpenseFactory(
                owner=owner,
                date=JAN + datetime.timedelta(days=group % 28),
                category=[own, *system, None, own][i],
                tags=[tag],
                receipt=receipt,
            )


def read(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def queries_and_content(request) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        content = read(request())
    return len(captured), content


def test_the_json_backup_costs_no_more_queries_for_200_expenses_than_for_5(
    alice_client, alice, django_assert_max_num_queries
):
    def backup():
        return alice_client.get("/api/v1/export/backup.json")

    add_rows(alice, 5)
    for_five, content = queries_and_content(backup)
    assert len(json.loads(content)["expenses"]) == 5

    add_rows(alice, 195)
    with django_assert_max_num_queries(for_five):
        content = read(backup())
    document = json.loads(content)
    assert [len(document[name]) for name in ("expenses", "categories", "tags", "budgets")] == [
        200,
        40,
        40,
        40,
    ]


def test_the_zip_backup_costs_no_more_queries_for_200_expenses_than_for_5(
    alice_client, alice, django_assert_max_num_queries
):
    def backup():
        return alice_client.get("/api/v1/export/backup.zip")

    add_rows(alice, 5)
    for_five, content = queries_and_content(backup)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == 1 + 1  # backup.json and one receipt

    add_rows(alice, 195)
    with django_assert_max_num_queries(for_five):
        content = read(backup())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == 1 + 40
