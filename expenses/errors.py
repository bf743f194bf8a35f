"""The errors of expenses and receipts, answered as `{"detail", "code"}` (or on a field)."""

from rest_framework import status

from config.exceptions import DomainError, FieldErrors, Forbidden


class EditWindowExpired(Forbidden):
    code = "edit_window_expired"
    default_detail = "This expense can no longer be changed: its edit window has passed."


RECEIPT_REFUSED = "Upload a JPEG, PNG or WebP image or a PDF document."


def receipt_refused(message: str = RECEIPT_REFUSED) -> FieldErrors:
    return FieldErrors.on("file", message)


class StorageQuotaExceeded(DomainError):
    """Storing the file(s) would take the user's receipts past `STORAGE_QUOTA_MB` (413)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = "storage_quota_exceeded"
    default_detail = "Your storage quota for receipt files is used up."
