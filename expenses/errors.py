"""The errors of expenses and receipts, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import FieldErrors, Forbidden


class EditWindowExpired(Forbidden):
    code = "edit_window_expired"
    default_detail = "This expense can no longer be changed: its edit window has passed."


RECEIPT_REFUSED = "Upload a JPEG, PNG or WebP image or a PDF document."


def receipt_refused(message: str = RECEIPT_REFUSED) -> FieldErrors:
    return FieldErrors.on("file", message)
