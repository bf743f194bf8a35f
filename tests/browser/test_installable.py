"""Browser tests for issue 14 "Installable": a web app manifest and icons; the shell loads
offline and says so (no stale data shown as fresh)."""

import io
import json
import re
import shutil
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFLINE_TEXT = "You are offline: showing nothing until the connection is back"


def _expense(owner, description):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal("12.50"),
        date=timezone.localdate() - timedelta(days=1),
        description=description,
    )


def _controlled_after_reload(page):
    """Waits for the service worker to be active, reloads, and says whether it controls."""
    active = page.evaluate(
        """Promise.race([
            navigator.serviceWorker.ready.then(() => true),
            new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
        ])"""
    )
    assert active, "no service worker became active"
    page.reload()
    return page.evaluate("navigator.serviceWorker.controller !== null")


def test_the_manifest_is_linked_parses_and_names_icons_of_the_right_sizes(page, app_url):
    from PIL import Image

    link = page.locator('head link[rel="manifest"]')
    expect(link).to_have_count(1)
    manifest_url = urljoin(app_url, link.get_attribute("href"))
    response = page.request.get(manifest_url)
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())

    assert manifest["name"] == "Smart Expense Tracker"
    assert manifest["short_name"]
    assert manifest["start_url"] == "./#/dashboard"
    assert manifest["display"] == "standalone"
    for key in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest[key]), key
    theme = page.locator('head meta[name="theme-color"]')
    assert theme.get_attribute("content") == manifest["theme_color"]

    sizes = set()
    maskable = False
    for icon in manifest["icons"]:
        icon_response = page.request.get(urljoin(manifest_url, icon["src"]))
        assert icon_response.ok, icon["src"]
        assert icon_response.headers["content-type"] == "image/png"
        image = Image.open(io.BytesIO(icon_response.body()))
        assert image.format == "PNG"
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert image.size == (width, height), icon["src"]
        sizes.add(image.size)
        maskable = maskable or "maskable" in icon.get("purpose", "")
    assert {(192, 192), (512, 512)} <= sizes
    assert maskable

    touch = page.locator('head link[rel="apple-touch-icon"]')
    assert page.request.get(urljoin(app_url, touch.get_attribute("href"))).ok


def test_the_service_worker_is_served_uncached_and_precaches_every_module(page, app_url):
    from config.appserver import FRONTEND_DIR

    response = page.request.get(urljoin(app_url, "sw.js"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/javascript")
    assert "no-cache" in response.headers["cache-control"]
    source = response.text()
    # Every module the app may import, or the shell breaks offline.
    for module in sorted((FRONTEND_DIR / "js").rglob("*.js")):
        name = module.relative_to(FRONTEND_DIR).as_posix()
        assert f'"./{name}"' in source, f"{name} is not precached"


def test_the_service_worker_controls_the_page_and_never_caches_api_data(page, make_user, sign_in):
    alice = make_user("alice")
    _expense(alice, "Coffee beans")
    sign_in("alice", PASSWORD)

    assert _controlled_after_reload(page)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert any(url.endswith("/js/app.js") for url in cached)
    assert not [url for url in cached if "/api/" in url]


def test_offline_the_shell_loads_with_a_banner_and_no_stale_rows_then_recovers(
    page, make_user, sign_in
):
    alice = make_user("alice")
    _expense(alice, "Coffee beans")
    sign_in("alice", PASSWORD)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()
    assert _controlled_after_reload(page)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()

    page.context.set_offline(True)
    page.reload()
    banner = page.get_by_role("alert").filter(has_text=OFFLINE_TEXT)
    expect(banner).to_be_visible()
    expect(page.locator("#main")).to_be_attached()
    expect(page.get_by_role("link", name="Coffee beans")).to_have_count(0)
    expect(page.get_by_text("Cannot reach the server")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()
    expect(page.get_by_text(OFFLINE_TEXT)).to_have_count(0)


def test_going_offline_clears_the_page_and_shows_the_banner(page, make_user, sign_in):
    alice = make_user("alice")
    _expense(alice, "Coffee beans")
    sign_in("alice", PASSWORD)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()

    page.context.set_offline(True)
    expect(page.get_by_text(OFFLINE_TEXT)).to_be_visible()
    expect(page.get_by_role("link", name="Coffee beans")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()
    expect(page.get_by_text(OFFLINE_TEXT)).to_have_count(0)


def test_online_the_service_worker_serves_the_current_shell_not_its_copy(
    browser, live_server, settings, monkeypatch, tmp_path
):
    """A new release reaches a browser the service worker already controls at its next
    online load, and becomes the offline copy: network first, never an old cache."""
    from urllib.parse import urlsplit

    from config import appserver

    release = tmp_path / "frontend"
    shutil.copytree(appserver.FRONTEND_DIR, release, ignore=shutil.ignore_patterns("node_modules"))
    monkeypatch.setattr(appserver, "FRONTEND_DIR", release)
    api_port = urlsplit(live_server.url).port
    with appserver.serving(appserver.app_server("127.0.0.1", 0, api_port=api_port)) as server:
        origin = f"http://127.0.0.1:{server.server_port}"
        settings.CORS_ALLOWED_ORIGINS = [origin]
        settings.CSRF_TRUSTED_ORIGINS = [origin]
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        assert _controlled_after_reload(page)
        assert page.evaluate("document.documentElement.dataset.release") is None

        # The next release: a changed module and a changed page.
        app = release / "js" / "app.js"
        app.write_text(
            app.read_text(encoding="utf-8") + '\ndocument.documentElement.dataset.release = "2";\n',
            encoding="utf-8",
        )
        index = release / "index.html"
        index.write_text(
            index.read_text(encoding="utf-8").replace("<body", '<body data-shell="2"', 1),
            encoding="utf-8",
        )
        page.reload()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert page.evaluate("document.documentElement.dataset.release") == "2"
        assert page.evaluate("document.body.dataset.shell") == "2"

        # Offline, the copy is the release it last fetched, not the one it installed.
        context.set_offline(True)
        page.reload()
        expect(page.get_by_text(OFFLINE_TEXT)).to_be_visible()
        assert page.evaluate("document.documentElement.dataset.release") == "2"
        assert page.evaluate("document.body.dataset.shell") == "2"
        context.close()
