"""The browser app's page as committed talks to its own origin only; served for a dev API,
it talks to that API and still nothing else."""

import re

from config.appserver import FRONTEND_DIR, content_security_policy, index_html


def _policy(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]


def test_the_committed_page_calls_its_own_origin_and_no_other():
    page = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    assert '<meta name="api-base" content="/api/v1">' in page
    assert _policy(page) == content_security_policy(None)
    assert "connect-src 'self';" in _policy(page)
    assert "script-src 'self';" in _policy(page)


def test_the_served_page_names_the_dev_api_and_allows_only_it():
    page = index_html("http://127.0.0.1:8300").decode()
    assert '<meta name="api-base" content="http://127.0.0.1:8300/api/v1">' in page
    assert "connect-src 'self' http://127.0.0.1:8300;" in _policy(page)
    assert page.count("Content-Security-Policy") == 1


def test_the_page_states_the_receipt_cap_5_mb_as_committed_the_apis_when_served():
    committed = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    assert '<meta name="receipt-max-bytes" content="5242880">' in committed
    page = index_html("http://127.0.0.1:8300", receipt_max_bytes=1234).decode()
    assert '<meta name="receipt-max-bytes" content="1234">' in page
    assert page.count('name="receipt-max-bytes"') == 1
