"""Recurring expenses in backups: exported with their rule, category and what they have
left, restored into any account without creating again what already happened, once only;
backups without schedules still restore."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from schedules.models import Schedule

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC)


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


def export(user) -> dict:
    response = client_of(user).get("/api/v1/export/backup.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def restore(user, document: dict):
    return client_of(user).post("/api/v1/import/backup.json", document, format="json")


@pytest.fixture
def alices_schedules(alice):
    home = CategoryFactory(owner=alice, name="Home")
    with time_machine.travel(NOW, tick=False):
        client = client_of(alice)
        rent = client.post(
            "/api/v1/schedules/",
            {
                "description": "Rent",
                "amount": "1500.00",
                "start_date": "2026-01-01",
                "period": "monthly",
                "category": home.id,
                "tags": ["home"],
                "count": 12,
            },
            format="json",
        )
        gym = client.post(
            "/api/v1/schedules/",
            {
                "description": "Gym",
                "amount": "20.00",
                "currency": "EUR",
                "start_date": "2026-03-16",
                "period": "weekly",
                "interval": 2,
                "category": Category.objects.get(owner=None, name="Healthcare").id,
                "paused": True,
            },
            format="json",
        )
    assert rent.status_code == gym.status_code == 201
    return rent.json(), gym.json()


def test_the_backup_carries_the_schedules(alice, alices_schedules):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
    home_uid = document["categories"][0]["uid"]
    rent, gym = sorted(document["schedules"], key=lambda row: row["description"], reverse=True)
    assert rent == {
        "uid": str(Schedule.objects.get(description="Rent").uid),
        "description": "Rent",
        "amount": "1500.00",
        "currency": alice.default_currency,
        "category": {"uid": home_uid},
        "tags": ["home"],
        "payment_method": None,
        "merchant": "",
        "notes": "",
        "start_date": "2026-01-01",
        "period": "monthly",
        "interval": 1,
        "day_of_month": None,
        "end_date": None,
        "remaining": 9,
        "paused": False,
        "next_due": "2026-04-01",
        "skipped": [],
    }
    assert (gym["category"], gym["interval"], gym["paused"], gym["remaining"]) == (
        {"system": "Healthcare"},
        2,
        True,
        None,
    )


def test_a_restore_creates_nothing_that_already_happened_and_twice_adds_nothing(
    alice, bob, alices_schedules
):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
        # bob's own account: the three rents of the backup come with its expenses
        assert restore(bob, document).status_code == 201
        again = restore(bob, document)
    assert again.status_code == 201
    assert again.json()["created"]["schedules"] == 0
    assert again.json()["skipped"]["schedules"] == 2
    assert Schedule.objects.filter(owner=bob).count() == 2
    rent = Schedule.objects.get(owner=bob, description="Rent")
    assert (rent.next_due, rent.count, rent.category.owner, rent.category.name) == (
        D(2026, 4, 1),
        9,
        bob,
        "Home",
    )
    with time_machine.travel(LATER, tick=False):
        client_of(bob).get("/api/v1/expenses/")
        listed = client_of(bob).get("/api/v1/schedules/").json()["results"]
    assert list(
        Expense.objects.filter(owner=bob, description="Rent")
        .order_by("date")
        .values_list("date", "amount")
    ) == [(D(2026, m, 1), Decimal("1500.00")) for m in (1, 2, 3, 4)]
    assert {row["description"]: row["remaining"] for row in listed} == {"Rent": 8, "Gym": None}


def test_restoring_into_the_same_account_adds_nothing(alice, alices_schedules):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
        response = restore(alice, document)
    assert response.status_code == 201
    assert response.json()["created"]["schedules"] == 0
    assert Expense.objects.filter(owner=alice, description="Rent").count() == 3


def test_a_backup_without_schedules_restores(alice, bob, alices_schedules):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
        del document["schedules"]
        response = restore(bob, document)
    assert response.status_code == 201, response.content
    assert response.json()["created"]["schedules"] == 0
    assert not Schedule.objects.filter(owner=bob).exists()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"period": "daily"}, "schedules[0].period"),
        ({"category": {"uid": "7f1c2d3e-0000-4000-8000-000000000000"}}, "schedules[0].category"),
        ({"end_date": "2025-01-01"}, "schedules[0].end_date"),
        ({"remaining": -1}, "schedules[0].remaining"),
        ({"amount": "0"}, "schedules[0].amount"),
    ],
)
def test_a_bad_schedule_row_refuses_the_whole_backup(alice, bob, alices_schedules, change, path):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
        document["schedules"] = [
            {**next(r for r in document["schedules"] if r["description"] == "Rent"), **change}
        ]
        response = restore(bob, document)
    assert response.status_code == 400, response.content
    assert path in [error["path"] for error in response.json()["errors"]]
    assert not Expense.objects.filter(owner=bob).exists()
    assert not Schedule.objects.filter(owner=bob).exists()


def test_dates_skipped_ahead_stay_skipped_after_a_restore(alice, bob, alices_schedules):
    rent = Schedule.objects.get(owner=alice, description="Rent")
    with time_machine.travel(NOW, tick=False):
        skipped = client_of(alice).post(
            f"/api/v1/schedules/{rent.id}/skip/", {"date": "2026-06-01"}, format="json"
        )
        assert skipped.status_code == 200, skipped.content
        document = export(alice)
        row = next(r for r in document["schedules"] if r["description"] == "Rent")
        assert (row["skipped"], row["remaining"]) == (["2026-06-01"], 8)
        assert restore(bob, document).status_code == 201
    restored = Schedule.objects.get(owner=bob, description="Rent")
    with time_machine.travel(NOW, tick=False):
        mine = client_of(alice).get("/api/v1/schedules/upcoming/?start=2026-03-10&end=2027-03-01")
        theirs = client_of(bob).get("/api/v1/schedules/upcoming/?start=2026-03-10&end=2027-03-01")
        listed = client_of(bob).get(f"/api/v1/schedules/{restored.id}/").json()
    rent_dates = [r["date"] for r in mine.json()["results"] if r["description"] == "Rent"]
    assert "2026-06-01" not in rent_dates and len(rent_dates) == 8
    assert [r["date"] for r in theirs.json()["results"] if r["description"] == "Rent"] == rent_dates
    assert listed["remaining"] == 8
    # Everything due by the end: the skipped date never becomes an expense.
    with time_machine.travel(datetime.datetime(2027, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        client_of(bob).get("/api/v1/expenses/")
    dates = list(
        Expense.objects.filter(owner=bob, description="Rent")
        .order_by("date")
        .values_list("date", flat=True)
    )
    assert D(2026, 6, 1) not in dates
    assert dates[-1] == D(2026, 12, 1) and len(dates) == 12 - 1  # 12 in all, one skipped


def test_an_older_backup_without_skipped_dates_restores(alice, bob, alices_schedules):
    with time_machine.travel(NOW, tick=False):
        document = export(alice)
        for row in document["schedules"]:
            del row["skipped"]
        response = restore(bob, document)
    assert response.status_code == 201, response.content
    assert response.json()["created"]["schedules"] == 2
    assert Schedule.objects.get(owner=bob, description="Rent").count == 9


def test_a_restore_past_the_schedule_limit_is_refused(alice, bob, alices_schedules):
    from schedules.services import MAX_SCHEDULES_PER_USER

    Schedule.objects.bulk_create(
        Schedule(
            owner=bob,
            description=f"Bill {n}",
            amount=1,
            start_date=D(2099, 1, 1),
            period="monthly",
            next_due=D(2099, 1, 1),
        )
        for n in range(MAX_SCHEDULES_PER_USER - 1)
    )
    with time_machine.travel(NOW, tick=False):
        response = restore(bob, export(alice))
    assert response.status_code == 400, response.content
    assert "schedules" in [error["path"] for error in response.json()["errors"]]
    assert Schedule.objects.filter(owner=bob).count() == MAX_SCHEDULES_PER_USER - 1
    assert not Expense.objects.filter(owner=bob).exists()
