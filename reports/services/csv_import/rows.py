"""One CSV record read into an expense draft, and the drafts' signs turned into expenses."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from categories.models import name_key
from config.fields import CurrencyField, FieldValueError, MoneyField, field_value
from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, PaymentMethod
from reports.services.csv_import.amounts import AmountError, parse_amount
from reports.services.csv_import.dates import date_problem, parse_date
from reports.services.exports import TAG_SEPARATOR, csv_unescape
from reports.services.import_rows import ImportRow, SkippedRow

TEXT_LIMITS = {
    "description": 500,
    "merchant": 200,
    "category": 64,
    "notes": MAX_NOTES_LENGTH,
}
TAG_LIMIT = 50
AMOUNT_SIGNS = ("auto", "positive", "negative")
NOT_DONE_STATES = {"reverted", "declined", "failed", "cancelled", "canceled"}
"""A `state`/`status` cell saying the payment did not go through (Revolut `REVERTED`)."""
REFUND_DAYS = 60
"""A money-in row refunds a charge of the same amount made at most this many days before."""
FIELD_NAMES = {
    "description": "description",
    "merchant": "merchant",
    "category": "category",
    "notes": "notes",
}
MONEY_NAMES = {
    "amount": "amount",
    "debit": "money-out amount",
    "credit": "money-in amount",
    "fee": "fee",
}
_WORD = re.compile(r"[^\W_]{3,}")
_COMMON_WORDS = {
    "upi", "rev", "refund", "refunded", "return", "returned", "reversal", "reversed", "pos",
    "neft", "imps", "rtgs", "payment", "card", "the", "and", "for", "from", "bank", "transfer",
    "credit", "debit", "online", "purchase", "sale",
}  # fmt: skip

_money = MoneyField()
_currency = CurrencyField()


@dataclass
class RowDraft:
    """A record's values, read and checked; the money columns still carry their signs."""

    line: int
    date: datetime.date
    currency: str
    description: str
    amount: Decimal | None = None
    debit: Decimal | None = None
    credit: Decimal | None = None
    fee: Decimal | None = None
    category: str = ""
    merchant: str = ""
    notes: str = ""
    payment_method: str | None = None
    tags: tuple[str, ...] = ()
    debit_column: bool = False
    state: str = ""


@dataclass
class RowReading:
    """What one record is: an expense draft, not a transaction at all (a summary or
    legend line: `draft` None and no problems), or a row with `problems`."""

    draft: RowDraft | None = None
    problems: list[dict] = field(default_factory=list)

    @property
    def not_a_transaction(self) -> bool:
        return self.draft is None and not self.problems


def cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return csv_unescape(cells[index].strip())


def read_row(
    cells: list[str],
    columns: dict[str, int],
    line: int,
    *,
    decimal: str,
    date_format: str | None,
    currency: str,
) -> RowReading:
    """Read one record with the file's columns: every value checked by the API's rules,
    every problem named with the line and the field."""

    def get(name: str) -> str:
        return cell(cells, columns, name)

    money_fields = [name for name in ("amount", "debit", "credit") if name in columns]
    if not get("date") and not any(get(name) for name in money_fields):
        return RowReading()
    problems: list[dict] = []

    def fail(name: str, message: str) -> None:
        problems.append({"row": line, "field": name, "message": f"Row {line}: {message}"})

    values: dict = {}
    try:
        values["date"] = parse_date(get("date"), date_format)
    except ValueError:
        fail("date", f"{date_problem(get('date'), date_format)}.")
    for name in money_fields + (["fee"] if "fee" in columns else []):
        text = get(name)
        try:
            values[name] = parse_amount(text, decimal) if text else None
        except AmountError as exc:
            fail(name, f"the {MONEY_NAMES[name]} {exc}")
    description = " ".join(get("description").split())
    if not description:
        fail("description", "the description is empty.")
    for name, limit in TEXT_LIMITS.items():
        if len(description if name == "description" else get(name)) > limit:
            fail(name, f"the {FIELD_NAMES[name]} is longer than {limit} characters.")
    given_currency = get("currency")
    try:
        values["currency"] = field_value(_currency, given_currency or currency)
    except FieldValueError:
        fail(
            "currency",
            f"the currency {given_currency or currency!r} is not a currency code like EUR, "
            "USD or INR.",
        )
    method = get("payment_method") or None
    if method is not None and method not in PaymentMethod.values:
        fail(
            "payment_method",
            f"the payment method {method!r} is not one of {', '.join(PaymentMethod.values)}.",
        )
    tags = tuple(tag.strip() for tag in get("tags").split(TAG_SEPARATOR) if tag.strip())
    if any(len(tag) > TAG_LIMIT for tag in tags):
        fail("tags", f"a tag is longer than {TAG_LIMIT} characters.")
    if len(tags) > MAX_TAGS_PER_EXPENSE:
        fail("tags", f"there are more than {MAX_TAGS_PER_EXPENSE} tags.")
    if problems:
        return RowReading(problems=problems)
    return RowReading(
        draft=RowDraft(
            line=line,
            description=description,
            category=get("category"),
            merchant=get("merchant"),
            notes=get("notes"),
            tags=tags,
            payment_method=method,
            debit_column="debit" in columns,
            state=" ".join(get("state").split()),
            **values,
        )
    )


def spending_sign(drafts: list[RowDraft], amount_sign: str) -> str:
    """`positive` or `negative`: which sign a signed amount column gives spending. `auto`:
    negative when the file has any negative amount (bank style), else positive."""
    if amount_sign != "auto":
        return amount_sign
    negative = any((draft.amount or 0) < 0 for draft in drafts)
    return "negative" if negative else "positive"


def _words(draft: RowDraft) -> set[str]:
    text = f"{draft.description} {draft.merchant}".casefold()
    return {word for word in _WORD.findall(text) if word not in _COMMON_WORDS}


def _excluded(draft: RowDraft, amount: Decimal, status: str, reason: str) -> SkippedRow:
    return SkippedRow(
        line=draft.line,
        date=draft.date,
        amount=amount,
        currency=draft.currency,
        description=draft.description,
        merchant=draft.merchant,
        status=status,
        reason=reason,
    )


def _refunds(
    charges: list[tuple[RowDraft, Decimal]], credits: list[tuple[RowDraft, Decimal]]
) -> dict[int, RowDraft]:
    """{line: the other row of its pair} for each money-in row that refunds a charge: the
    same amount and currency, a word of the description in common, made up to `REFUND_DAYS`
    days before. Each charge is refunded once."""
    by_amount: dict[tuple[Decimal, str], list[RowDraft]] = {}
    for charge, spent in sorted(charges, key=lambda item: (item[0].date, item[0].line)):
        by_amount.setdefault((spent, charge.currency), []).append(charge)
    paired: dict[int, RowDraft] = {}
    for credit, amount in sorted(credits, key=lambda item: (item[0].date, item[0].line)):
        words, key = _words(credit), name_key(credit.description)
        for charge in by_amount.get((amount, credit.currency), []):
            if (
                charge.line not in paired
                and datetime.timedelta(0) <= credit.date - charge.date
                and (credit.date - charge.date).days <= REFUND_DAYS
                and (words & _words(charge) or name_key(charge.description) == key)
            ):
                paired[charge.line], paired[credit.line] = credit, charge
                break
    return paired


def drafts_to_rows(
    drafts: list[RowDraft], amount_sign: str
) -> tuple[list[ImportRow], list[SkippedRow], int, list[dict]]:
    """(expenses, the rows that are not (reverted, refunded, money in), how many rows spent
    nothing, problems). With debit/credit columns, rows without a debit are money in; with one
    signed amount column, the other sign is. A money-in row that refunds a charge of the file
    takes the charge with it; a row whose state says it did not go through is not spending."""
    sign = spending_sign(drafts, amount_sign)
    spent: list[tuple[RowDraft, Decimal]] = []
    money_in: list[tuple[RowDraft, Decimal]] = []
    excluded: list[SkippedRow] = []
    zero, problems = 0, []
    for draft in drafts:
        if draft.debit_column:
            if draft.debit:
                spent.append((draft, abs(draft.debit)))
            elif draft.credit:
                money_in.append((draft, abs(draft.credit)))
            else:
                zero += 1
            continue
        amount = draft.amount
        if amount is None:
            message = f"Row {draft.line}: the amount is empty."
            problems.append({"row": draft.line, "field": "amount", "message": message})
        elif sign != "negative":
            spent.append((draft, amount))
        elif amount < 0:
            spent.append((draft, -amount))
        elif amount > 0:
            money_in.append((draft, amount))
        else:
            zero += 1
    not_done = [
        (draft, amount) for draft, amount in spent if draft.state.casefold() in NOT_DONE_STATES
    ]
    for draft, amount in not_done:
        excluded.append(
            _excluded(
                draft,
                amount,
                "reverted",
                f"The bank marked this payment {draft.state}: it did not go through.",
            )
        )
    done_lines = {draft.line for draft, _ in not_done}
    spent = [(draft, amount) for draft, amount in spent if draft.line not in done_lines]
    paired = _refunds(spent, money_in)
    for draft, amount in money_in:
        if draft.line in paired:
            charge = paired[draft.line]
            reason = f"Refund of the charge on {charge.date.isoformat()} (row {charge.line})."
            excluded.append(_excluded(draft, amount, "refunded", reason))
        else:
            reason = "Money in (income, a transfer in or a top-up): not an expense."
            excluded.append(_excluded(draft, amount, "money_in", reason))
    rows = []
    for draft, amount in spent:
        if draft.line in paired:
            refund = paired[draft.line]
            reason = f"Refunded on {refund.date.isoformat()} (row {refund.line}): not spending."
            excluded.append(_excluded(draft, amount, "refunded", reason))
            continue
        name = "debit" if draft.debit_column else "amount"
        total = amount + abs(draft.fee or Decimal(0))
        try:
            total = field_value(_money, str(total))
        except FieldValueError as exc:
            problems.append(
                {"row": draft.line, "field": name, "message": _money_problem(draft, total, exc)}
            )
            continue
        rows.append(
            ImportRow(
                line=draft.line,
                date=draft.date,
                amount=total,
                currency=draft.currency,
                description=draft.description,
                category=draft.category,
                merchant=draft.merchant,
                payment_method=draft.payment_method,
                tags=draft.tags,
                notes=draft.notes,
            )
        )
    excluded.sort(key=lambda row: row.line)
    return rows, excluded, zero, problems


def _money_problem(draft: RowDraft, amount: Decimal, exc: FieldValueError) -> str:
    if amount <= 0:
        return f"Row {draft.line}: the amount {amount} is not spending (an expense is more than 0)."
    return f"Row {draft.line}: the amount {amount} cannot be an expense: {exc}"
