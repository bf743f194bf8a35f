import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from schedules.models import Schedule


class ScheduleFactory(factory.django.DjangoModelFactory):
    """A monthly schedule; `next_due` defaults to its start date."""

    class Meta:
        model = Schedule

    owner = factory.SubFactory(UserFactory)
    description = factory.Sequence(lambda n: f"Bill {n}")
    amount = Decimal("100.00")
    currency = "INR"
    start_date = datetime.date(2026, 1, 1)
    period = Schedule.Period.MONTHLY
    next_due = factory.LazyAttribute(lambda schedule: schedule.start_date)
