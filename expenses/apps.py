from typing import cast

from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "expenses"

    def ready(self) -> None:
        from accounts.models import User
        from categories.services import CategoryUse, category_use_register
        from expenses.selectors import expense_count_in_category
        from expenses.services import expenses_reassign_category

        # Deleting a category counts its expenses (409 `expense_count`) or moves them. Only
        # custom categories are deleted, and those have an owner.
        category_use_register(
            CategoryUse(
                name="expense_count",
                count=lambda category: expense_count_in_category(
                    owner=cast(User, category.owner), category=category
                ),
                reassign=lambda category, target: expenses_reassign_category(
                    owner=cast(User, category.owner), from_category=category, to_category=target
                ),
            )
        )
