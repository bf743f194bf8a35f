import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from categories.models import Category
from categories.services import category_hold
from config.exceptions import FieldErrors
from config.models import model_apply
from rules.engine import Draft, tag_key
from rules.errors import TooManyRules
from rules.models import Rule
from rules.selectors import rule_enabled_list, rule_set

MAX_RULES_PER_USER = 500
MAX_TAGS_PER_ROW = 20
"""As `expenses.models.MAX_TAGS_PER_EXPENSE`: the tags rules add stop there."""

RULE_FIELDS = ("name", "enabled", "conditions", "set_category", "add_tags", "set_merchant")


def merge_tags(given: Iterable[str], added: Iterable[str]) -> tuple[str, ...]:
    """`given` then `added`, without repeats (case-insensitive), at most MAX_TAGS_PER_ROW."""
    merged: dict[str, str] = {}
    for name in [*given, *added]:
        if tag_key(name):
            merged.setdefault(tag_key(name), name)
    return tuple(merged.values())[:MAX_TAGS_PER_ROW]


@transaction.atomic
def rule_create(
    *,
    owner: User,
    name: str,
    conditions: list[dict[str, Any]],
    set_category: Category | None = None,
    add_tags: Iterable[str] = (),
    set_merchant: str = "",
    enabled: bool = True,
) -> Rule:
    """Add a rule at the end of the owner's order. `conditions` are cleaned ones
    (`rules.engine.clean_conditions`)."""
    # The owner's row is the lock that keeps two creates from taking one position.
    list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
    existing = Rule.objects.filter(owner=owner).aggregate(last=Max("position"), count=Count("id"))
    if existing["count"] >= MAX_RULES_PER_USER:
        raise TooManyRules(limit=MAX_RULES_PER_USER)
    category_hold(category=set_category)
    last = existing["last"]
    return Rule.objects.create(
        owner=owner,
        name=name,
        position=0 if last is None else last + 1,
        enabled=enabled,
        conditions=conditions,
        set_category=set_category,
        add_tags=list(add_tags),
        set_merchant=set_merchant,
    )


@transaction.atomic
def rule_update(*, rule: Rule, data: dict[str, Any]) -> Rule:
    """Change a rule's name, conditions, actions or whether it is enabled."""
    if "set_category" in data:
        category_hold(category=data["set_category"])
    fields = model_apply(rule, data, RULE_FIELDS)
    rule.save(update_fields=[*fields, "updated_at"])
    return rule


def rule_delete(*, rule: Rule) -> None:
    rule.delete()


@transaction.atomic
def rules_reorder(*, owner: User, ids: list[int]) -> list[Rule]:
    """Put the owner's rules in the order of `ids`, which must name each of them once."""
    rules = {
        rule.id: rule
        for rule in Rule.objects.select_for_update().filter(owner=owner).order_by("id")
    }
    if len(ids) != len(set(ids)) or set(ids) != set(rules):
        raise FieldErrors.on(
            "ids", "Give the id of each of your rules exactly once, in the order you want."
        )
    now = timezone.now()
    for position, rule_id in enumerate(ids):
        rules[rule_id].position = position
        rules[rule_id].updated_at = now
    Rule.objects.bulk_update(list(rules.values()), ["position", "updated_at"])
    return [rules[rule_id] for rule_id in ids]


def rules_reassign_category(
    *, owner: User, from_category: Category, to_category: Category | None
) -> int:
    """Point the owner's rules that set one category at another. With none, the category
    is cleared, and a rule that did nothing else is disabled (it has no action left)."""
    rules = list(Rule.objects.filter(owner=owner, set_category=from_category))
    now = timezone.now()
    for rule in rules:
        rule.set_category = to_category
        rule.updated_at = now
        if to_category is None and not rule.add_tags and not rule.set_merchant:
            rule.enabled = False
    Rule.objects.bulk_update(rules, ["set_category", "enabled", "updated_at"])
    return len(rules)


R = TypeVar("R")


def rules_classify_rows(*, owner: User, rows: list[R]) -> tuple[list[R], dict[int, dict]]:
    """Run the owner's enabled rules over imported rows (dataclasses with `line`,
    `description`, `merchant`, `amount`, `payment_method`, `currency`, `category` as a name
    and `tags`), one query. A rule fills the category only when the row has none, replaces
    the merchant with its clean name (`set_merchant`, meant for the raw names imports bring)
    and adds its tags (up to MAX_TAGS_PER_ROW). Returns the rows and, for the rows a
    rule matched, `{line: {"id", "name"}}` of the rule that set the category (else the
    first that matched)."""
    rules = rule_enabled_list(owner=owner)
    ruleset = rule_set(rules)
    if not ruleset:
        return rows, {}
    result: list[R] = []
    matched: dict[int, dict] = {}
    for row in rows:
        values: Any = row
        outcome = ruleset.classify(
            Draft(
                description=values.description,
                merchant=values.merchant,
                amount=values.amount,
                payment_method=values.payment_method,
                currency=values.currency,
            )
        )
        if outcome is None:
            result.append(row)
            continue
        changes: dict[str, Any] = {}
        if not values.category and outcome.category_rule:
            changes["category"] = outcome.category_name
        if outcome.merchant_rule and outcome.merchant != values.merchant:
            changes["merchant"] = outcome.merchant
        tags = merge_tags(values.tags, outcome.tags)
        if tags != tuple(values.tags):
            changes["tags"] = tags
        result.append(dataclasses.replace(values, **changes) if changes else row)
        matched[values.line] = outcome.rule.as_dict()
    return result, matched


def rules_restore(*, owner: User, rows: list[dict[str, Any]]) -> int:
    """Rules from a backup (cleaned rows, `set_category` resolved to a category or None):
    the ones whose uid the owner has are left alone, the others go after the owner's own,
    in the backup's order. Returns how many were created; raises `TooManyRules` (nothing
    written) when they would take the owner past MAX_RULES_PER_USER."""
    # The owner's row is the lock that keeps a concurrent create from passing the limit.
    list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
    known = set(
        Rule.objects.filter(owner=owner, uid__in=[row["uid"] for row in rows]).values_list(
            "uid", flat=True
        )
    )
    new = [row for row in rows if row["uid"] not in known]
    if not new:
        return 0
    existing = Rule.objects.filter(owner=owner).aggregate(last=Max("position"), count=Count("id"))
    if existing["count"] + len(new) > MAX_RULES_PER_USER:
        raise TooManyRules(
            f"The backup would add {len(new)} rules to your {existing['count']}: an account "
            f"may have at most {MAX_RULES_PER_USER}. Delete some rules first.",
            limit=MAX_RULES_PER_USER,
        )
    last = existing["last"]
    start = 0 if last is None else last + 1
    Rule.objects.bulk_create(
        Rule(
            owner=owner,
            uid=row["uid"],
            name=row["name"],
            position=start + index,
            enabled=row["enabled"],
            conditions=row["conditions"],
            set_category=row["set_category"],
            add_tags=list(row["add_tags"]),
            set_merchant=row["set_merchant"],
        )
        for index, row in enumerate(sorted(new, key=lambda row: row["position"]))
    )
    return len(new)
