from typing import cast

from django.apps import AppConfig


class RulesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rules"
    verbose_name = "Rules"

    def ready(self) -> None:
        from accounts.models import User
        from categories.services import CategoryUse, category_use_register
        from rules.selectors import rule_count_in_category
        from rules.services import rules_reassign_category

        # Deleting a category counts the rules that set it (409 `rule_count`) or, with
        # ?reassign_to=, points them at the other category (or clears it).
        category_use_register(
            CategoryUse(
                name="rule_count",
                count=lambda category: rule_count_in_category(
                    owner=cast(User, category.owner), category=category
                ),
                reassign=lambda category, target: rules_reassign_category(
                    owner=cast(User, category.owner), from_category=category, to_category=target
                ),
            )
        )
