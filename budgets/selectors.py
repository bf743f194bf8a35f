import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from accounts.models import User
from budgets.models import Budget
from config.money import to_cents
from config.months import add_months, month_end
from expenses.selectors import expense_spending_by_month

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetStatus:
    budget: Budget
    rollover_in: Decimal
    available: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        """Negative when the budget is overspent."""
        return self.available - self.spent

    @property
    def percent_used(self) -> Decimal:
        return to_cents(self.spent * 100 / self.available)

    @property
    def status(self) -> str:
        if self.spent > self.available:
            return "exceeded"
        if self.spent >= self.available * self.budget.warn_threshold:
            return "warn"
        return "ok"


def budget_list(
    *, owner: User, month: datetime.date | None = None, currency: str | None = None
) -> QuerySet[Budget]:
    budgets = Budget.objects.filter(owner=owner).select_related("category")
    if month is not None:
        budgets = budgets.filter(month=month)
    if currency is not None:
        budgets = budgets.filter(currency=currency)
    return budgets.order_by("month", "scope", "category__name", "id")


def _rollover_chains(*, owner: User, budgets: list[Budget]) -> dict[int, list[Budget]]:
    """For each budget, the run of budgets it inherits unspent money from, oldest first.
    The run goes back month by month while the receiving budget has rollover enabled and
    the month before has a budget of the same scope, category and currency."""
    chains = {budget.id: [budget] for budget in budgets}
    rolling = [budget for budget in budgets if budget.rollover_enabled]
    if not rolling:
        return chains
    targets = Q()
    for budget in rolling:
        targets |= Q(scope=budget.scope, category_id=budget.category_id)
    earlier = Budget.objects.filter(targets, owner=owner, month__lt=rolling[0].month)
    history = {(b.scope, b.category_id, b.month): b for b in earlier}
    for budget in rolling:
        chain = chains[budget.id]
        while chain[-1].rollover_enabled:
            before = history.get(
                (budget.scope, budget.category_id, add_months(chain[-1].month, -1))
            )
            if before is None or before.currency != budget.currency:
                break
            chain.append(before)
        chain.reverse()
    return chains


def budget_status(
    *, owner: User, month: datetime.date, currency: str | None = None
) -> list[BudgetStatus]:
    """Every budget of `month` with what carried in, what was spent and what is left.
    A constant number of queries however long the rollover chains are: the month's budgets,
    their history, and one aggregate of the spending of every month involved."""
    budgets = list(budget_list(owner=owner, month=month, currency=currency))
    if not budgets:
        return []
    chains = _rollover_chains(owner=owner, budgets=budgets)
    earliest = min(chain[0].month for chain in chains.values())
    by_category: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    overall: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for row in expense_spending_by_month(owner=owner, start=earliest, end=month_end(month)):
        by_category[(row["month"], row["category_id"], row["currency"])] += row["total"]
        overall[(row["month"], row["currency"])] += row["total"]

    def spent(budget: Budget) -> Decimal:
        if budget.scope == Budget.Scope.OVERALL:
            return overall[(budget.month, budget.currency)]
        return by_category[(budget.month, budget.category_id, budget.currency)]

    statuses = []
    for budget in budgets:
        carry = ZERO
        for link in chains[budget.id][:-1]:
            available = link.amount + carry
            carry = max(ZERO, available - spent(link))
        statuses.append(
            BudgetStatus(
                budget=budget,
                rollover_in=carry,
                available=budget.amount + carry,
                spent=spent(budget),
            )
        )
    return statuses


def budget_alerts(*, owner: User, month: datetime.date) -> list[BudgetStatus]:
    """The month's budgets that are at their warning threshold or over."""
    return [row for row in budget_status(owner=owner, month=month) if row.status != "ok"]


def budget_backup_list(*, owner: User) -> QuerySet[Budget]:
    """Every budget of the owner with its category, in a stable order (for backups)."""
    return (
        Budget.objects.filter(owner=owner)
        .select_related("category")
        .order_by("month", "scope", "uid")
    )
