"""Issue 14, bugs 3-5 in headless Chromium: the importer's header line re-read racing a column
choice, a binary file chosen as a statement, and the reports' per-day figure and month on
month over a range that runs into the future."""

import datetime
import struct
import zlib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.shots import shot_both_sizes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENTS = Path(__file__).parents[2] / "reports" / "tests" / "data"


def open_importer(page):
    page.get_by_role("link", name="Import & export", exact=True).click()
    return page.get_by_role("form", name="Import a CSV file")


def png_bytes() -> bytes:
    """A real PNG image, one pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_columns_chosen_right_after_the_header_line_are_the_re_read_headers(
    page, make_user, sign_in, tmp_path
):
    from expenses.models import Expense

    alice = make_user("alice", default_currency="INR")
    # The ICICI statement with column names the server cannot guess: its preamble's lines
    # ("Account Name,MS ANANYA RAO") look like a header of their own.
    lines = (STATEMENTS / "icici-style.csv").read_text(encoding="utf-8").splitlines()
    assert lines[5].startswith("S No.,Value Date")
    lines[5] = "No.,Booked on,Valued on,Ref,Text,Minus,Plus,Left"
    path = tmp_path / "odd-names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    form.get_by_label("Statement or CSV file").set_input_files(path)
    expect(form).to_contain_text("Choose which column holds what.")
    date = form.get_by_label("Date", exact=True)
    expect(date.locator("option")).to_have_text(["—", "Account Name", "MS ANANYA RAO"])

    # The header is on line 6: typed, then the columns picked at once, before the file is
    # read again. The choices wait for the re-read header and are made from its names.
    # The re-read is held on the way, so the column choices are made while it is pending.
    held = []

    def hold_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/import/expenses.csv*", hold_first)
    form.get_by_label("Header on line").fill("6")
    form.get_by_label("Header on line").press("Tab")
    # Until the header is read again, the old names cannot be chosen.
    expect(date).to_be_disabled()
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    date.select_option("Booked on")
    form.get_by_label("Description", exact=True).select_option("Text")
    form.get_by_label("Money out (debit)").select_option("Minus")
    form.get_by_label("Money in (credit)").select_option("Plus")
    expect(date.locator("option")).to_have_text(
        ["—", "No.", "Booked on", "Valued on", "Ref", "Text", "Minus", "Plus", "Left"]
    )
    expect(page.locator("[data-read-as]")).to_contain_text("header on line 6")
    preview = page.get_by_role("table", name="Rows to import")
    expect(preview.get_by_role("row").filter(has_text="Rent March")).to_contain_text("28,000.00")
    expect(page.locator("[data-counts]")).to_contain_text("5 to import")
    for control in ("Date", "Description", "Money out (debit)", "Money in (credit)"):
        expect(form.get_by_label(control, exact=True)).to_be_enabled()
    expect(page.get_by_role("group", name="Which column holds what")).to_be_visible()
    shot_both_sizes(page, "import-header-line")
    page.get_by_role("button", name="Import 5 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 5 expenses.")
    assert sum(e.amount for e in Expense.objects.filter(owner=alice)) == Decimal("45589.75")
    page.unroute("**/import/expenses.csv*")


def test_a_binary_file_chosen_as_a_statement_is_refused_plainly(page, make_user, sign_in, tmp_path):
    make_user("alice")
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    not_text = "Choose a CSV, TSV, TXT or OFX file."

    for name, data, kind in [
        ("statement.png", png_bytes(), "a PNG image"),
        (
            "statement.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "a PDF document",
        ),
        (
            "statement.zip",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
            "a zip archive",
        ),
        # Named as a CSV, the bytes still tell.
        ("march.csv", png_bytes(), "a PNG image"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        form.get_by_label("Statement or CSV file").set_input_files(path)
        expect(form).to_contain_text(
            f"This is not a text statement (it looks like {kind}). {not_text}"
        )
        # No columns, no reading summary and no preview of its bytes.
        expect(page.locator("[data-read-as]")).to_have_count(0)
        expect(page.get_by_role("table", name="Rows to import")).to_have_count(0)
        expect(page.get_by_text("Change how the file is read")).to_be_hidden()
        expect(page.locator("main")).not_to_contain_text("PNG\ufffd")
        expect(page.locator("main")).not_to_contain_text("\ufffd")
    # Preview sends nothing either.
    form.get_by_role("button", name="Preview").click()
    expect(form).to_contain_text(
        f"This is not a text statement (it looks like a PNG image). {not_text}"
    )
    expect(page.get_by_role("table", name="Rows to import")).to_have_count(0)

    # A file the browser cannot tell (UTF-16 text without a byte-order mark): the server's
    # 400 is shown plainly next to the file, with no columns to choose from.
    path = tmp_path / "utf16.csv"
    path.write_bytes("date,amount,description\n2026-01-02,3.50,Tea\n".encode("utf-16-be"))
    form.get_by_label("Statement or CSV file").set_input_files(path)
    expect(form).to_contain_text("The file contains NUL bytes")
    expect(form).not_to_contain_text("This is not a text statement")
    expect(page.get_by_role("group", name="Which column holds what")).to_be_hidden()
    expect(page.locator("[data-read-as]")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("\ufffd")
    shot_both_sizes(page, "import-binary-file")


def _spend(owner, amount: str, date, *, category="Food", description="Groceries"):
    from categories.models import Category
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=date,
        description=description,
        category=Category.objects.get(owner=None, name=category),
    )


def _usd(amount: Decimal) -> str:
    return f"${amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def test_per_day_and_month_on_month_count_only_the_days_so_far(page, make_user, sign_in, app_url):
    from django.utils import timezone

    alice = make_user("alice", default_currency="USD")
    today = timezone.localdate()
    first = today.replace(day=1)
    previous_first = (first - datetime.timedelta(days=1)).replace(day=1)
    previous_last = first - datetime.timedelta(days=1)
    previous_day = min(today.day, previous_last.day)
    previous_same_end = previous_first.replace(day=previous_day)
    end = today + datetime.timedelta(days=10)  # the range runs into the future

    spent = [
        _spend(alice, "30.00", first),
        _spend(alice, "12.35", today, category="Transport", description="Train"),
        _spend(alice, "500.00", today + datetime.timedelta(days=2), description="Booked"),
        _spend(alice, "20.00", previous_first),
        _spend(alice, "7.10", previous_same_end, category="Transport", description="Bus"),
        _spend(alice, "999.00", previous_last, description="Late in the month"),
    ]
    sign_in("alice", PASSWORD)
    page.evaluate(f"location.hash = '#/reports?start={first}&end={end}&currency=USD'")

    # Per day: the spending to today over the days from the start to today.
    days = (today - first).days + 1
    so_far = sum(e.amount for e in spent if first <= e.date <= today)
    summary = page.get_by_role("region", name="Summary")
    label = f"Per day so far ({days} {'day' if days == 1 else 'days'})"
    expect(summary).to_contain_text(label + _usd(so_far / days))
    expect(summary).to_contain_text(
        "Total spent" + _usd(sum(e.amount for e in spent if first <= e.date <= end))
    )

    # Month on month: this month so far against the same days of the month before.
    def days_label(start, last):
        name = start.strftime("%b")
        return f"1 {name}" if last == 1 else f"1\u2013{last} {name}"

    current_label = days_label(first, today.day)
    previous_label = days_label(previous_first, previous_day)
    current = sum(e.amount for e in spent if first <= e.date <= today)
    previous = sum(e.amount for e in spent if previous_first <= e.date <= previous_same_end)
    trends = page.get_by_role("region", name="Month on month")
    expect(trends).to_contain_text(f"{current_label} vs {previous_label}")
    expect(trends).to_contain_text(current_label + _usd(current))
    expect(trends).to_contain_text(previous_label + _usd(previous))
    for category in ("Food", "Transport"):
        now = sum(
            e.amount for e in spent if e.category.name == category and first <= e.date <= today
        )
        before = sum(
            e.amount
            for e in spent
            if e.category.name == category and previous_first <= e.date <= previous_same_end
        )
        delta = now - before
        word = "Up" if delta > 0 else "Down"
        percent = f"{abs(delta) / before * 100:.1f}".rstrip("0").rstrip(".") + "%"
        expect(trends.get_by_role("row").filter(has_text=category)).to_have_accessible_name(
            f"{category} {_usd(now)} {_usd(before)} {word} {_usd(abs(delta))} ({percent})"
        )
    shot_both_sizes(page, "reports-days-so-far")
