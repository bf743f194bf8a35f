"""The errors of imports, exports and restores, answered as `{"detail", "code", ...}`."""

from config.exceptions import DomainError, ListedErrors


class TooManyRows(DomainError):
    code = "too_many_rows"
    default_detail = "The file has too many rows; split it."

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, field="file")


class RowErrors(ListedErrors):
    """Rows of an import that could not be read: `errors` is `[{"row", "field", "message"}]`,
    `row` the line in the file."""

    code = "invalid_rows"
    default_detail = "Nothing was imported: some rows have problems."


class BackupInvalid(ListedErrors):
    """Problems in a backup: `errors` is `[{"path", "message"}]`."""

    code = "invalid_backup"
    default_detail = "The backup was not restored because it has problems; nothing was changed."
