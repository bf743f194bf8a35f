import factory

from accounts.tests.factories import UserFactory
from rules.models import Rule


class RuleFactory(factory.django.DjangoModelFactory):
    """A rule (conditions as `clean_conditions` leaves them)."""

    class Meta:
        model = Rule

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Rule {n}")
    position = factory.Sequence(lambda n: n)
    conditions = factory.LazyFunction(
        lambda: [{"field": "description", "operator": "contains", "value": "uber"}]
    )
    add_tags = factory.LazyFunction(lambda: ["ride"])
