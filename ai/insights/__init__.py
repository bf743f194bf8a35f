"""Insights on a month of spending: anomalies, a forecast, subscriptions and tips.

A constant number of queries whatever the amount of data: the user's categories, the
expenses of a bounded look-back window (one query, for the medians and the recurring
charges), the month-by-category totals summed by the database, and the month's budget
status. Everything else is arithmetic on those, in Decimal.
"""

import datetime
import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from ai.insights.anomalies import Anomaly, category_spikes, duplicates, large_expenses
from ai.insights.common import Row
from ai.insights.forecast import CategoryForecast, Forecast, ScheduledBill, forecast_month
from ai.insights.subscriptions import Subscription, detect_subscriptions
from ai.insights.tips import Tip, budget_tips, subscription_tips, trend_tips
from ai.providers.ollama import ollama_client
from budgets.selectors import budget_status
from categories.selectors import category_list
from config.months import add_months, month_end
from expenses.selectors import expense_rows_between, expense_spending_by_month
from schedules.selectors import schedule_expense_ids, schedule_upcoming

__all__ = [
    "Anomaly",
    "CategoryForecast",
    "Forecast",
    "Insights",
    "Subscription",
    "Tip",
    "insights_for",
]

logger = logging.getLogger(__name__)

ANOMALY_MONTHS = 12
"""An expense is judged against its category's expenses of the month and the 12 before."""
SUBSCRIPTION_MONTHS = 24
"""Recurring charges are looked for this far back: two yearly charges fit in."""
TOTALS_MONTHS = 6
"""Month totals reach this far back: spikes compare with six months, trends with four."""
KIND_ORDER = {"category_spike": 0, "large_expense": 1, "duplicate": 2}


@dataclass(frozen=True)
class Insights:
    month: datetime.date
    currency: str
    anomalies: list[Anomaly]
    forecast: Forecast
    subscriptions: list[Subscription]
    tips: list[Tip]
    provider: str


def insights_for(
    *,
    owner: User,
    month: datetime.date,
    currency: str,
    today: datetime.date | None = None,
) -> Insights:
    """The owner's insights on `month` (its first day) in one currency, seen from `today`
    (default: the local date). Only the owner's own expenses and budgets are read."""
    today = today or timezone.localdate()
    last_day = month_end(month)
    names = dict(category_list(owner=owner).values_list("id", "name"))
    rows = [
        Row(*values)
        for values in expense_rows_between(
            owner=owner,
            currency=currency,
            start=add_months(month, -SUBSCRIPTION_MONTHS),
            end=last_day,
        )
    ]
    totals = {
        (row["month"], row["category_id"]): row["total"]
        for row in expense_spending_by_month(
            owner=owner, start=add_months(month, -TOTALS_MONTHS), end=last_day
        )
        if row["currency"] == currency
    }

    subscriptions = detect_subscriptions(
        rows, reference=min(today, last_day), currency=currency, names=names
    )
    recurring = {row.id for s in subscriptions for row in s.occurrences}
    anomaly_start = add_months(month, -ANOMALY_MONTHS)
    anomalies = sorted(
        [
            *category_spikes(totals, month=month, currency=currency, names=names),
            *large_expenses(
                (row for row in rows if row.date >= anomaly_start),
                month=month,
                currency=currency,
                names=names,
                exempt=recurring,
            ),
            *duplicates(rows, month=month, currency=currency, names=names),
        ],
        key=lambda a: (a.date, KIND_ORDER[a.kind], a.expense_id or 0),
    )
    forecast = forecast_month(
        totals,
        month=month,
        today=today,
        subscriptions=subscriptions,
        names=names,
        bills=_scheduled_bills(owner=owner, month=month, today=today, currency=currency),
        scheduled=_scheduled_rows(owner=owner, rows=rows, start=add_months(month, -TOTALS_MONTHS)),
    )
    month_over = last_day < today
    this_month = today.replace(day=1)
    tips = [
        *budget_tips(
            budget_status(owner=owner, month=month, currency=currency),
            forecast=forecast,
            month_over=month_over,
            currency=currency,
        ),
        *subscription_tips(subscriptions, currency=currency),
        *trend_tips(
            totals,
            last_month=month if month_over else add_months(min(month, this_month), -1),
            currency=currency,
            names=names,
        ),
    ]
    tips, provider = _phrased(tips)
    return Insights(
        month=month,
        currency=currency,
        anomalies=anomalies,
        forecast=forecast,
        subscriptions=subscriptions,
        tips=tips,
        provider=provider,
    )


def _scheduled_bills(
    *, owner: User, month: datetime.date, today: datetime.date, currency: str
) -> list[ScheduledBill]:
    """The owner's scheduled occurrences still to come in the month (one query; none for
    a month that is over)."""
    last_day = month_end(month)
    if last_day < today:
        return []
    return [
        ScheduledBill(
            date=row.date,
            amount=row.schedule.amount,
            category=row.schedule.category_id,
            payees=(row.schedule.merchant, row.schedule.description),
        )
        for row in schedule_upcoming(
            owner=owner, start=max(today, month), end=last_day, currency=currency
        )
    ]


def _scheduled_rows(*, owner: User, rows: list[Row], start: datetime.date) -> list[Row]:
    """The rows of the window that schedules created (one query)."""
    if not rows:
        return []
    ids = schedule_expense_ids(owner=owner, start=max(start, rows[0].date), end=rows[-1].date)
    return [row for row in rows if row.id in ids]


def _phrased(tips: list[Tip]) -> tuple[list[Tip], str]:
    """The tips reworded by Ollama when `AI_PROVIDER=ollama`, all of them or none: on the
    first failure every tip keeps its own text and the provider is `local`. The figures are
    always ours; the model only words them."""
    if settings.AI_PROVIDER != "ollama" or not tips:
        return tips, "local"
    client = ollama_client()
    phrased = []
    for tip in tips:
        text = client.phrase(text=tip.text, figures=tip.figures)
        if text is None:
            logger.info("Tips keep their own wording: Ollama did not phrase one.")
            return tips, "local"
        phrased.append(replace(tip, text=text))
    return phrased, "ollama"
