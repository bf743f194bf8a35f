"""Files stored as part of a database change live and die with it."""

import weakref

from django.core.files.storage import Storage
from django.db import transaction


def delete_unless_committed(storage: Storage, name: str) -> None:
    """Delete the stored file `name` unless the transaction that is open now commits.

    Django keeps `on_commit` callbacks until the outermost transaction commits (and runs
    them) or rolls back, or a savepoint around them rolls back (and drops them). A callback
    that is dropped without being run is exactly "this change did not happen", including a
    rollback of a transaction the caller opened around ours: when the dropped callback is
    freed, the file is deleted. Outside a transaction the callback runs at once: kept.
    """
    state = {"committed": False}

    def committed() -> None:
        state["committed"] = True

    def forget_unless_committed() -> None:
        if not state["committed"]:
            storage.delete(name)

    weakref.finalize(committed, forget_unless_committed)
    transaction.on_commit(committed)
