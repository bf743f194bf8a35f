from typing import cast

from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schedules"
    verbose_name = "Recurring expenses"

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        from accounts.hooks import UserRequestHook, user_request_hook_register
        from accounts.models import User
        from categories.services import CategoryUse, category_use_register
        from schedules.models import Schedule
        from schedules.selectors import schedule_count_in_category
        from schedules.services import schedules_materialize, schedules_reassign_category

        # Due occurrences become expenses before any view reads the user's data. Whether any
        # is due is asked in the query that fetches the user (an indexed EXISTS), so a
        # request with nothing due costs no query more.
        user_request_hook_register(
            UserRequestHook(
                name="schedules",
                run=lambda user: schedules_materialize(owner=user),
                needed=lambda: Exists(
                    Schedule.objects.filter(
                        owner=OuterRef("pk"), paused=False, next_due__lte=timezone.localdate()
                    )
                ),
            )
        )
        # Deleting a category counts its schedules (409 `schedule_count`) or moves them.
        category_use_register(
            CategoryUse(
                name="schedule_count",
                count=lambda category: schedule_count_in_category(
                    owner=cast(User, category.owner), category=category
                ),
                reassign=lambda category, target: schedules_reassign_category(
                    owner=cast(User, category.owner), from_category=category, to_category=target
                ),
            )
        )
