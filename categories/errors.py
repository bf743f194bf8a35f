"""The errors of categories and tags, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import Conflict, FieldErrors, Forbidden


class SystemCategoryReadOnly(Forbidden):
    code = "system_category_read_only"
    default_detail = "System categories cannot be changed or deleted."


class CategoryInUse(Conflict):
    code = "category_in_use"
    default_detail = (
        "Expenses, rules or recurring expenses use this category. Delete with "
        "?reassign_to=<category id> to move them, or ?reassign_to=none to clear it."
    )

    # What each registered use (`CategoryUse.name`) counts, for the message.
    NOUNS = {
        "expense_count": ("expense", "expenses"),
        "rule_count": ("rule", "rules"),
        "schedule_count": ("recurring expense", "recurring expenses"),
    }

    @classmethod
    def counted(cls, counts: dict[str, int]) -> "CategoryInUse":
        """The 409 naming what uses the category: "3 expenses and 1 rule use this ..."."""
        parts = []
        for name, count in counts.items():
            if count:
                one, many = cls.NOUNS.get(name, (name, name))
                parts.append(f"{count} {one if count == 1 else many}")
        if not parts:
            return cls(detail=None, **counts)
        who = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        verb = "uses" if sum(counts.values()) == 1 else "use"
        return cls(
            detail=f"{who} {verb} this category. Delete with ?reassign_to=<category id> to "
            "move them, or ?reassign_to=none to clear it.",
            **counts,
        )


NAME_TAKEN = "A category with this name already exists (system categories included)."


def name_taken() -> FieldErrors:
    return FieldErrors.on("name", NAME_TAKEN)


def category_gone(category_id: int) -> FieldErrors:
    """The category a request chose was deleted (by another request) before it was used."""
    return FieldErrors.on(
        "category", f"Category {category_id} was deleted meanwhile; choose another one."
    )
