import copy
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import attach_png, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_data(alice, alice_client):
    alice.default_currency = "EUR"
    alice.save()
    pets = CategoryFactory(owner=alice, name="Pets", icon="paw", color_token="green")
    food = Category.objects.get(owner=None, name="Food")
    vet = TagFactory(owner=alice, name="vet")
    ExpenseFactory(
        owner=alice,
        date=datetime.date(2026, 1, 3),
        amount=Decimal("45.00"),
        currency="EUR",
        description="Check-up",
        category=pets,
        payment_method="card",
        merchant="Vet clinic",
        notes="yearly",
        tags=[vet, TagFactory(owner=alice, name="health")],
    )
    with_receipt = ExpenseFactory(
        owner=alice, date=datetime.date(2026, 1, 4), description="Groceries", category=food
    )
    attach_png(alice_client, with_receipt)
    ExpenseFactory(owner=alice, date=datetime.date(2026, 1, 4), description="No category")
    BudgetFactory(
        owner=alice,
        month=datetime.date(2026, 1, 1),
        scope="category",
        category=pets,
        amount=Decimal("100"),
        currency="EUR",
        rollover_enabled=True,
        warn_threshold=Decimal("0.75"),
    )
    BudgetFactory(owner=alice, month=datetime.date(2026, 1, 1), amount=Decimal("900"))


def export(client) -> dict:
    response = client.get("/api/v1/export/backup.json")
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def test_backup_document_has_everything(alice_client, alices_data):
    document = export(alice_client)
    assert document["format"] == "smart-expense-tracker-backup"
    assert document["version"] == 1
    assert document["profile"] == {"default_currency": "EUR"}
    assert [c["name"] for c in document["categories"]] == ["Pets"]
    assert [t["name"] for t in document["tags"]] == ["health", "vet"]
    assert len(document["expenses"]) == 3
    checkup = next(e for e in document["expenses"] if e["description"] == "Check-up")
    assert checkup["category"] == {"uid": document["categories"][0]["uid"]}
    assert checkup["amount"] == "45.00"
    assert sorted(checkup["tags"]) == sorted(t["uid"] for t in document["tags"])
    groceries = next(e for e in document["expenses"] if e["description"] == "Groceries")
    assert groceries["category"] == {"system": "Food"}
    assert groceries["receipt"] == f"receipts/{groceries['uid']}.png"
    assert {b["scope"] for b in document["budgets"]} == {"overall", "category"}


def test_restore_into_an_empty_account_and_export_again_is_identical(
    alice_client, bob_client, bob, alices_data
):
    document = export(alice_client)
    response = bob_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 201, response.content
    created = response.json()["created"]  # other sections (rules, ...) created none
    assert created == {**created, "categories": 1, "tags": 2, "expenses": 3, "budgets": 2}
    assert set(created.values()) - {0} == {1, 2, 3}
    assert response.json()["receipts_missing"] == 1  # a JSON backup carries no files
    second = export(bob_client)
    first = without_time(document)
    first["expenses"] = [{**e, "receipt": None} for e in first["expenses"]]
    assert without_time(second) == first


def test_restoring_twice_creates_nothing_the_second_time(alice_client, alices_data, alice):
    document = export(alice_client)
    response = alice_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 201
    assert set(response.json()["created"].values()) == {0}
    assert Expense.objects.filter(owner=alice).count() == 3
    assert Budget.objects.filter(owner=alice).count() == 2


def test_restore_matches_existing_categories_and_tags_by_name(
    alice_client, bob_client, bob, alices_data
):
    CategoryFactory(owner=bob, name="PETS")
    TagFactory(owner=bob, name="VET")
    bob_client.post("/api/v1/import/backup.json", export(alice_client))
    assert Category.objects.filter(owner=bob).count() == 1
    assert sorted(Tag.objects.filter(owner=bob).values_list("name", flat=True)) == ["VET", "health"]
    assert Expense.objects.get(owner=bob, description="Check-up").category.name == "PETS"


def test_zip_backup_round_trip_keeps_receipts(alice_client, bob_client, bob, alices_data):
    response = alice_client.get("/api/v1/export/backup.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        document = json.loads(archive.read("backup.json"))
    receipt = next(e["receipt"] for e in document["expenses"] if e["receipt"])
    assert receipt in names
    restore = bob_client.post(
        "/api/v1/import/backup.zip",
        {"file": SimpleUploadedFile("b.zip", content)},
        format="multipart",
    )
    assert restore.status_code == 201, restore.content
    assert restore.json()["receipts_missing"] == 0
    restored = Expense.objects.get(owner=bob, description="Groceries")
    download = bob_client.get(f"/api/v1/expenses/{restored.id}/receipt/")
    assert b"".join(download.streaming_content) == png()
    again = json.loads(b"".join(bob_client.get("/api/v1/export/backup.json").streaming_content))
    assert without_time(again) == without_time(document)


def test_backup_file_upload_is_accepted(alice_client, bob_client, bob, alices_data):
    content = b"".join(alice_client.get("/api/v1/export/backup.json").streaming_content)
    response = bob_client.post(
        "/api/v1/import/backup.json",
        {"file": SimpleUploadedFile("backup.json", content)},
        format="multipart",
    )
    assert response.status_code == 201
    assert Expense.objects.filter(owner=bob).count() == 3


def _break(document: dict, how: str) -> dict:
    broken = copy.deepcopy(document)
    if how == "wrong version":
        broken["version"] = 2
    elif how == "another format":
        broken["format"] = "someone-elses-backup"
    elif how == "missing field":
        del broken["expenses"][0]["amount"]
    elif how == "missing section":
        del broken["budgets"]
    elif how == "dangling category":
        broken["expenses"][0]["category"] = {"uid": "8e6a4c0e-8a0b-4b8e-9a55-2d3f1c1b0e99"}
    elif how == "dangling tag":
        broken["expenses"][0]["tags"] = ["8e6a4c0e-8a0b-4b8e-9a55-2d3f1c1b0e99"]
    elif how == "unknown system category":
        broken["expenses"][0]["category"] = {"system": "Spaceships"}
    elif how == "bad amount":
        broken["expenses"][-1]["amount"] = "-5"
    elif how == "repeated uid":
        broken["expenses"][1]["uid"] = broken["expenses"][0]["uid"]
    elif how == "budget scope mismatch":
        broken["budgets"][0]["category"] = None
        broken["budgets"][0]["scope"] = "category"
    return broken


@pytest.mark.parametrize(
    ("how", "path"),
    [
        ("wrong version", "version"),
        ("another format", "format"),
        ("missing field", "expenses[0].amount"),
        ("missing section", "budgets"),
        ("dangling category", "expenses[0].category"),
        ("dangling tag", "expenses[0].tags"),
        ("unknown system category", "expenses[0].category"),
        ("bad amount", "expenses[2].amount"),
        ("repeated uid", "expenses[1].uid"),
        ("budget scope mismatch", "budgets[0].category"),
    ],
)
def test_bad_backups_are_400_listing_the_problem_and_write_nothing(
    alice_client, bob_client, bob, alices_data, how, path
):
    document = _break(export(alice_client), how)
    bob.refresh_from_db()
    response = bob_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_backup"
    assert path in [error["path"] for error in body["errors"]]
    assert not Expense.objects.filter(owner=bob).exists()
    assert not Category.objects.filter(owner=bob).exists()
    assert not Tag.objects.filter(owner=bob).exists()
    assert not Budget.objects.filter(owner=bob).exists()
    bob.refresh_from_db()
    assert bob.default_currency == "INR"


@pytest.mark.parametrize(
    ("content", "view"),
    [
        (b"not json", "backup.json"),
        (b"PK\x03\x04 broken zip", "backup.zip"),
        (b"[1, 2]", "backup.json"),
    ],
)
def test_unreadable_backup_files_are_400(bob_client, content, view):
    response = bob_client.post(
        f"/api/v1/import/{view}",
        {"file": SimpleUploadedFile("x", content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_backup"


def test_zip_with_a_receipt_that_does_not_decode_is_refused(alice_client, bob_client, alices_data):
    content = b"".join(alice_client.get("/api/v1/export/backup.zip").streaming_content)
    source = zipfile.ZipFile(io.BytesIO(content))
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = (
                b"<script>alert(1)</script>" if name.startswith("receipts/") else source.read(name)
            )
            target.writestr(name, data)
    response = bob_client.post(
        "/api/v1/import/backup.zip",
        {"file": SimpleUploadedFile("b.zip", tampered.getvalue())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"].endswith(".receipt")
    assert not Expense.objects.filter(owner__username="bob").exists()


def test_backup_export_is_owner_scoped(bob_client, alices_data):
    document = export(bob_client)
    assert document["expenses"] == [] and document["categories"] == []


def test_the_zip_export_skips_a_missing_receipt_file(alice_client, alice):
    expense = ExpenseFactory(owner=alice)
    attach_png(alice_client, expense)
    expense.refresh_from_db()
    expense.receipt.storage.delete(expense.receipt.name)
    response = alice_client.get("/api/v1/export/backup.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.namelist() == ["backup.json"]
