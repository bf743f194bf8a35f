"""The errors of categories and tags, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import Conflict, FieldErrors, Forbidden


class SystemCategoryReadOnly(Forbidden):
    code = "system_category_read_only"
    default_detail = "System categories cannot be changed or deleted."


class CategoryInUse(Conflict):
    code = "category_in_use"
    default_detail = (
        "Expenses use this category. Delete with ?reassign_to=<category id> to move them, "
        "or ?reassign_to=none to leave them uncategorised."
    )


NAME_TAKEN = "A category with this name already exists (system categories included)."


def name_taken() -> FieldErrors:
    return FieldErrors.on("name", NAME_TAKEN)


def category_gone(category_id: int) -> FieldErrors:
    """The category a request chose was deleted (by another request) before it was used."""
    return FieldErrors.on(
        "category", f"Category {category_id} was deleted meanwhile; choose another one."
    )
