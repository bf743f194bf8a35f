"""Recurring expenses through the API: create, validation, skip, pause, edit the rest,
upcoming bills, delete, and due occurrences becoming expenses on a read, once."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.hooks import UserRequestHook, _hooks, user_request_hook_register
from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from schedules import services
from schedules.models import Occurrence, Schedule
from schedules.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/schedules/"
D = datetime.date


def at(day: datetime.date):
    """Travel to noon UTC of `day` (the server's TIME_ZONE is UTC in tests)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC), tick=False
    )


class FreshTokenClient(APIClient):
    """A client whose every request carries a token issued at that (travelled) moment."""

    def __init__(self, user) -> None:
        super().__init__()
        self.user = user

    def request(self, **kwargs):
        self.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(self.user)}")
        return super().request(**kwargs)


@pytest.fixture
def alice_client(alice) -> APIClient:
    return FreshTokenClient(alice)


@pytest.fixture
def bob_client(bob) -> APIClient:
    return FreshTokenClient(bob)


def rent(**extra) -> dict:
    return {
        "description": "Rent",
        "amount": "1500.00",
        "start_date": "2026-03-01",
        "period": "monthly",
        **extra,
    }


def expenses_of(user, description: str = "Rent") -> list[tuple]:
    return list(
        Expense.objects.filter(owner=user, description=description)
        .order_by("date")
        .values_list("date", "amount")
    )


def test_a_schedule_starting_this_month_creates_this_months_expense_once(alice, alice_client):
    housing = Category.objects.get(owner=None, name="Housing")
    with at(D(2026, 3, 10)):
        response = alice_client.post(
            URL, rent(category=housing.id, tags=["home"], merchant="Landlord"), format="json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["next_due"] == "2026-04-01"
        assert body["occurrences_created"] == 1
        assert body["remaining"] is None
        assert body["currency"] == alice.default_currency
        assert body["category_name"] == "Housing"
        for _ in range(3):
            assert alice_client.get("/api/v1/expenses/").status_code == 200
    assert expenses_of(alice) == [(D(2026, 3, 1), Decimal("1500.00"))]
    expense = Expense.objects.get(owner=alice, description="Rent")
    assert expense.category == housing
    assert expense.merchant == "Landlord"
    assert [tag.name for tag in expense.tags.all()] == ["home"]


def test_due_occurrences_become_expenses_on_the_next_read_with_a_real_token(alice, api_client_for):
    with at(D(2026, 3, 10)):
        api_client_for(alice).post(URL, rent(), format="json")
    assert expenses_of(alice) == [(D(2026, 3, 1), Decimal("1500.00"))]
    with at(D(2026, 5, 2)):
        client = api_client_for(alice)  # a fresh token at that time
        listed = client.get("/api/v1/expenses/").json()["results"]
        assert [(row["date"], row["description"]) for row in listed] == [
            ("2026-05-01", "Rent"),
            ("2026-04-01", "Rent"),
            ("2026-03-01", "Rent"),
        ]
        client.get("/api/v1/expenses/")
        client.get("/api/v1/reports/summary/?start=2026-03-01&end=2026-05-31")
        schedule = client.get(URL).json()["results"][0]
    assert len(expenses_of(alice)) == 3
    assert schedule["occurrences_created"] == 3
    assert schedule["next_due"] == "2026-06-01"


def test_an_unauthenticated_request_materializes_nothing(alice, api_client):
    ScheduleFactory(owner=alice, start_date=D(2026, 1, 1))
    with at(D(2026, 3, 10)):
        assert api_client.get("/api/v1/expenses/").status_code == 401
    assert not Expense.objects.exists()


def test_another_users_read_materializes_only_his(alice, bob, api_client_for):
    ScheduleFactory(owner=alice, description="Alice rent", start_date=D(2026, 1, 1))
    ScheduleFactory(owner=bob, description="Bob rent", start_date=D(2026, 1, 1))
    with at(D(2026, 2, 10)):
        api_client_for(bob).get("/api/v1/expenses/")
    assert not Expense.objects.filter(owner=alice).exists()
    assert Expense.objects.filter(owner=bob).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": "2026-02-01"}, "end_date"),
        ({"count": 0}, "count"),
        ({"day_of_month": 32}, "day_of_month"),
        ({"day_of_month": 0}, "day_of_month"),
        ({"period": "weekly", "day_of_month": 5}, "day_of_month"),
        ({"interval": 0}, "interval"),
        ({"period": "fortnightly"}, "period"),
        ({"amount": "0"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"description": "   "}, "description"),
        ({"currency": "ABC"}, "currency"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start_date": None}, "start_date"),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"start_date": "2010-01-01"}, "start_date"),
        ({"tags": "rent"}, "tags"),
        ({"payment_method": "cheque"}, "payment_method"),
        ({"category": 999999}, "category"),
        ({"category": "food"}, "category"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(alice_client, change, field):
    response = alice_client.post(URL, rent(**change), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Schedule.objects.exists()


def test_another_users_category_is_refused_like_an_unknown_one(alice_client, bob):
    theirs = CategoryFactory(owner=bob, name="Bob's")
    response = alice_client.post(URL, rent(category=theirs.id), format="json")
    assert response.status_code == 400
    assert "category" in response.json()


def test_a_patch_that_makes_end_before_start_is_a_400(alice, alice_client):
    schedule = ScheduleFactory(owner=alice, start_date=D(2026, 5, 1))
    response = alice_client.patch(f"{URL}{schedule.id}/", {"end_date": "2026-04-01"})
    assert response.status_code == 400
    assert "end_date" in response.json()


def test_bob_gets_404_for_alices_schedule(alice, bob_client):
    schedule = ScheduleFactory(owner=alice, start_date=D(2099, 1, 1))
    for method in ("get", "patch", "delete"):
        assert getattr(bob_client, method)(f"{URL}{schedule.id}/").status_code == 404
    assert bob_client.post(f"{URL}{schedule.id}/skip/").status_code == 404
    assert Schedule.objects.filter(pk=schedule.pk, paused=False).exists()


def test_skip_the_next_occurrence(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(), format="json").json()
        response = alice_client.post(f"{URL}{created['id']}/skip/")
        assert response.status_code == 200, response.content
        assert response.json()["next_due"] == "2026-05-01"
        upcoming = alice_client.get(f"{URL}upcoming/?start=2026-03-10&end=2026-06-30").json()
    assert [row["date"] for row in upcoming["results"]] == ["2026-05-01", "2026-06-01"]
    with at(D(2026, 5, 3)):
        alice_client.get("/api/v1/expenses/")
    assert [row[0] for row in expenses_of(alice)] == [D(2026, 3, 1), D(2026, 5, 1)]
    assert Occurrence.objects.get(due_date=D(2026, 4, 1)).skipped


def test_skip_a_later_date_and_refuse_a_date_that_is_not_an_occurrence(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(), format="json").json()
        url = f"{URL}{created['id']}/skip/"
        for bad in ["2026-04-02", "2026-03-01", "2026-01-01", "not a date"]:
            refused = alice_client.post(url, {"date": bad}, format="json")
            assert refused.status_code == 400, bad
            assert "date" in refused.json()
        skipped = alice_client.post(url, {"date": "2026-06-01"}, format="json")
        assert skipped.status_code == 200
        assert skipped.json()["next_due"] == "2026-04-01"
        again = alice_client.post(url, {"date": "2026-06-01"}, format="json")
        assert again.status_code == 400
    with at(D(2026, 7, 15)):
        alice_client.get("/api/v1/expenses/")
    assert [row[0] for row in expenses_of(alice)] == [
        D(2026, 3, 1),
        D(2026, 4, 1),
        D(2026, 5, 1),
        D(2026, 7, 1),
    ]


def test_a_count_ends_the_schedule_and_skipped_ones_count(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(count=3), format="json").json()
        assert created["remaining"] == 2
        alice_client.post(f"{URL}{created['id']}/skip/")
    with at(D(2026, 9, 1)):
        body = alice_client.get(f"{URL}{created['id']}/").json()
        assert body["next_due"] is None
        assert body["remaining"] == 0
        finished = alice_client.post(f"{URL}{created['id']}/skip/")
        assert finished.status_code == 409
        assert finished.json()["code"] == "schedule_finished"
    assert [row[0] for row in expenses_of(alice)] == [D(2026, 3, 1), D(2026, 5, 1)]


def test_an_end_date_ends_the_schedule(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(end_date="2026-05-01"), format="json").json()
        assert created["remaining"] == 2
    with at(D(2026, 12, 1)):
        alice_client.get("/api/v1/expenses/")
    assert len(expenses_of(alice)) == 3


def test_pause_creates_nothing_and_resume_goes_on_from_today(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(), format="json").json()
        url = f"{URL}{created['id']}/"
        paused = alice_client.patch(url, {"paused": True}, format="json").json()
        assert paused["paused"] is True
        assert alice_client.get(f"{URL}upcoming/").json()["results"] == []
    with at(D(2026, 6, 10)):
        alice_client.get("/api/v1/expenses/")
        assert len(expenses_of(alice)) == 1
        resumed = alice_client.patch(url, {"paused": False}, format="json").json()
        assert resumed["next_due"] == "2026-07-01"
    assert [row[0] for row in expenses_of(alice)] == [D(2026, 3, 1)]


def test_editing_changes_the_rest_and_keeps_created_expenses(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(), format="json").json()
        url = f"{URL}{created['id']}/"
        changed = alice_client.patch(
            url, {"amount": "1600.00", "description": "Rent (new lease)"}, format="json"
        )
        assert changed.status_code == 200
        assert changed.json()["next_due"] == "2026-04-01"
    with at(D(2026, 4, 5)):
        alice_client.get("/api/v1/expenses/")
    assert expenses_of(alice) == [(D(2026, 3, 1), Decimal("1500.00"))]
    assert expenses_of(alice, "Rent (new lease)") == [(D(2026, 4, 1), Decimal("1600.00"))]


def test_changing_the_day_starts_again_from_today_without_past_dates(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(), format="json").json()
        url = f"{URL}{created['id']}/"
        moved = alice_client.patch(url, {"day_of_month": 5}, format="json").json()
        assert moved["next_due"] == "2026-04-05"  # not 5 March: that is past
        later = alice_client.patch(url, {"day_of_month": 20}, format="json").json()
        assert later["next_due"] == "2026-03-20"
        put = alice_client.put(url, rent(period="weekly", start_date="2026-03-16"), format="json")
        assert put.status_code == 200, put.content
        assert put.json()["next_due"] == "2026-03-16"
        assert put.json()["day_of_month"] is None
    assert len(expenses_of(alice)) == 1


def test_upcoming_lists_occurrences_in_date_order_with_totals(alice, alice_client):
    housing = Category.objects.get(owner=None, name="Housing")
    with at(D(2026, 3, 10)):
        alice_client.post(URL, rent(category=housing.id), format="json")
        alice_client.post(
            URL,
            {
                "description": "Gym",
                "amount": "20.00",
                "currency": "EUR",
                "start_date": "2026-03-11",
                "period": "weekly",
                "interval": 2,
            },
            format="json",
        )
        default = alice_client.get(f"{URL}upcoming/").json()
        assert default["start"] == "2026-03-10"
        assert default["end"] == "2026-04-09"
        assert [(row["date"], row["description"]) for row in default["results"]] == [
            ("2026-03-11", "Gym"),
            ("2026-03-25", "Gym"),
            ("2026-04-01", "Rent"),
            ("2026-04-08", "Gym"),
        ]
        assert default["results"][2] == {
            "schedule": default["results"][2]["schedule"],
            "description": "Rent",
            "amount": "1500.00",
            "currency": "INR",
            "category": housing.id,
            "category_name": "Housing",
            "date": "2026-04-01",
        }
        assert default["totals"] == [
            {"currency": "EUR", "total": "60.00", "count": 3},
            {"currency": "INR", "total": "1500.00", "count": 1},
        ]
        for query, field in [
            ("?start=2026-04-01&end=2026-03-01", "end"),
            ("?start=2026-01-01&end=2027-06-01", "end"),
            ("?start=soon", "start"),
        ]:
            refused = alice_client.get(f"{URL}upcoming/{query}")
            assert refused.status_code == 400
            assert field in refused.json()


def test_deleting_a_schedule_keeps_its_expenses(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(URL, rent(start_date="2026-01-01"), format="json").json()
        assert created["occurrences_created"] == 3
        assert alice_client.delete(f"{URL}{created['id']}/").status_code == 204
    assert not Schedule.objects.exists()
    assert not Occurrence.objects.exists()
    assert len(expenses_of(alice)) == 3


def test_deleting_a_category_counts_its_schedules_and_moves_them(alice, alice_client):
    home = CategoryFactory(owner=alice, name="Home")
    with at(D(2099, 1, 1)):
        created = alice_client.post(
            URL, rent(category=home.id, start_date="2099-02-01"), format="json"
        ).json()
        refused = alice_client.delete(f"/api/v1/categories/{home.id}/")
        assert refused.status_code == 409
        assert refused.json()["schedule_count"] == 1
        moved = alice_client.delete(f"/api/v1/categories/{home.id}/?reassign_to=none")
        assert moved.status_code == 204
        assert alice_client.get(f"{URL}{created['id']}/").json()["category"] is None


def test_a_long_backlog_is_created_over_several_requests(alice, alice_client, monkeypatch):
    monkeypatch.setattr(services, "MAX_PER_REQUEST", 5)
    ScheduleFactory(owner=alice, description="Rent", start_date=D(2025, 1, 1))
    with at(D(2026, 1, 15)):
        alice_client.get("/api/v1/auth/me/")
        assert len(expenses_of(alice)) == 5
        alice_client.get("/api/v1/auth/me/")
        alice_client.get("/api/v1/auth/me/")
    assert len(expenses_of(alice)) == 13


def test_a_failing_hook_does_not_fail_the_request(alice, alice_client, caplog):
    def broken(user):
        raise RuntimeError("broken hook")

    user_request_hook_register(UserRequestHook(name="broken-for-test", run=broken))
    try:
        ScheduleFactory(owner=alice, description="Rent", start_date=D(2026, 1, 1))
        with at(D(2026, 1, 2)):
            response = alice_client.get("/api/v1/expenses/")
    finally:
        _hooks.pop("broken-for-test")
    assert response.status_code == 200
    assert "broken-for-test request hook failed" in caplog.text
    assert len(expenses_of(alice)) == 1  # the other hooks still ran


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_costs_the_same_queries_at_any_size(
    alice, alice_client, django_assert_num_queries, count
):
    housing = Category.objects.get(owner=None, name="Housing")
    for n in range(count):
        ScheduleFactory(owner=alice, start_date=D(2099, 1, 1), category=housing, count=n + 1)
    # auth user (with the due-schedules check), count, page (category joined, occurrences)
    with django_assert_num_queries(3):
        response = alice_client.get(URL)
    assert response.json()["count"] == count
    assert {row["remaining"] for row in response.json()["results"]} == set(range(1, count + 1))


def test_a_read_with_nothing_due_costs_no_query_more(
    alice, alice_client, django_assert_num_queries
):
    ScheduleFactory(owner=alice, start_date=D(2099, 1, 1))
    # the user (with the due-schedules check in the same query) and the roles /auth/me/ shows
    with django_assert_num_queries(2) as queries:
        assert alice_client.get("/api/v1/auth/me/").status_code == 200
    assert "schedules_schedule" in queries.captured_queries[0]["sql"]


def test_skipping_a_date_far_ahead_is_refused_quickly(alice, alice_client):
    with at(D(2026, 3, 10)):
        created = alice_client.post(
            URL, rent(period="every_n_days", start_date="2026-03-11"), format="json"
        ).json()
        response = alice_client.post(
            f"{URL}{created['id']}/skip/", {"date": "9999-12-31"}, format="json"
        )
    assert response.status_code == 400
    assert "date" in response.json()


def test_upcoming_at_the_end_of_the_calendar_answers(alice, alice_client):
    ScheduleFactory(owner=alice, start_date=D(9999, 12, 1), period="weekly")
    response = alice_client.get(f"{URL}upcoming/?start=9999-12-20")
    assert response.status_code == 200
    assert response.json()["end"] == "9999-12-31"
    assert [row["date"] for row in response.json()["results"]] == ["9999-12-22", "9999-12-29"]
