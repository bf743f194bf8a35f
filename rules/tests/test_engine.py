"""The rules engine on its own: conditions checked and normalised, drafts classified."""

from decimal import Decimal

import pytest

from expenses.models import PaymentMethod
from rules.engine import (
    MAX_PATTERN_LENGTH,
    PATTERN_CACHE_SIZE,
    PATTERN_MAX_MEMORY,
    PAYMENT_METHODS,
    Draft,
    RuleInvalid,
    RuleSet,
    RuleSpec,
    clean_conditions,
    compile_pattern,
    condition_test,
)

AMAZON = Draft(
    description="  AMZN Mktp IN*2K4 Bengaluru ",
    merchant="AMZN Mktp IN*2K4",
    amount=Decimal("499.00"),
    payment_method="card",
    currency="INR",
)


def one(field: str, operator: str, value) -> dict:
    return clean_conditions([{"field": field, "operator": operator, "value": value}])[0]


@pytest.mark.parametrize(
    ("field", "operator", "value", "expected"),
    [
        ("description", "contains", "amzn mktp", True),
        ("description", "contains", "  MKTP in*2k4 ", True),
        ("description", "contains", "flipkart", False),
        ("description", "starts_with", "amzn", True),
        ("description", "starts_with", "mktp", False),
        ("description", "equals", "amzn mktp in*2k4 bengaluru", True),
        ("description", "equals", "amzn mktp", False),
        ("merchant", "equals", "AMZN MKTP IN*2K4", True),
        ("merchant", "contains", "2k4", True),
        ("description", "matches", r"^amzn\s+mktp", True),
        ("description", "matches", r"in\*[0-9a-z]{3}", True),
        ("description", "matches", r"^flipkart", False),
        ("merchant", "matches", r"mktp in\*\w+$", True),
        ("amount", "between", {"min": "499", "max": "499.00"}, True),
        ("amount", "between", {"min": "499.01"}, False),
        ("amount", "between", {"max": 499}, True),
        ("amount", "between", {"max": "498.99"}, False),
        ("amount", "between", {"min": "100", "max": "1000"}, True),
        ("payment_method", "equals", "card", True),
        ("payment_method", "equals", "upi", False),
        ("currency", "equals", "inr", True),
        ("currency", "equals", "USD", False),
    ],
)
def test_a_condition_holds_or_not(field, operator, value, expected):
    assert condition_test(one(field, operator, value))(AMAZON) is expected


def test_texts_are_trimmed_and_amounts_normalised():
    assert one("description", "contains", "  Uber ") == {
        "field": "description",
        "operator": "contains",
        "value": "Uber",
    }
    assert one("amount", "between", {"min": 10})["value"] == {"min": "10.00", "max": None}
    assert one("currency", "equals", " eur ")["value"] == "EUR"


def test_a_missing_amount_or_merchant_never_matches_by_accident():
    draft = Draft(description="cash")
    assert condition_test(one("amount", "between", {"min": "0"}))(draft) is False
    assert condition_test(one("merchant", "contains", "x"))(draft) is False
    assert condition_test(one("payment_method", "equals", "cash"))(draft) is False


@pytest.mark.parametrize(
    ("conditions", "path"),
    [
        ([], "conditions"),
        ("description contains x", "conditions"),
        ([{"field": "notes", "operator": "contains", "value": "x"}], "conditions[0].field"),
        ([{"field": "amount", "operator": "contains", "value": "x"}], "conditions[0].operator"),
        (
            [
                {"field": "description", "operator": "contains", "value": "ok"},
                {"field": "description", "operator": "contains", "value": "   "},
            ],
            "conditions[1].value",
        ),
        ([{"field": "merchant", "operator": "equals", "value": 5}], "conditions[0].value"),
        ([{"field": "amount", "operator": "between", "value": {}}], "conditions[0].value"),
        ([{"field": "amount", "operator": "between", "value": "5"}], "conditions[0].value"),
        (
            [{"field": "amount", "operator": "between", "value": {"min": "abc"}}],
            "conditions[0].value.min",
        ),
        (
            [{"field": "amount", "operator": "between", "value": {"min": "1.234"}}],
            "conditions[0].value.min",
        ),
        (
            [{"field": "amount", "operator": "between", "value": {"max": "NaN"}}],
            "conditions[0].value.max",
        ),
        (
            [{"field": "amount", "operator": "between", "value": {"min": "9", "max": "1"}}],
            "conditions[0].value.max",
        ),
        (
            [{"field": "payment_method", "operator": "equals", "value": "cheque"}],
            "conditions[0].value",
        ),
        ([{"field": "currency", "operator": "equals", "value": "XYZ"}], "conditions[0].value"),
        (
            [{"field": "description", "operator": "matches", "value": r"(a)\1"}],
            "conditions[0].value",
        ),
        (
            [{"field": "description", "operator": "matches", "value": r"(?=a)b"}],
            "conditions[0].value",
        ),
        ([{"field": "description", "operator": "matches", "value": "("}], "conditions[0].value"),
        (
            [
                {
                    "field": "description",
                    "operator": "matches",
                    "value": "a" * (MAX_PATTERN_LENGTH + 1),
                }
            ],
            "conditions[0].value",
        ),
        (
            [{"field": "description", "operator": "matches", "value": "((a{100}){100}){100}"}],
            "conditions[0].value",
        ),
        (
            [{"field": "description", "operator": "contains", "value": "x", "x": 1}],
            "conditions[0].x",
        ),
        (
            [{"field": "description", "operator": "contains", "value": "x"}] * 21,
            "conditions",
        ),
    ],
)
def test_bad_conditions_are_refused_naming_the_value(conditions, path):
    with pytest.raises(RuleInvalid) as refused:
        clean_conditions(conditions)
    assert refused.value.path == path


def test_a_catastrophic_pattern_is_accepted_and_answers_correctly():
    """`(a+)+$` backtracks exponentially in Python's `re` on "aaaa…!"; RE2 has no
    backtracking, so it answers at once (and correctly: there is no match)."""
    condition = one("description", "matches", "(a+)+$")
    hostile = Draft(description="a" * 50_000 + "!")
    assert condition_test(condition)(hostile) is False
    assert condition_test(condition)(Draft(description="b" + "a" * 50_000)) is True


def test_patterns_get_a_small_memory_budget_and_cache():
    """At most PATTERN_CACHE_SIZE compiled patterns of PATTERN_MAX_MEMORY each per process."""
    assert (PATTERN_MAX_MEMORY, PATTERN_CACHE_SIZE) == (256 << 10, 256)
    assert compile_pattern.cache_info().maxsize == PATTERN_CACHE_SIZE
    # A long pattern of the usual kind still fits.
    alternatives = "|".join(f"amzn mktp in\\*{n:02d}[a-z0-9]{{2,8}}" for n in range(6))
    long = f"({alternatives})" + r"\s*" * 6 + "$"
    assert len(long) == MAX_PATTERN_LENGTH
    condition = one("description", "matches", long)
    assert condition_test(condition)(Draft(description="AMZN Mktp IN*05ab ")) is True
    # One that would need over the budget (it fitted the old 1 MiB) is refused.
    with pytest.raises(RuleInvalid) as refused:
        one("description", "matches", r"\w{1,1000}\w{1,1000}")
    assert refused.value.path == "conditions[0].value"
    assert "cannot be used" in refused.value.message


def test_payment_methods_are_those_of_expenses():
    assert tuple(PaymentMethod.values) == PAYMENT_METHODS


def spec(rule_id: int, *conditions, **actions) -> RuleSpec:
    return RuleSpec(id=rule_id, name=f"rule {rule_id}", conditions=list(conditions), **actions)


AMZN = {"field": "description", "operator": "contains", "value": "amzn"}
CARD = {"field": "payment_method", "operator": "equals", "value": "card"}


def test_the_first_rule_in_order_sets_the_category_and_merchant_tags_add_up():
    rules = RuleSet(
        [
            spec(1, AMZN, add_tags=("online",)),
            spec(
                2,
                AMZN,
                CARD,
                category_id=7,
                category_name="Shopping",
                add_tags=("Online", "amazon"),
            ),
            spec(3, CARD, category_id=8, category_name="Other", set_merchant="Amazon"),
            spec(4, AMZN, set_merchant="Amazon India"),
        ]
    )
    outcome = rules.classify(AMAZON)
    assert outcome is not None
    assert [ref.id for ref in outcome.matched] == [1, 2, 3, 4]
    assert (outcome.category_id, outcome.category_name, outcome.category_rule.id) == (
        7,
        "Shopping",
        2,
    )
    assert (outcome.merchant, outcome.merchant_rule.id) == ("Amazon", 3)
    assert outcome.tags == ["online", "amazon"]
    assert outcome.rule.id == 2


def test_all_conditions_must_hold():
    rules = RuleSet(
        [spec(1, AMZN, {"field": "currency", "operator": "equals", "value": "USD"}, category_id=1)]
    )
    assert rules.classify(AMAZON) is None


def test_a_rule_stored_with_bad_conditions_never_matches():
    rules = RuleSet([spec(1, {"field": "nope"}, category_id=1), spec(2, AMZN, category_id=2)])
    outcome = rules.classify(AMAZON)
    assert outcome is not None and [ref.id for ref in outcome.matched] == [2]
