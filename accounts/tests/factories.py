import factory
from django.conf import settings
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from conftest import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    """A user as registration makes one: a usable password and the `User` role.
    `UserFactory(password="...")` sets another password; `groups=[...]` adds more groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    default_currency = factory.LazyFunction(lambda: settings.DEFAULT_CURRENCY)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        user_role, _ = Group.objects.get_or_create(name=roles.USER)
        self.groups.add(user_role, *(extracted or ()))
