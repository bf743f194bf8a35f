"""The rules engine, pure (no database): checking the conditions a user writes, and
classifying an expense draft with the user's rules in their order.

Patterns (`matches`) run on Google's RE2, which matches in time linear in the text and has
no backtracking, so no pattern can hang a request; their length and compiled size are
capped as well."""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no types

from config.money import CENT, MAX_AMOUNT, is_currency_code

TEXT_OPERATORS = ("contains", "starts_with", "equals", "matches")
OPERATORS: dict[str, tuple[str, ...]] = {
    "description": TEXT_OPERATORS,
    "merchant": TEXT_OPERATORS,
    "amount": ("between",),
    "payment_method": ("equals",),
    "currency": ("equals",),
}
# The values of `expenses.models.PaymentMethod` (`rules` sits below `expenses`, so it cannot
# import them; rules/tests/test_engine.py keeps the two equal).
PAYMENT_METHODS = ("cash", "card", "upi", "bank", "wallet", "other")
MAX_CONDITIONS = 20
MAX_VALUE_LENGTH = 200
MAX_PATTERN_LENGTH = 200
PATTERN_MAX_MEMORY = 256 << 10
"""Bytes RE2 may use for one compiled pattern: a pattern that needs more is refused."""
PATTERN_CACHE_SIZE = 256
"""Compiled patterns kept per process (at most PATTERN_CACHE_SIZE * PATTERN_MAX_MEMORY)."""


class RuleInvalid(ValueError):
    """A condition or action that cannot be used, with the path of the offending value
    (`conditions[1].value`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _pattern_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = PATTERN_MAX_MEMORY
    return options


@functools.lru_cache(maxsize=PATTERN_CACHE_SIZE)
def compile_pattern(pattern: str) -> Any:
    """The compiled RE2 pattern (case-insensitive); raises `re2.error` when RE2 refuses it
    (back-references, look-around, a program over the memory cap, bad syntax)."""
    return re2.compile(pattern, _pattern_options())


def text_key(value: str | None) -> str:
    """How texts are compared: trimmed and case-insensitive."""
    return (value or "").strip().lower()


def tag_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _clean_amount(raw: Any, path: str) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise RuleInvalid(path, 'Give an amount such as "12.50".')
    try:
        amount = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise RuleInvalid(path, f"{raw!r} is not an amount.") from exc
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise RuleInvalid(path, f"Give an amount from 0 to {MAX_AMOUNT}.")
    if amount != amount.quantize(CENT):
        raise RuleInvalid(path, "At most 2 decimal places.")
    return f"{amount:.2f}"


def _clean_range(value: Any, path: str) -> dict[str, str | None]:
    if not isinstance(value, dict) or not value.keys() <= {"min", "max"}:
        raise RuleInvalid(path, 'Give {"min": "10.00", "max": "50.00"} (either may be left out).')
    low = _clean_amount(value.get("min"), f"{path}.min")
    high = _clean_amount(value.get("max"), f"{path}.max")
    if low is None and high is None:
        raise RuleInvalid(path, "Give a minimum, a maximum or both.")
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise RuleInvalid(f"{path}.max", "The maximum is less than the minimum.")
    return {"min": low, "max": high}


def _clean_text(value: Any, operator: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleInvalid(path, "Give a non-blank text.")
    value = value.strip()
    limit = MAX_PATTERN_LENGTH if operator == "matches" else MAX_VALUE_LENGTH
    if len(value) > limit:
        raise RuleInvalid(path, f"At most {limit} characters.")
    if operator == "matches":
        try:
            compile_pattern(value)
        except re2.error as exc:
            reason = exc.args[0] if exc.args else exc
            if isinstance(reason, bytes):
                reason = reason.decode(errors="replace")
            raise RuleInvalid(
                path,
                f"This pattern cannot be used ({reason}). Patterns are RE2 regular "
                "expressions: no back-references or look-around.",
            ) from exc
    return value


def _clean_condition(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RuleInvalid(path, "A condition is an object {field, operator, value}.")
    unknown = sorted(set(raw) - {"field", "operator", "value"}, key=str)
    if unknown:
        raise RuleInvalid(f"{path}.{unknown[0]}", "Unknown key: give field, operator and value.")
    name = raw.get("field")
    if not isinstance(name, str) or name not in OPERATORS:
        raise RuleInvalid(f"{path}.field", f"Choose one of {', '.join(OPERATORS)}.")
    operator = raw.get("operator")
    if not isinstance(operator, str) or operator not in OPERATORS[name]:
        raise RuleInvalid(
            f"{path}.operator", f"For {name}, choose one of {', '.join(OPERATORS[name])}."
        )
    value_path = f"{path}.value"
    value = raw.get("value")
    if name == "amount":
        value = _clean_range(value, value_path)
    elif name == "payment_method":
        if value not in PAYMENT_METHODS:
            raise RuleInvalid(value_path, f"Choose one of {', '.join(PAYMENT_METHODS)}.")
    elif name == "currency":
        code = value.strip().upper() if isinstance(value, str) else ""
        if not is_currency_code(code):
            raise RuleInvalid(value_path, "Give an ISO 4217 currency code (INR, USD, EUR).")
        value = code
    else:
        value = _clean_text(value, operator, value_path)
    return {"field": name, "operator": operator, "value": value}


def clean_conditions(raw: Any) -> list[dict[str, Any]]:
    """The conditions checked and normalised (texts trimmed, amounts as 2-decimal strings,
    currencies upper case); raises `RuleInvalid` naming the first bad value."""
    if not isinstance(raw, list) or not raw:
        raise RuleInvalid("conditions", "Give at least one condition.")
    if len(raw) > MAX_CONDITIONS:
        raise RuleInvalid("conditions", f"At most {MAX_CONDITIONS} conditions.")
    return [_clean_condition(item, f"conditions[{index}]") for index, item in enumerate(raw)]


@dataclass(frozen=True)
class Draft:
    """What rules look at in an expense (new or existing)."""

    description: str
    merchant: str = ""
    amount: Decimal | None = None
    payment_method: str | None = None
    currency: str = ""


def condition_test(condition: dict[str, Any]) -> Callable[[Draft], bool]:
    """A function telling whether a draft meets one cleaned condition."""
    name, operator, value = condition["field"], condition["operator"], condition["value"]
    if name == "amount":
        low = Decimal(value["min"]) if value.get("min") is not None else None
        high = Decimal(value["max"]) if value.get("max") is not None else None
        return lambda d: (
            d.amount is not None
            and (low is None or d.amount >= low)
            and (high is None or d.amount <= high)
        )
    if name == "payment_method":
        return lambda d: d.payment_method == value
    if name == "currency":
        return lambda d: (d.currency or "").upper() == value

    def text(d: Draft) -> str:
        return d.description if name == "description" else d.merchant

    if operator == "matches":
        pattern = compile_pattern(value)
        return lambda d: pattern.search((text(d) or "").strip()) is not None
    needle = text_key(value)
    if operator == "contains":
        return lambda d: needle in text_key(text(d))
    if operator == "starts_with":
        return lambda d: text_key(text(d)).startswith(needle)
    return lambda d: text_key(text(d)) == needle


@dataclass(frozen=True)
class RuleRef:
    id: int
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the engine sees it (built from a `Rule` row by `rules.selectors`)."""

    id: int
    name: str
    conditions: list[dict[str, Any]]
    category_id: int | None = None
    category_name: str = ""
    add_tags: tuple[str, ...] = ()
    set_merchant: str = ""


@dataclass
class Outcome:
    """What the matching rules do to one draft: the first rule (in order) that sets the
    category or the merchant wins it; tags add up from every matching rule."""

    matched: list[RuleRef] = field(default_factory=list)
    category_id: int | None = None
    category_name: str = ""
    category_rule: RuleRef | None = None
    merchant: str = ""
    merchant_rule: RuleRef | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def rule(self) -> RuleRef:
        """The rule to show for this draft: the one that set the category, else the first."""
        return self.category_rule or self.matched[0]


class RuleSet:
    """A user's enabled rules, compiled once, in their order."""

    def __init__(self, specs: Iterable[RuleSpec]) -> None:
        self.rules: list[tuple[RuleSpec, list[Callable[[Draft], bool]]]] = []
        for spec in specs:
            try:
                tests = [condition_test(c) for c in clean_conditions(spec.conditions)]
            except RuleInvalid:
                continue  # a row changed behind the API's back (admin) never matches
            self.rules.append((spec, tests))

    def __bool__(self) -> bool:
        return bool(self.rules)

    def classify(self, draft: Draft) -> Outcome | None:
        """The actions of the rules whose conditions all hold; None when none matches."""
        outcome = Outcome()
        seen_tags: set[str] = set()
        for spec, tests in self.rules:
            if not all(test(draft) for test in tests):
                continue
            ref = RuleRef(spec.id, spec.name)
            outcome.matched.append(ref)
            if spec.category_id is not None and outcome.category_rule is None:
                outcome.category_id, outcome.category_name = spec.category_id, spec.category_name
                outcome.category_rule = ref
            if spec.set_merchant and outcome.merchant_rule is None:
                outcome.merchant, outcome.merchant_rule = spec.set_merchant, ref
            for name in spec.add_tags:
                if tag_key(name) and tag_key(name) not in seen_tags:
                    seen_tags.add(tag_key(name))
                    outcome.tags.append(" ".join(name.split()))
        return outcome if outcome.matched else None
