"""Demo budgets to go with the demo spending: the last few months, some with rollover."""

import datetime
from decimal import Decimal

from accounts.models import User
from budgets.services import budget_upsert
from categories.selectors import category_list
from config.months import add_months, month_start
from rules.engine import clean_conditions
from rules.services import rule_create
from schedules.services import schedule_create

DEMO_BUDGETS = [
    # (category name or None for overall, amount, rollover)
    (None, Decimal("90000.00"), False),
    ("Food", Decimal("30000.00"), True),
    ("Transport", Decimal("6000.00"), False),
    ("Entertainment", Decimal("2500.00"), True),
]


def budgets_seed_demo(*, owner: User, today: datetime.date, months: int = 4) -> int:
    """Budgets for this month and the `months - 1` before it; returns how many were made."""
    categories = {c.name: c for c in category_list(owner=owner).filter(owner__isnull=True)}
    count = 0
    for offset in range(months):
        month = add_months(month_start(today), -offset)
        for name, amount, rollover in DEMO_BUDGETS:
            budget_upsert(
                owner=owner,
                month=month,
                scope="category" if name else "overall",
                category=categories[name] if name else None,
                amount=amount,
                rollover_enabled=rollover,
            )
            count += 1
    return count


def workflow_seed_demo(*, owner: User, today: datetime.date) -> tuple[int, int]:
    """A rule that files card-statement lines from Amazon (cleaning the merchant name) and the
    rent as a recurring expense from next month on (this month's rent is already in the demo
    spending): the everyday workflow, shown filled in. Returns (rules, schedules) made."""
    categories = {c.name: c for c in category_list(owner=owner).filter(owner__isnull=True)}
    rule_create(
        owner=owner,
        name="Amazon orders",
        conditions=clean_conditions(
            [{"field": "description", "operator": "matches", "value": r"(?i)\b(amzn|amazon)\b"}]
        ),
        set_category=categories["Shopping"],
        set_merchant="Amazon",
        add_tags=["online"],
    )
    schedule_create(
        owner=owner,
        today=today,
        description="Monthly rent",
        amount=Decimal("28000.00"),
        category=categories["Housing"],
        tags=["fixed"],
        payment_method="bank",
        merchant="Prestige Estates",
        start_date=add_months(month_start(today), 1),
        period="monthly",
        interval=1,
        day_of_month=1,
    )
    return 1, 1
