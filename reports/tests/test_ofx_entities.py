"""OFX 2 is XML: a statement that declares entities (a local file, a billion laughs) never
has them expanded into an expense."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense

pytestmark = pytest.mark.django_db

STATEMENT = (Path(__file__).parent / "data" / "statement-v2.ofx").read_text(encoding="utf-8")


def hostile(doctype: str, name: str) -> bytes:
    head, rest = STATEMENT.split("<OFX>", 1)
    text = head + doctype + "<OFX>" + rest
    return text.replace("TRADER JOE&apos;S #552", name, 1).encode()


@pytest.mark.parametrize(
    ("doctype", "name"),
    [
        ('<!DOCTYPE OFX [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n', "&secret;"),
        (
            '<!DOCTYPE OFX [<!ENTITY a "aaaaaaaaaa">'
            f'<!ENTITY b "{"&a;" * 10}"><!ENTITY c "{"&b;" * 10}"><!ENTITY d "{"&c;" * 10}">'
            "]>\n",
            "&d;",
        ),
    ],
    ids=["external-file", "billion-laughs"],
)
def test_declared_entities_are_never_expanded(alice_client, doctype, name):
    file = SimpleUploadedFile("s.ofx", hostile(doctype, name))
    response = alice_client.post(
        "/api/v1/import/expenses.ofx?dry_run=true", {"file": file}, format="multipart"
    )
    assert response.status_code in {200, 400}, response.content
    text = response.content.decode()
    assert "root:" not in text
    assert "aaaaaaaaaaaaaaaaaaaa" not in text
    assert not Expense.objects.exists()
