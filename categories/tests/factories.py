import factory

from accounts.tests.factories import UserFactory
from categories.models import Category, Tag


class CategoryFactory(factory.django.DjangoModelFactory):
    """A user's own category; `owner=None` makes a system category."""

    class Meta:
        model = Category

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Custom {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")
