"""The expense rollups (`DayTotal`, issue 15) stay equal to the sums of the rows under every
way of writing expenses: the ORM, `bulk_create`, `update()`, raw SQL, cascades from a deleted
account. Random sequences of writes (hypothesis), checked after each one, on whichever
database the suite runs on (`make test`: SQLite, `make test-pg`: PostgreSQL)."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from categories.models import Category
from expenses import rollups
from expenses.models import DayTotal, Expense
from expenses.services import expense_create

pytestmark = pytest.mark.django_db

START = date(2026, 1, 1)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
days = st.integers(min_value=0, max_value=6).map(lambda n: START + timedelta(days=n))
currencies = st.sampled_from(["INR", "EUR"])
owners = st.integers(min_value=0, max_value=1)  # index into the two users
categories = st.integers(min_value=0, max_value=2)  # index; 0 is uncategorised
picks = st.integers(min_value=0, max_value=10_000)  # which existing expense

operations = st.one_of(
    st.tuples(st.just("create"), owners, amounts, days, currencies, categories),
    st.tuples(
        st.just("bulk_create"),
        st.lists(st.tuples(owners, amounts, days, currencies, categories), max_size=4),
    ),
    st.tuples(st.just("raw_insert"), owners, amounts, days, currencies, categories),
    st.tuples(st.just("save"), picks, amounts, days),
    st.tuples(st.just("update_amount"), amounts, days),
    st.tuples(st.just("update_category"), picks, categories),
    st.tuples(st.just("update_currency"), picks, currencies),
    st.tuples(st.just("move_owner"), picks, owners),
    st.tuples(st.just("raw_update"), picks, amounts, days),
    st.tuples(st.just("delete"), picks),
    st.tuples(st.just("queryset_delete"), days),
    st.tuples(st.just("raw_delete"), picks),
    st.tuples(st.just("delete_account"), owners),
)


def _prep(field: str, value):
    return Expense._meta.get_field(field).get_db_prep_value(value, connection)


class World:
    def __init__(self, users, category_ids):
        self.users = users
        self.category_ids = [None, *category_ids]

    def owner(self, index):
        return self.users[index % len(self.users)]

    def category(self, index):
        return self.category_ids[index]

    def pick(self, index):
        ids = list(Expense.objects.order_by("id").values_list("id", flat=True))
        return ids[index % len(ids)] if ids else None

    def run(self, op) -> None:
        name, *args = op
        getattr(self, name)(*args)

    def create(self, owner, amount, day, currency, category):
        expense_create(
            owner=self.owner(owner),
            amount=amount,
            date=day,
            currency=currency,
            description="Created",
            category=Category.objects.filter(id=self.category(category)).first(),
            apply_rules=False,
        )

    def bulk_create(self, rows):
        Expense.objects.bulk_create(
            Expense(
                owner=self.owner(owner),
                amount=amount,
                date=day,
                currency=currency,
                description="Bulk",
                category_id=self.category(category),
            )
            for owner, amount, day, currency, category in rows
        )

    def raw_insert(self, owner, amount, day, currency, category):
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO expenses_expense (uid, amount, currency, date, description,"
                " category_id, payment_method, merchant, notes, receipt, created_at,"
                " updated_at, owner_id) VALUES (%s, %s, %s, %s, 'Raw', %s, NULL, '', '', '',"
                " %s, %s, %s)",
                [
                    _prep("uid", uuid.uuid4()),
                    _prep("amount", amount),
                    currency,
                    _prep("date", day),
                    self.category(category),
                    _prep("created_at", now),
                    _prep("updated_at", now),
                    self.owner(owner).id,
                ],
            )

    def save(self, pick, amount, day):
        if (expense_id := self.pick(pick)) is None:
            return
        expense = Expense.objects.get(id=expense_id)
        expense.amount, expense.date = amount, day
        expense.save()

    def update_amount(self, amount, day):
        Expense.objects.filter(date=day).update(amount=amount)

    def update_category(self, pick, category):
        Expense.objects.filter(id=self.pick(pick)).update(category_id=self.category(category))

    def update_currency(self, pick, currency):
        Expense.objects.filter(id=self.pick(pick)).update(currency=currency)

    def move_owner(self, pick, owner):
        Expense.objects.filter(id=self.pick(pick)).update(owner=self.owner(owner))

    def raw_update(self, pick, amount, day):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE expenses_expense SET amount = %s, date = %s WHERE id = %s",
                [_prep("amount", amount), _prep("date", day), self.pick(pick)],
            )

    def delete(self, pick):
        expense = Expense.objects.filter(id=self.pick(pick)).first()
        if expense is not None:
            expense.delete()

    def queryset_delete(self, day):
        Expense.objects.filter(date=day).delete()

    def raw_delete(self, pick):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM expenses_expense WHERE id = %s", [self.pick(pick)])

    def delete_account(self, owner):
        user = self.owner(owner)
        if len(self.users) > 1:
            self.users.remove(user)
            # Through a queryset: the instance keeps its id for the next example, whose
            # transaction no longer has the deletion.
            type(user).objects.filter(id=user.id).delete()


@pytest.fixture
def world(make_user):
    users = [make_user("alice"), make_user("bob")]
    category_ids = list(Category.objects.filter(owner=None).values_list("id", flat=True)[:2])
    return World(users, category_ids)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=1, max_size=12))
def test_every_write_keeps_the_rollups_equal_to_the_rows(world, steps):
    users = list(world.users)
    with transaction.atomic():
        for step in steps:
            world.run(step)
            assert rollups.differences() == [], f"after {step[0]}"
        transaction.set_rollback(True)
    world.users = users


def test_the_rollup_sums_cents_exactly(alice):
    # 0.10 + 0.20 is not 0.30 in floating point: the rollup counts whole cents.
    for amount in ["0.10", "0.20", "999999999.99"]:
        expense_create(owner=alice, amount=Decimal(amount), date=START, description="x")
    row = DayTotal.objects.get(owner_id=alice.id)
    assert (row.total_cents, row.count) == (100_000_000_029, 3)
    assert row.category_key == 0
    assert rollups.differences() == []


def test_a_deleted_account_leaves_no_rollup_rows(alice, bob):
    expense_create(owner=alice, amount=Decimal("5.00"), date=START, description="x")
    expense_create(owner=bob, amount=Decimal("7.00"), date=START, description="y")
    alice.delete()
    assert list(DayTotal.objects.values_list("owner_id", "total_cents")) == [(bob.id, 700)]


def test_rollups_check_reports_a_difference_and_fix_rebuilds(alice, capsys):
    expense_create(owner=alice, amount=Decimal("12.50"), date=START, description="x")
    expense_create(owner=alice, amount=Decimal("3.00"), date=START, description="y")
    call_command("rollups_check")
    assert "equal" in capsys.readouterr().out

    # A rollup gone wrong behind the triggers' back (as a restored raw dump could leave it).
    DayTotal.objects.filter(owner_id=alice.id).update(total_cents=1)
    DayTotal.objects.create(
        owner_id=alice.id, currency="EUR", category_key=0, date=START, total_cents=5, count=1
    )
    with pytest.raises(CommandError, match="--fix"):
        call_command("rollups_check")
    out = capsys.readouterr().out
    assert "2 rollup keys differ" in out
    assert "expenses 15.50 in 2, rollup 0.01 in 2" in out
    assert "expenses none, rollup 0.05 in 1" in out

    call_command("rollups_check", "--fix")
    assert "Rebuilt 1 rollup rows" in capsys.readouterr().out
    assert rollups.differences() == []
    assert list(DayTotal.objects.values_list("total_cents", "count")) == [(1550, 2)]


def test_the_reports_read_the_rollups_not_the_rows(alice_client, alice):
    """Summary, timeseries and trends sum `DayTotal`: a rollup changed behind the triggers'
    back shows in all three (which `rollups_check --fix` then repairs)."""
    expense_create(owner=alice, amount=Decimal("12.50"), date=START, description="x")
    DayTotal.objects.filter(owner_id=alice.id).update(total_cents=99_900)
    span = {"start": "2026-01-01", "end": "2026-01-31", "currency": "INR"}
    summary = alice_client.get("/api/v1/reports/summary/", span).json()
    assert (summary["total"], summary["count"]) == ("999.00", 1)
    series = alice_client.get("/api/v1/reports/timeseries/", {**span, "bucket": "monthly"})
    assert series.json()[0]["total"] == "999.00"
    trends = alice_client.get("/api/v1/reports/trends/", {"month": "2026-01", "currency": "INR"})
    assert trends.json()["current_total"] == "999.00"

    call_command("rollups_check", "--fix")
    summary = alice_client.get("/api/v1/reports/summary/", span).json()
    assert summary["total"] == "12.50"


def test_budget_status_reads_the_rollups_not_the_rows(alice_client, alice):
    """Budget status (and the alerts on create, and insights) sums the month from `DayTotal`:
    a rollup changed behind the triggers' back shows in what the budget has spent."""
    expense_create(owner=alice, amount=Decimal("12.50"), date=START, description="x")
    created = alice_client.post(
        "/api/v1/budgets/",
        {"month": "2026-01", "scope": "overall", "amount": "100.00", "currency": "INR"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    status = alice_client.get("/api/v1/budgets/status/", {"month": "2026-01"}).json()
    assert status[0]["spent"] == "12.50"

    DayTotal.objects.filter(owner_id=alice.id).update(total_cents=99_900)
    status = alice_client.get("/api/v1/budgets/status/", {"month": "2026-01"}).json()
    assert (status[0]["spent"], status[0]["status"]) == ("999.00", "exceeded")


def test_deleting_expenses_after_their_rollups_leaves_no_negative_rows(alice):
    """A test database's flush empties tables in name order, `expenses_daytotal` first: the
    expenses' deletion then finds no rollup and must not make one of negative counts."""
    expense_create(owner=alice, amount=Decimal("4.00"), date=START, description="x")
    DayTotal.objects.all().delete()
    Expense.objects.all().delete()
    assert not DayTotal.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rollups_check_outside_a_transaction_reads_one_snapshot(make_user, capsys):
    """As run from the command line (no transaction around it): on PostgreSQL the check
    opens its own REPEATABLE READ transaction; a rebuild there takes its table locks."""
    alice = make_user("alice")
    expense_create(owner=alice, amount=Decimal("2.00"), date=START, description="x")
    call_command("rollups_check")
    assert "equal" in capsys.readouterr().out
    DayTotal.objects.update(count=5)
    call_command("rollups_check", "--fix")
    assert "Rebuilt 1 rollup rows" in capsys.readouterr().out
