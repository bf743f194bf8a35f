# The rollup trigger on PostgreSQL takes a lock per owner before it writes expenses_daytotal.
#
# Without it, two transactions writing one owner's expenses could update that owner's
# DayTotal rows in opposite orders (two imports touching the same days, an import and an
# edit that moves an expense to another day) and PostgreSQL ended one of them with
# "deadlock detected": a 500 for the user. The lock is a transaction-level advisory lock on
# (namespace, owner id): the owner's second writer waits at its first rollup write until the
# first commits; other owners' writers never wait. Taking a lock the transaction already
# holds is a local lookup, so a 100,000-row import pays once. SQLite needs nothing: it lets
# one transaction write at a time.

import importlib

from django.db import migrations

# 'DayT': the advisory-lock namespace of the rollups, the owner's id the key within it
# (ids past 2**31 fold onto smaller ones: an extra wait, never a missed one).
NAMESPACE = 0x44617954

LOCK = f"pg_advisory_xact_lock({NAMESPACE}, mod({{owner}}, 2147483647)::integer)"

FORWARD = f"""
CREATE OR REPLACE FUNCTION expense_daytotal_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The owners' rollup lock first (both, in id order, if an update moves an expense to
    -- another owner), so no two writers of one owner lock its day rows in opposite orders.
    IF TG_OP = 'INSERT' THEN
        PERFORM {LOCK.format(owner="NEW.owner_id")};
    ELSIF TG_OP = 'DELETE' OR OLD.owner_id = NEW.owner_id THEN
        PERFORM {LOCK.format(owner="OLD.owner_id")};
    ELSE
        PERFORM {LOCK.format(owner="LEAST(OLD.owner_id, NEW.owner_id)")};
        PERFORM {LOCK.format(owner="GREATEST(OLD.owner_id, NEW.owner_id)")};
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE expenses_daytotal
        SET total_cents = total_cents - (OLD.amount * 100)::bigint, count = count - 1
        WHERE owner_id = OLD.owner_id AND currency = OLD.currency
            AND category_key = COALESCE(OLD.category_id, 0) AND date = OLD.date;
        DELETE FROM expenses_daytotal
        WHERE owner_id = OLD.owner_id AND currency = OLD.currency
            AND category_key = COALESCE(OLD.category_id, 0) AND date = OLD.date
            AND count <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO expenses_daytotal
            (owner_id, currency, category_key, date, total_cents, count)
        VALUES (NEW.owner_id, NEW.currency, COALESCE(NEW.category_id, 0), NEW.date,
            (NEW.amount * 100)::bigint, 1)
        ON CONFLICT (owner_id, currency, category_key, date) DO UPDATE SET
            total_cents = expenses_daytotal.total_cents + EXCLUDED.total_cents,
            count = expenses_daytotal.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END $$
"""


def _without_lock() -> str:
    """Migration 0002's function, as it was."""
    first = importlib.import_module("expenses.migrations.0002_day_totals")
    return first.POSTGRES_FORWARD[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def add_lock(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop_lock(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_without_lock())


class Migration(migrations.Migration):
    dependencies = [
        ("expenses", "0004_daytotal_covering_index"),
    ]

    operations = [migrations.RunPython(add_lock, drop_lock)]
