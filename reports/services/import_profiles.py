"""Saved bank profiles: how one bank's CSV files are read, under a name, and the CSV import
that applies one (given, or chosen because the file's header matches) and saves one."""

from dataclasses import replace
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import User
from categories.models import name_key
from config.exceptions import FieldErrors
from reports.models import ImportProfile
from reports.selectors_profiles import import_profile_list, import_profile_matching
from reports.services.csv_import import CsvOptions
from reports.services.csv_import.dates import date_format_code
from reports.services.csv_import.reader import header_key, read_layout
from reports.services.imports import ImportResult, statement_import

PROFILE_FIELDS = (
    "name",
    "header",
    "mapping",
    "date_format",
    "decimal",
    "delimiter",
    "encoding",
    "skip_rows",
    "currency",
)
READING_OPTIONS = ("mapping", "date_format", "decimal", "delimiter", "encoding", "skip_rows")
"""The options a profile holds: when a request gives none of them, a profile is matched."""


NAME_TAKEN = "You already have a bank profile with this name."


def _lock_owner(owner: User) -> None:
    """The owner's row is the lock that keeps two saves of one name from both finding it
    free (PostgreSQL; SQLite runs one writing transaction at a time)."""
    list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))


def _name_taken(owner: User, name: str, exclude: int | None = None) -> bool:
    taken = import_profile_list(owner=owner).filter(name_key=name_key(name))
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return taken.exists()


def _check_name(owner: User, name: str, exclude: int | None = None) -> None:
    if _name_taken(owner, name, exclude):
        raise FieldErrors.on("name", NAME_TAKEN)


def _save(profile: ImportProfile, field: str = "name") -> None:
    """Saves the profile; a name taken meanwhile (the unique constraint) is a 400 on
    `field`, not a 500."""
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        if _name_taken(profile.owner, profile.name, exclude=profile.pk):
            raise FieldErrors.on(field, NAME_TAKEN) from None
        raise


def _apply(profile: ImportProfile, data: dict) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            setattr(profile, name, "" if value is None and name != "skip_rows" else value)
    profile.header_key = header_key(profile.header) if profile.header else ""


@transaction.atomic
def import_profile_create(*, owner: User, data: dict) -> ImportProfile:
    _lock_owner(owner)
    _check_name(owner, data["name"])
    profile = ImportProfile(owner=owner)
    _apply(profile, data)
    _save(profile)
    return profile


@transaction.atomic
def import_profile_update(*, profile: ImportProfile, data: dict) -> ImportProfile:
    if "name" in data:
        _lock_owner(profile.owner)
        _check_name(profile.owner, data["name"], exclude=profile.pk)
    _apply(profile, data)
    _save(profile)
    return profile


def import_profile_delete(*, profile: ImportProfile) -> None:
    profile.delete()


@transaction.atomic
def import_profile_save(
    *, owner: User, name: str, detection: dict, currency: str | None, encoding: str | None = None
) -> ImportProfile:
    """The profile `name` (case and spaces folded) created or replaced with how a file was
    just read (`encoding`: the one chosen; none: detected again for each file)."""
    _lock_owner(owner)  # two saves of one name at once: the second replaces the first
    profile = import_profile_list(owner=owner).filter(name_key=name_key(name)).first()
    profile = profile or ImportProfile(owner=owner)
    _apply(
        profile,
        {
            "name": " ".join(name.split()),
            "header": detection["header"],
            "mapping": detection["mapping"],
            "date_format": detection["date_format"],
            "decimal": detection["decimal"],
            "delimiter": detection["delimiter"],
            "encoding": encoding or "",
            "skip_rows": detection["header_row"] - 1,
            "currency": currency or profile.currency,
        },
    )
    _save(profile, "save_profile")
    return profile


def profile_options(profile: ImportProfile, options: CsvOptions, given: set[str]) -> CsvOptions:
    """`options` with what the profile says, except for the options the request `given`."""
    saved = {
        "mapping": profile.mapping or None,
        "date_format": date_format_code(profile.date_format or None),
        "decimal": profile.decimal or None,
        "delimiter": profile.delimiter or None,
        "encoding": profile.encoding or None,
        "skip_rows": profile.skip_rows,
    }
    changes: dict[str, Any] = {name: value for name, value in saved.items() if name not in given}
    if profile.currency and "currency" not in given:
        changes["currency"] = profile.currency
    return replace(options, **changes)


def _matching_profile(owner: User, raw: bytes, options: CsvOptions) -> ImportProfile | None:
    """The profile for the file's header, read as detected or else in an encoding one of the
    owner's profiles was saved with (a UTF-16 file without a byte-order mark)."""

    def encodings():
        yield None
        saved = import_profile_list(owner=owner).exclude(encoding="").order_by()
        yield from saved.values_list("encoding", flat=True).distinct()

    for encoding in encodings():  # the owner's profiles are only asked if need be
        try:
            layout = read_layout(raw, replace(options, encoding=encoding))
        except FieldErrors:
            continue  # if none reads it, the import itself says what is wrong with the file
        return import_profile_matching(owner=owner, header_key=header_key(layout.header))
    return None


@transaction.atomic
def csv_statement_import(
    *,
    owner: User,
    raw: bytes,
    options: CsvOptions,
    given: set[str],
    profile: ImportProfile | None,
    save_profile: str | None,
    max_rows: int,
    dry_run: bool,
    skip_duplicates: bool,
    auto_categorize: bool,
) -> ImportResult:
    """A CSV import with a bank profile: the one given, or with no reading option `given`,
    the owner's profile for the file's header. With `save_profile`, the real import saves
    how the file was read under that name (replacing a profile of that name)."""
    if save_profile and not dry_run:
        _lock_owner(owner)  # first, as rule_create does: the same order of locks
    if profile is None and not given & set(READING_OPTIONS):
        profile = _matching_profile(owner, raw, options)
    if profile is not None:
        options = profile_options(profile, options, given)
    result = statement_import(
        owner=owner,
        raw=raw,
        csv_options=options,
        max_rows=max_rows,
        dry_run=dry_run,
        skip_duplicates=skip_duplicates,
        auto_categorize=auto_categorize,
    )
    if save_profile and not dry_run and result.detection is not None:
        currency = options.currency if "currency" in given else None
        profile = import_profile_save(
            owner=owner,
            name=save_profile,
            detection=result.detection,
            currency=currency,
            encoding=options.encoding,
        )
    if profile is not None:
        result.profile = {"id": profile.pk, "name": profile.name}
    return result
