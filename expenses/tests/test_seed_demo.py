from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from expenses.models import Expense

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_two_years_of_daily_life(alice):
    out = StringIO()
    call_command("seed_demo", user="alice", no_progress=True, stdout=out)
    expenses = Expense.objects.filter(owner=alice)
    count = expenses.count()
    assert 700 <= count <= 1500
    assert (
        f"Created {count:,} demo expenses, 16 budgets, 1 rule and 1 recurring expense"
        in out.getvalue()
    )
    assert alice.budgets.filter(scope="overall").count() == 4
    assert alice.budgets.filter(category__name="Food", rollover_enabled=True).count() == 4
    span = expenses.order_by("date").first().date, expenses.order_by("date").last().date
    assert (span[1] - span[0]).days >= 700
    by_category = dict(expenses.values_list("category__name").annotate(n=Count("id")).order_by())
    for name in ("Food", "Transport", "Housing", "Utilities", "Entertainment", "Travel"):
        assert by_category.get(name, 0) > 0, name
    assert by_category["Housing"] >= 23  # rent every month
    assert expenses.filter(tags__name="subscription").exists()
    assert expenses.filter(tags__name="big-ticket").exists()
    assert expenses.values("merchant").distinct().count() > 15
    assert all(amount > 0 for amount in expenses.values_list("amount", flat=True))
    assert expenses.aggregate(total=Sum("amount"))["total"] > 0


def test_seed_demo_is_repeatable_with_a_seed(alice, bob):
    call_command("seed_demo", user="alice", seed=7, no_progress=True, stdout=StringIO())
    call_command("seed_demo", user="bob", seed=7, no_progress=True, stdout=StringIO())

    def picture(user):
        return list(
            Expense.objects.filter(owner=user)
            .order_by("date", "description", "amount")
            .values_list("date", "amount", "description")
        )

    assert picture(alice) == picture(bob)


def test_seed_demo_creates_exactly_n_rows_in_batches(alice, django_assert_max_num_queries):
    # Batched inserts: SQLite caps a statement at 999 parameters (about 80 rows), PostgreSQL
    # takes a whole batch; either way far fewer statements than rows. The demo rule and
    # recurring rent add a fixed handful.
    with django_assert_max_num_queries(12001 // 40 + 15):
        call_command("seed_demo", user="alice", expenses=12001, no_progress=True, stdout=StringIO())
    assert Expense.objects.filter(owner=alice).count() == 12001
    assert Expense.tags.through.objects.filter(expense__owner=alice).exists()


def test_seed_demo_if_empty_leaves_a_filled_account_alone(alice):
    call_command("seed_demo", user="alice", expenses=10, no_progress=True, stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", user="alice", if_empty=True, no_progress=True, stdout=out)
    assert Expense.objects.filter(owner=alice).count() == 10
    assert "nothing seeded" in out.getvalue()


def test_seed_demo_for_an_unknown_user_fails_clearly(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("seed_demo", user="nobody", no_progress=True)


def test_run_dev_fills_the_demo_account(db):
    call_command("run_dev", "--setup-only", stdout=StringIO())
    assert Expense.objects.filter(owner__username="demo").count() > 700


def test_seed_demo_shows_a_progress_bar(alice):
    err = StringIO()
    call_command("seed_demo", user="alice", expenses=3000, stdout=StringIO(), stderr=err)
    assert "Seeding: 100%" in err.getvalue()
    assert "3000/3000" in err.getvalue()


def test_seed_demo_shows_a_rule_and_the_rent_as_a_recurring_expense(alice):
    from django.utils import timezone

    from config.months import add_months, month_start
    from rules.models import Rule
    from schedules.models import Schedule

    call_command("seed_demo", user="alice", no_progress=True, stdout=StringIO())
    rule = Rule.objects.get(owner=alice)
    assert (rule.set_category.name, rule.set_merchant) == ("Shopping", "Amazon")
    rent = Schedule.objects.get(owner=alice)
    next_month = add_months(month_start(timezone.localdate()), 1)
    # This month's rent is in the demo spending already; the schedule takes over from the next.
    assert (rent.description, rent.next_due) == ("Monthly rent", next_month)
    assert not Expense.objects.filter(owner=alice, date__gte=next_month).exists()
