import datetime
from decimal import Decimal

import factory

from categories.models import Category, Tag
from expenses.models import Expense


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Custom {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense
        skip_postgeneration_save = True

    amount = Decimal("12.50")
    currency = "INR"
    date = datetime.date(2026, 1, 15)
    description = factory.Sequence(lambda n: f"Expense {n}")

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
