import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from budgets.models import Budget
from categories.models import Category
from config.batching import uids_owned
from config.models import model_apply


def budget_upsert(
    *,
    owner: User,
    month: datetime.date,
    scope: str,
    category: Category | None,
    amount: Decimal,
    currency: str | None = None,
    rollover_enabled: bool | None = None,
    warn_threshold: Decimal | None = None,
) -> tuple[Budget, bool]:
    """Create the budget for (month, scope, category), or update the one that exists.
    Only the values given change on update. Safe under concurrent calls: the database's
    unique constraints decide, and the loser of a race updates the winner's row."""
    given = {
        "amount": amount,
        "currency": currency,
        "rollover_enabled": rollover_enabled,
        "warn_threshold": warn_threshold,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    create_values = {"currency": owner.default_currency, **changes}
    return Budget.objects.update_or_create(
        owner=owner,
        month=month,
        scope=scope,
        category=category,
        defaults=changes,
        create_defaults=create_values,
    )


def budget_update(*, budget: Budget, data: dict) -> Budget:
    """Change a budget's amount, currency, rollover or threshold."""
    fields = model_apply(budget, data, ("amount", "currency", "rollover_enabled", "warn_threshold"))
    budget.save(update_fields=[*fields, "updated_at"])
    return budget


@transaction.atomic
def budget_copy_month(
    *, owner: User, source: datetime.date, target: datetime.date
) -> tuple[list[Budget], int]:
    """Copy the budgets of `source` month to `target`, skipping those `target` already has.
    Returns the budgets created and how many were skipped."""
    created, skipped = [], 0
    for budget in Budget.objects.filter(owner=owner, month=source).select_related("category"):
        copy, was_created = Budget.objects.get_or_create(
            owner=owner,
            month=target,
            scope=budget.scope,
            category=budget.category,
            defaults={
                "amount": budget.amount,
                "currency": budget.currency,
                "rollover_enabled": budget.rollover_enabled,
                "warn_threshold": budget.warn_threshold,
            },
        )
        if was_created:
            created.append(copy)
        else:
            skipped += 1
    return created, skipped


def budgets_restore(*, owner: User, rows: list[dict]) -> int:
    """Budgets from a backup, categories already resolved to objects. A budget whose uid
    the owner has, or whose month, scope and category the owner already budgets, is left
    out. Inserted in one batch; returns how many were created."""
    known = uids_owned(Budget, owner=owner, uids=[row["uid"] for row in rows])
    taken: set[tuple[datetime.date, str, int | None]] = set(
        Budget.objects.filter(owner=owner).values_list("month", "scope", "category_id")
    )
    new = []
    for row in rows:
        key = (row["month"], row["scope"], row["category"].id if row["category"] else None)
        if row["uid"] in known or key in taken:
            continue
        taken.add(key)
        new.append(Budget(owner=owner, **row))
    Budget.objects.bulk_create(new)
    return len(new)
