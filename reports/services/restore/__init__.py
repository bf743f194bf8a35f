"""Restore a backup into an account: read it (`archive`), check the whole document first
(`document` for its shape, `validation` for everything else), then write it all in one
transaction (`writing`). Rows whose uid the account already has are left alone."""

from reports.services.restore.archive import (
    ZipReceipts,
    backup_open_zip,
    backup_read_json,
    backup_read_json_file,
)
from reports.services.restore.validation import Backup, backup_validate
from reports.services.restore.writing import RestoreResult, backup_restore

__all__ = [
    "Backup",
    "RestoreResult",
    "ZipReceipts",
    "backup_open_zip",
    "backup_read_json",
    "backup_read_json_file",
    "backup_restore",
    "backup_validate",
]
