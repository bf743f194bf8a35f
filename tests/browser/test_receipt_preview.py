"""Issue 14, "Receipts: thumbnail preview of images in the expense, PDFs open in a new tab".
The receipt needs the user's token, so the form fetches it and shows it through an object URL,
which it releases when the page is left."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from expenses.tests.receipts import image_bytes, pdf_bytes
from tests.browser.shots import shot_both_sizes

PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _expense_with_receipt(owner, name: str, content: bytes, content_type: str):
    from expenses.services import expense_create, expense_receipt_set

    expense = expense_create(
        owner=owner,
        amount=Decimal("64.00"),
        date=timezone.localdate() - timedelta(days=1),
        description="Dinner out",
    )
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return expense_receipt_set(expense=expense, actor=owner, upload=upload)


def _image_loads(page, url: str) -> bool:
    """Whether `url` still loads as an image in the page (an object URL until released)."""
    return page.evaluate(
        """(url) => new Promise((resolve) => {
            const image = new Image();
            image.onload = () => resolve(true);
            image.onerror = () => resolve(false);
            image.src = url;
        })""",
        url,
    )


def _open(page, expense) -> None:
    page.evaluate(f"location.hash = '#/expenses/{expense.id}'")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")


def test_an_image_receipt_shows_a_thumbnail_that_opens_larger(page, make_user, sign_in):
    alice = make_user("alice")
    expense = _expense_with_receipt(
        alice, "dinner.png", image_bytes("PNG", size=(120, 200)), "image/png"
    )
    sign_in("alice", PASSWORD)
    _open(page, expense)
    thumbnail = page.get_by_role("img", name="Receipt image")
    expect(thumbnail).to_be_visible()
    thumbnail.evaluate("(img) => img.decode()")
    size = thumbnail.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert size == [120, 200]  # the file itself, decoded
    url = thumbnail.get_attribute("src")
    assert url.startswith("blob:")
    assert _image_loads(page, url) is True
    shot_both_sizes(page, "receipt-image")

    link = page.get_by_role("link", name="Receipt image")
    with page.context.expect_page() as opened:
        link.focus()
        page.keyboard.press("Enter")
    tab = opened.value
    assert tab.url == url
    tab.close()

    # Leaving the page releases the file: the object URL no longer loads.
    page.evaluate("location.hash = '#/expenses'")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    assert _image_loads(page, url) is False


def test_a_pdf_receipt_opens_in_a_new_tab(page, make_user, sign_in):
    alice = make_user("alice")
    expense = _expense_with_receipt(alice, "bill.pdf", pdf_bytes(), "application/pdf")
    sign_in("alice", PASSWORD)
    _open(page, expense)
    link = page.get_by_role("link", name="Open PDF: the receipt for “Dinner out”, in a new tab")
    expect(link).to_have_text("Open PDF")
    expect(page.get_by_role("img", name="Receipt image")).to_have_count(0)
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    assert tab.url.startswith("blob:")
    assert tab.url == link.get_attribute("href")
    tab.wait_for_load_state()
    assert tab.evaluate("document.contentType") == "application/pdf"
    tab.close()


def test_removing_the_receipt_removes_the_preview(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense_with_receipt(alice, "dinner.png", image_bytes("PNG"), "image/png")
    sign_in("alice", PASSWORD)
    _open(page, expense)
    expect(page.get_by_role("img", name="Receipt image")).to_be_visible()
    page.get_by_role("button", name="Remove receipt").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(page.get_by_role("img", name="Receipt image")).to_have_count(0)
    expect(page.get_by_text("Receipt attached")).to_have_count(0)
    assert not Expense.objects.get(id=expense.id).receipt
