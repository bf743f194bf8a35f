"""Tips: a sentence a person reads, and the figures behind it.

Every figure is a string written exactly as it appears in the sentence (money as the API
writes it, "4600.00"), so a language model asked to reword a tip can be checked to have
kept each figure and added none.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ai.insights.common import ZERO, category_label, money
from ai.insights.forecast import Forecast
from ai.insights.subscriptions import Subscription
from budgets.models import Budget
from budgets.selectors import BudgetStatus
from config.money import to_cents
from config.months import add_months

TREND_MONTHS = 3


@dataclass(frozen=True)
class Tip:
    text: str
    figures: dict[str, str]


def _budget_label(status: BudgetStatus) -> str:
    budget = status.budget
    if budget.scope == Budget.Scope.OVERALL or budget.category is None:
        return "overall budget"
    return f"{budget.category.name} budget"


def budget_tips(
    statuses: list[BudgetStatus], *, forecast: Forecast, month_over: bool, currency: str
) -> list[Tip]:
    """Budgets over or at their warning threshold, and, while the month runs, budgets the
    forecast says will be overspent. Exceeded ones first."""
    order = {"exceeded": 0, "warn": 1, "ok": 2}
    tips = []
    for status in sorted(statuses, key=lambda s: order[s.status]):
        label = _budget_label(status)
        spent, available = money(status.spent), money(status.available)
        if status.status == "exceeded":
            over = money(status.spent - status.available)
            tips.append(
                Tip(
                    f"Your {label} is exceeded: {spent} {currency} spent of {available} "
                    f"{currency}, {over} {currency} over.",
                    {"spent": spent, "available": available, "over": over},
                )
            )
            continue
        if status.status == "warn":
            percent, left = str(status.percent_used), money(status.remaining)
            tips.append(
                Tip(
                    f"Your {label} is {percent}% used: {spent} of {available} {currency} "
                    f"spent, {left} {currency} left.",
                    {"percent_used": percent, "spent": spent, "available": available,
                     "remaining": left},
                )
            )  # fmt: skip
            continue
        if month_over:
            continue
        category = status.budget.category_id
        is_overall = status.budget.scope == Budget.Scope.OVERALL
        predicted = forecast.predicted_total if is_overall else forecast.predicted_for(category)
        if predicted > status.available:
            expected = money(predicted)
            tips.append(
                Tip(
                    f"At your usual pace you will spend about {expected} {currency} by the "
                    f"end of the month, above your {label} of {available} {currency} "
                    f"({spent} {currency} spent so far).",
                    {"predicted": expected, "available": available, "spent": spent},
                )
            )
    return tips


def subscription_tips(subscriptions: list[Subscription], *, currency: str) -> list[Tip]:
    """Price rises, then what the subscriptions and recurring bills cost a month."""
    tips = []
    for subscription in subscriptions:
        if subscription.price_change is None or subscription.price_change <= 0:
            continue
        latest, usual = money(subscription.latest_amount), money(subscription.usual_amount)
        rise, day = money(subscription.price_change), subscription.last_date.isoformat()
        tips.append(
            Tip(
                f"{subscription.merchant} now charges {latest} {currency}, {rise} {currency} "
                f"more than the usual {usual} {currency} (charged on {day}).",
                {"latest_amount": latest, "usual_amount": usual, "price_change": rise,
                 "last_date": day},
            )
        )  # fmt: skip
    if subscriptions:
        count = str(len(subscriptions))
        monthly = money(sum((s.monthly_cost for s in subscriptions), ZERO))
        kind = (
            "subscription or recurring bill"
            if count == "1"
            else ("subscriptions and recurring bills")
        )
        tips.append(
            Tip(
                f"Your {count} {kind} cost about {monthly} {currency} a month.",
                {"count": count, "monthly_total": monthly},
            )
        )
    return tips


def trend_tips(
    totals: dict[tuple[datetime.date, int | None], Decimal],
    *,
    last_month: datetime.date,
    currency: str,
    names: dict[int, str],
) -> list[Tip]:
    """Categories whose spending rose in each of the three months up to `last_month`."""
    months = [add_months(last_month, back) for back in range(-TREND_MONTHS, 1)]
    categories = {category for (period, category) in totals if period == last_month}
    tips = []
    for category in categories:
        series = [to_cents(totals.get((period, category), ZERO)) for period in months]
        if not series[0] or any(later <= earlier for earlier, later in pairwise(series)):
            continue
        figures = {
            period.strftime("%Y-%m"): money(total)
            for period, total in zip(months, series, strict=True)
        }
        steps = " → ".join(figures.values())
        tips.append(
            Tip(
                f"{category_label(category, names)} spending rose three months in a row: "
                f"{steps} {currency} from {months[0]:%B %Y} to {last_month:%B %Y}.",
                figures,
            )
        )
    return sorted(tips, key=lambda tip: tip.text)
