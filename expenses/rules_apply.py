"""Applying rules to expenses already recorded, on demand (`POST rules/{id}/apply/`,
`POST rules/apply/`). Classification (category, tags) changes at any age, as a user's own
PATCH may; the merchant is part of the record, so expenses past their edit window keep
theirs and are counted in `merchant_skipped`.

Bounded work: the database narrows the expenses with the conditions it can check (texts,
amount range, payment method, currency); patterns run in Python over batches read in id
order, and each batch is written with a few `update()`/`bulk_create` queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from categories.models import name_key
from categories.services import category_hold, tags_resolve
from expenses.models import MAX_TAGS_PER_EXPENSE, Expense
from rules.engine import Draft, RuleInvalid, RuleSet, clean_conditions
from rules.models import Rule
from rules.selectors import rule_set

BATCH_SIZE = 2000
TEXT_OPERATORS = ("contains", "starts_with", "equals")


@dataclass
class RulesApplyResult:
    dry_run: bool
    matched: int = 0
    changed: int = 0
    merchant_skipped: int = 0


def _rule_filter(rule: Rule) -> Q:
    """What the database can check of one rule's conditions: a superset of the expenses it
    matches (patterns, and texts outside ASCII, whose case rules differ between databases,
    are left to the engine). The engine compares trimmed texts, so every text operator is
    narrowed with `icontains` (" Amazon " starts with and equals "amazon" once trimmed)."""
    found = Q()
    try:
        conditions = clean_conditions(rule.conditions)
    except RuleInvalid:
        return Q(pk__in=[])  # the engine never matches such a rule either
    for condition in conditions:
        name, operator, value = condition["field"], condition["operator"], condition["value"]
        if name == "amount":
            if value["min"] is not None:
                found &= Q(amount__gte=value["min"])
            if value["max"] is not None:
                found &= Q(amount__lte=value["max"])
        elif name in {"payment_method", "currency"}:
            found &= Q(**{name: value})
        elif operator in TEXT_OPERATORS and value.isascii():
            found &= Q(**{f"{name}__icontains": value})
    return found


def _tag_ids(*, owner: User, rules: list[Rule]) -> dict[str, int]:
    """{name_key: tag id} of the tags the rules add, created for the owner when missing."""
    names = [name for rule in rules for name in rule.add_tags if isinstance(name, str)]
    return {name_key(tag.name): tag.id for tag in tags_resolve(owner=owner, names=names)}


@transaction.atomic
def rules_apply(*, owner: User, rules: list[Rule], dry_run: bool) -> RulesApplyResult:
    """Run `rules` (the owner's, in order) over every expense of the owner: the first rule
    that sets the category or the merchant wins it, tags add up. A dry run only counts the
    expenses matched; otherwise the changes are written and counted."""
    result = RulesApplyResult(dry_run=dry_run)
    ruleset: RuleSet = rule_set(rules)
    if not ruleset:
        return result
    if not dry_run:
        for category in {rule.set_category for rule in rules if rule.set_category}:
            category_hold(category=category)  # 400 if it was deleted meanwhile
    filters = [_rule_filter(rule) for rule in rules]
    # A rule the database cannot narrow (patterns only) needs every expense looked at.
    narrowed = Q() if any(not f for f in filters) else reduce(or_, filters)
    candidates = (
        Expense.objects.filter(owner=owner)
        .filter(narrowed)
        .order_by("id")
        .values_list(
            "id",
            "description",
            "merchant",
            "amount",
            "payment_method",
            "currency",
            "category_id",
            "created_at",
        )
    )
    now = timezone.now()
    window_start = now - timedelta(hours=settings.EXPENSE_EDIT_WINDOW_HOURS)
    tag_ids: dict[str, int] | None = None
    last_id = 0
    while True:
        batch = list(candidates.filter(id__gt=last_id)[:BATCH_SIZE])
        if not batch:
            break
        last_id = batch[-1][0]
        categories: dict[int | None, list[int]] = defaultdict(list)
        merchants: dict[str, list[int]] = defaultdict(list)
        tags_wanted: dict[int, list[str]] = {}
        for pk, description, merchant, amount, method, currency, category_id, created in batch:
            outcome = ruleset.classify(
                Draft(
                    description=description,
                    merchant=merchant,
                    amount=amount,
                    payment_method=method,
                    currency=currency,
                )
            )
            if outcome is None:
                continue
            result.matched += 1
            if dry_run:
                continue
            if outcome.category_rule and outcome.category_id != category_id:
                categories[outcome.category_id].append(pk)
            if outcome.merchant_rule and outcome.merchant != merchant:
                if created < window_start:
                    result.merchant_skipped += 1
                else:
                    merchants[outcome.merchant].append(pk)
            if outcome.tags:
                tags_wanted[pk] = outcome.tags
        if dry_run:
            if len(batch) < BATCH_SIZE:
                break
            continue
        changed: set[int] = set()
        for target, ids in categories.items():
            Expense.objects.filter(id__in=ids).update(category_id=target, updated_at=now)
            changed.update(ids)
        for merchant, ids in merchants.items():
            Expense.objects.filter(id__in=ids).update(merchant=merchant, updated_at=now)
            changed.update(ids)
        if tags_wanted:
            if tag_ids is None:
                tag_ids = _tag_ids(owner=owner, rules=rules)
            tagged = _add_tags(tags_wanted, tag_ids)
            untouched = tagged - changed
            if untouched:
                Expense.objects.filter(id__in=untouched).update(updated_at=now)
            changed |= tagged
        result.changed += len(changed)
        if len(batch) < BATCH_SIZE:
            break
    return result


def _add_tags(wanted: dict[int, list[str]], tag_ids: dict[str, int]) -> set[int]:
    """Link the wanted tags, in the rules' order, to the expenses that lack them, never past
    `MAX_TAGS_PER_EXPENSE` (an expense at the limit is skipped); two queries. Returns the ids
    of the expenses that gained one."""
    Through = Expense.tags.through
    present: dict[int, set[int]] = defaultdict(set)
    for pk, tag in Through.objects.filter(expense_id__in=list(wanted)).values_list(
        "expense_id", "tag_id"
    ):
        present[pk].add(tag)
    new: list[tuple[int, int]] = []
    for pk, names in wanted.items():
        have = present[pk]
        for name in names:
            tag = tag_ids[name_key(name)]
            if len(have) >= MAX_TAGS_PER_EXPENSE:
                break
            if tag not in have:
                have.add(tag)
                new.append((pk, tag))
    Through.objects.bulk_create(Through(expense_id=pk, tag_id=tag) for pk, tag in new)
    return {pk for pk, _ in new}
