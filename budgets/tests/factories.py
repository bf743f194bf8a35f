import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from budgets.models import Budget


class BudgetFactory(factory.django.DjangoModelFactory):
    """An overall budget for January 2026 in the owner's currency. For a category budget pass
    `scope="category", category=...`; `month` must be the first day of a month."""

    class Meta:
        model = Budget

    owner = factory.SubFactory(UserFactory)
    month = datetime.date(2026, 1, 1)
    scope = Budget.Scope.OVERALL
    amount = Decimal("100.00")
    currency = factory.LazyAttribute(lambda budget: budget.owner.default_currency)
