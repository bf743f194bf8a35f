import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from accounts.models import User
from categories.errors import CategoryInUse, SystemCategoryReadOnly, category_gone, name_taken
from categories.models import Category, HiddenCategory, Tag, name_key
from categories.selectors import category_name_taken
from config.batching import batched
from config.exceptions import FieldErrors
from config.models import model_apply


def _check_name_free(*, owner: User, name: str, exclude_id: int | None = None) -> None:
    if category_name_taken(owner=owner, name=name, exclude_id=exclude_id):
        raise name_taken()


def category_create(
    *, owner: User, name: str, icon: str = "", color_token: str = "", hidden: bool = False
) -> Category:
    """Create a custom category; names are unique per owner and never repeat a system name."""
    _check_name_free(owner=owner, name=name)
    try:
        with transaction.atomic():
            category = Category.objects.create(
                owner=owner, name=name.strip(), icon=icon, color_token=color_token
            )
            category_set_hidden(owner=owner, category=category, hidden=hidden)
    except IntegrityError as exc:  # a concurrent request took the name first
        raise name_taken() from exc
    return category


def category_set_hidden(*, owner: User, category: Category, hidden: bool) -> None:
    """Hide the category from this user's pickers, or show it again. Idempotent; sets
    `category.hidden` like the list's annotation, for the answer."""
    if hidden:
        HiddenCategory.objects.get_or_create(owner=owner, category=category)
    else:
        HiddenCategory.objects.filter(owner=owner, category=category).delete()
    category.hidden = hidden  # type: ignore[attr-defined]


@transaction.atomic
def category_update(*, owner: User, category: Category, data: dict) -> Category:
    """Change a category for `owner`: `hidden` on any category they can see; the name, icon
    and colour only on their own (a system category answers 403 for those)."""
    data = dict(data)
    hidden = data.pop("hidden", None)
    if category.is_system and data:
        raise SystemCategoryReadOnly()
    if hidden is not None:
        category_set_hidden(owner=owner, category=category, hidden=hidden)
    if not data:
        return category
    if "name" in data:
        data["name"] = data["name"].strip()
        _check_name_free(owner=owner, name=data["name"], exclude_id=category.id)
    fields = model_apply(category, data, ("name", "icon", "color_token"))
    try:
        with transaction.atomic():
            category.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as exc:
        raise name_taken() from exc
    return category


def _lock_custom(categories: Iterable[Category | None]) -> set[int]:
    """Lock the rows of these custom categories (in id order, so two requests never wait on
    each other in a circle) until the transaction ends; returns the ids that still exist.
    System categories are never deleted, and are shared by every user: they are not locked."""
    ids = sorted({c.pk for c in categories if c is not None and c.owner_id is not None})
    if not ids:
        return set()
    rows = Category.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return set(rows.values_list("pk", flat=True))


def category_hold(*, category: Category | None) -> None:
    """Call inside the transaction that files a row under `category`: it cannot be deleted
    until that transaction ends, and if another request deleted it meanwhile this is a 400
    on `category` (rather than a foreign-key failure at commit). A delete that runs first
    counts (or moves) the rows filed before it (`category_delete` locks the same row)."""
    if category is None or category.owner_id is None:
        return
    if category.pk not in _lock_custom([category]):
        raise category_gone(category.pk)


@dataclass(frozen=True)
class CategoryUse:
    """What a higher app keeps filed under categories (expenses, ...), registered from its
    `AppConfig.ready()`, so that deleting a category can count and move those rows without
    this app importing the apps above it. `name` is the key of the count in a 409 answer."""

    name: str
    count: Callable[[Category], int]
    reassign: Callable[[Category, Category | None], int]


_uses: dict[str, CategoryUse] = {}


def category_use_register(use: CategoryUse) -> None:
    _uses[use.name] = use


def _counts(category: Category) -> dict[str, int]:
    return {use.name: use.count(category) for use in _uses.values()}


@transaction.atomic
def category_delete(
    *, category: Category, reassign_to: Category | None = None, reassign: bool = False
) -> int:
    """Delete a custom category. Rows filed under it (expenses) block the delete (409)
    unless `reassign` is set, in which case they move to `reassign_to` (None: none) first, in
    the same transaction. Returns how many rows were moved."""
    if category.is_system:
        raise SystemCategoryReadOnly()
    # Rows filed under it by a request that holds it (`category_hold`) are committed before
    # the count; a request that comes after this lock finds it gone (400).
    held = _lock_custom([category, reassign_to])
    if reassign_to is not None and reassign_to.owner_id is not None and reassign_to.pk not in held:
        raise FieldErrors.on("reassign_to", "That category was deleted meanwhile.")
    counts = _counts(category)
    if any(counts.values()) and not reassign:
        raise CategoryInUse.counted(counts)
    moved = sum(use.reassign(category, reassign_to) for use in _uses.values() if counts[use.name])
    try:
        with transaction.atomic():
            category.delete()
    except RestrictedError as exc:  # a row was filed under it after the count
        raise CategoryInUse.counted(_counts(category)) from exc
    return moved


def _clean_tag_names(names: Iterable[str]) -> dict[str, str]:
    """Tag names keyed by their `name_key`, spaces folded, first spelling kept."""
    cleaned: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name:
            cleaned.setdefault(name_key(name), name)
    return cleaned


LOOKUP_CHUNK = 500


def _tags_keyed(*, owner: User, keys: list[str]) -> dict[str, Tag]:
    found: dict[str, Tag] = {}
    for chunk in batched(keys, LOOKUP_CHUNK):
        found.update(
            (tag.name_key, tag) for tag in Tag.objects.filter(owner=owner, name_key__in=chunk)
        )
    return found


def tags_resolve(*, owner: User, names: Iterable[str]) -> list[Tag]:
    """The owner's tags with these names (matched case-insensitively in any alphabet),
    creating missing ones. A few queries however many names there are."""
    wanted = _clean_tag_names(names)
    if not wanted:
        return []
    found = _tags_keyed(owner=owner, keys=list(wanted))
    missing = [key for key in wanted if key not in found]
    if missing:
        Tag.objects.bulk_create(
            [Tag(owner=owner, name=wanted[key], name_key=key) for key in missing],
            ignore_conflicts=True,
        )
        found.update(_tags_keyed(owner=owner, keys=missing))
    return [found[key] for key in wanted]


def categories_restore(*, owner: User, rows: list[dict]) -> tuple[dict[uuid.UUID, Category], int]:
    """Custom categories from a backup (`uid`, `name`, `icon`, `color_token`, `hidden`): each
    matched to the owner's by uid, else to a system or own category by name, else created with
    its uid; those marked `hidden` are hidden (a restore never shows one again). Returns
    {uid: category} and how many were created."""
    by_uid = {c.uid: c for c in Category.objects.filter(owner=owner)}
    by_key = {c.name_key: c for c in Category.objects.filter(owner__isnull=True)}
    by_key.update({c.name_key: c for c in by_uid.values()})
    mapping, created, hide = {}, 0, []
    for row in rows:
        row = dict(row)
        hidden = row.pop("hidden", False)
        category = by_uid.get(row["uid"]) or by_key.get(name_key(row["name"]))
        if category is None:
            category = Category.objects.create(owner=owner, **row)
            by_key[category.name_key] = category
            created += 1
        mapping[row["uid"]] = category
        if hidden:
            hide.append(category)
    categories_hide(owner=owner, categories=hide)
    return mapping, created


def categories_hide(*, owner: User, categories: Iterable[Category]) -> None:
    """Hide these categories from the owner's pickers (those already hidden stay so), in
    one insert: for restores."""
    HiddenCategory.objects.bulk_create(
        [HiddenCategory(owner=owner, category=category) for category in categories],
        ignore_conflicts=True,
    )


def tags_restore(*, owner: User, rows: list[dict]) -> tuple[dict[uuid.UUID, Tag], int]:
    """Tags from a backup (`uid`, `name`), matched like `categories_restore`; the new ones
    are inserted in one batch. Returns {uid: tag} and how many were created."""
    by_uid = {t.uid: t for t in Tag.objects.filter(owner=owner)}
    by_key = {t.name_key: t for t in by_uid.values()}
    mapping, new = {}, []
    for row in rows:
        tag = by_uid.get(row["uid"]) or by_key.get(name_key(row["name"]))
        if tag is None:
            tag = Tag(owner=owner, uid=row["uid"], name=row["name"], name_key=name_key(row["name"]))
            by_key[tag.name_key] = tag
            new.append(tag)
        mapping[row["uid"]] = tag
    Tag.objects.bulk_create(new)
    return mapping, len(new)
