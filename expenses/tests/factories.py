import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from expenses.models import Expense


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    amount = Decimal("12.50")
    currency = factory.LazyAttribute(lambda expense: expense.owner.default_currency)
    date = datetime.date(2026, 1, 15)
    description = factory.Sequence(lambda n: f"Expense {n}")

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
