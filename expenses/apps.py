from typing import cast

from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "expenses"

    def ready(self) -> None:
        from accounts.hooks import user_delete_hook_register
        from accounts.models import User
        from categories.services import CategoryUse, category_use_register
        from expenses.selectors import expense_count_in_category
        from expenses.services import expense_files_delete_on_commit, expenses_reassign_category

        # Deleting an account deletes its receipt files too, once that commits.
        user_delete_hook_register(
            "expenses", lambda user: expense_files_delete_on_commit(owner=user)
        )

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
