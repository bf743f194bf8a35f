"""Bulk changes of many expenses at once: their classification (category, tags), in a fixed
number of queries however many expenses are selected, or deleting them (through Django's
delete, which applies other apps' `on_delete` rules: a query or two per hundred rows)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import connection, transaction
from django.db.models import Count, ManyToManyField, Q, QuerySet, Value
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_is_admin
from categories.models import Category, name_key
from categories.selectors import tag_own_list
from categories.services import category_hold, tags_resolve
from config.exceptions import FieldErrors
from expenses.models import MAX_TAGS_PER_EXPENSE, Expense, ExpenseAudit
from expenses.selectors import expense_is_editable
from expenses.services import expense_snapshot

Link = Expense.tags.through


@dataclass(frozen=True)
class BulkChange:
    matched: int
    changed: int


@dataclass(frozen=True)
class BulkDeletion:
    matched: int
    deleted: int
    refused: list[tuple[int, datetime]]  # (id, editable_until) of each locked expense


def _selected(*, owner: User, ids: Sequence[int]) -> QuerySet[Expense]:
    return Expense.objects.filter(owner=owner, id__in=ids).order_by()


def _names_listed(ids: Sequence[int], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _links_add(*, selected: QuerySet[Expense], tag_id: int) -> None:
    """Link `tag_id` to every selected expense that lacks it, in one INSERT ... SELECT:
    `bulk_create` would need a round trip per few hundred links on SQLite (999 parameters
    per statement). The SELECT is the ORM's; ON CONFLICT covers a concurrent request."""
    rows = selected.exclude(tags__id=tag_id).values_list("id", Value(tag_id))
    sql, params = rows.query.sql_with_params()
    field = Expense._meta.get_field("tags")
    assert isinstance(field, ManyToManyField)
    quote = connection.ops.quote_name
    table = quote(Link._meta.db_table)
    columns = f"{quote(field.m2m_column_name())}, {quote(field.m2m_reverse_name())}"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql} ON CONFLICT DO NOTHING", params)


@transaction.atomic
def expenses_bulk_classify(
    *,
    owner: User,
    ids: Sequence[int],
    change_category: bool = False,
    category: Category | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
) -> BulkChange:
    """Set the category (with `change_category`; None clears it), add and remove tags (by
    name, case-insensitively; added names are created for the owner) on the owner's expenses
    `ids`, in one transaction. Classification only, so the edit window does not apply.
    Adding that would take an expense past `MAX_TAGS_PER_EXPENSE` tags is a 400 on
    `add_tags` and nothing changes. Returns how many matched and how many changed."""
    if not ids:  # a filter that matched nothing: no tags to create, nothing to hold
        return BulkChange(matched=0, changed=0)
    selected = _selected(owner=owner, ids=ids)
    changed: set[int] = set()
    if change_category:
        category_hold(category=category)  # 400 if it was deleted meanwhile
        moving = (
            selected.exclude(category=category)
            if category is not None
            else selected.filter(category__isnull=False)
        )
        changed.update(moving.values_list("id", flat=True))
        moving.update(category=category)
    if remove_tags:
        keys = {name_key(name) for name in remove_tags}
        tag_ids = list(
            tag_own_list(owner=owner).filter(name_key__in=keys).values_list("id", flat=True)
        )
        links = Link.objects.filter(expense_id__in=selected.values("id"), tag_id__in=tag_ids)
        changed.update(links.values_list("expense_id", flat=True).distinct())
        links.delete()
    if add_tags:
        tags = tags_resolve(owner=owner, names=add_tags)
        tag_ids = [tag.id for tag in tags]
        over = list(
            selected.annotate(kept=Count("tags", filter=~Q(tags__id__in=tag_ids)))
            .filter(kept__gt=MAX_TAGS_PER_EXPENSE - len(tag_ids))
            .values_list("id", flat=True)
        )
        if over:
            raise FieldErrors.on(
                "add_tags",
                f"{'Expense' if len(over) == 1 else 'Expenses'} {_names_listed(over)} would "
                f"have more than {MAX_TAGS_PER_EXPENSE} tags, the most an expense may have. "
                "Remove some of their tags first.",
            )
        lacking = selected.annotate(have=Count("tags", filter=Q(tags__id__in=tag_ids))).filter(
            have__lt=len(tag_ids)
        )
        changed.update(lacking.values_list("id", flat=True))
        for tag_id in tag_ids:
            _links_add(selected=selected, tag_id=tag_id)
    if changed:
        # A classification change is a change: caches keyed by `updated_at` (the
        # categorizer's model) see it.
        Expense.objects.filter(owner=owner, id__in=changed).update(updated_at=timezone.now())
    return BulkChange(matched=selected.count(), changed=len(changed))


@transaction.atomic
def expenses_bulk_delete(*, owner: User, actor: User, ids: Sequence[int]) -> BulkDeletion:
    """Delete the owner's expenses `ids` that are inside their edit window; the others are
    refused (and listed), unless `actor` is an Admin, whose deletes of locked expenses are
    audited exactly like a single delete. Receipt files go once the transaction commits."""
    rows = list(_selected(owner=owner, ids=ids).only("id", "created_at", "receipt"))
    locked = [row for row in rows if not expense_is_editable(expense=row)]
    refused: list[tuple[int, datetime]] = []
    if locked and user_is_admin(user=actor):
        overridden = _selected(owner=owner, ids=[row.id for row in locked]).prefetch_related("tags")
        ExpenseAudit.objects.bulk_create(
            ExpenseAudit(
                expense_id_ref=expense.id,
                expense_owner_id=expense.owner_id,
                actor=actor,
                action=ExpenseAudit.Action.DELETE,
                before=expense_snapshot(expense),
                after=None,
            )
            for expense in overridden
        )
    else:
        refused = sorted((row.id, row.editable_until) for row in locked)
    refused_ids = {expense_id for expense_id, _ in refused}
    doomed = [row for row in rows if row.id not in refused_ids]
    for row in doomed:
        if row.receipt.name:
            transaction.on_commit(partial(row.receipt.storage.delete, row.receipt.name))
    if doomed:
        _selected(owner=owner, ids=[row.id for row in doomed]).delete()
    return BulkDeletion(matched=len(rows), deleted=len(doomed), refused=refused)
