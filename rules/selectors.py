from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db.models import QuerySet

from accounts.models import User
from categories.models import Category
from config.batching import uids_owned
from rules.engine import Draft, RuleRef, RuleSet, RuleSpec
from rules.models import Rule


def rule_list(*, owner: User) -> QuerySet[Rule]:
    """The owner's rules in their order, with the category they set."""
    return (
        Rule.objects.filter(owner=owner).select_related("set_category").order_by("position", "id")
    )


def rule_spec(rule: Rule) -> RuleSpec:
    """A rule as the engine sees it."""
    return RuleSpec(
        id=rule.id,
        name=rule.name,
        conditions=rule.conditions,
        category_id=rule.set_category_id,
        category_name=rule.set_category.name if rule.set_category else "",
        add_tags=tuple(name for name in rule.add_tags if isinstance(name, str)),
        set_merchant=rule.set_merchant,
    )


def rule_set(rules: Iterable[Rule]) -> RuleSet:
    return RuleSet(rule_spec(rule) for rule in rules)


def rule_enabled_list(*, owner: User) -> list[Rule]:
    """The owner's enabled rules in their order (one query)."""
    return list(rule_list(owner=owner).filter(enabled=True))


@dataclass(frozen=True)
class Classified:
    """What the owner's rules do to a new expense."""

    category: Category | None
    merchant: str
    tags: list[str]
    rule: RuleRef


def rules_classify(*, owner: User, draft: Draft) -> Classified | None:
    """Run the owner's enabled rules over one draft (one query); None when none matches."""
    return rules_classifier(owner=owner)(draft=draft)


class Classifier(Protocol):
    def __call__(self, *, draft: Draft) -> Classified | None: ...


def rules_classifier(*, owner: User) -> Classifier:
    """The owner's enabled rules, read (one query) and compiled once, as a function that
    classifies any number of drafts (what `rules_classify` does for one)."""
    rules = rule_enabled_list(owner=owner)
    ruleset = rule_set(rules)
    categories = {rule.id: rule.set_category for rule in rules}

    def classify(*, draft: Draft) -> Classified | None:
        outcome = ruleset.classify(draft) if ruleset else None
        if outcome is None:
            return None
        return Classified(
            category=categories[outcome.category_rule.id] if outcome.category_rule else None,
            merchant=outcome.merchant,
            tags=outcome.tags,
            rule=outcome.rule,
        )

    return classify


def rule_count_in_category(*, owner: User, category: Category) -> int:
    return Rule.objects.filter(owner=owner, set_category=category).count()


def rule_backup_list(*, owner: User) -> QuerySet[Rule]:
    """Every rule of the owner in their order, with the category they set (for backups)."""
    return rule_list(owner=owner)


def rule_uids_owned(*, owner: User, uids: list) -> set:
    """Which of `uids` the owner already has rules with (restores skip those)."""
    return uids_owned(Rule, owner=owner, uids=uids)
