"""What a categorizer answers, whichever provider gave it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """A category suggested for an expense. `category_id` None: nothing fits well enough
    (never an invented category); `confidence` 0 to 1; `rationale` for a person."""

    category_id: int | None
    category_name: str | None
    confidence: float
    rationale: str
    provider: str
