"""The README's screenshots: the demo account's dashboard at desktop (1280 x 800) and phone
(390 x 844) size, the first screen as it opens, in Debian's Chromium, written to docs/screenshots/.

The same setup as `make audit` (scripts/audit.py): a throwaway SQLite database with the demo
account, the API under gunicorn and the app served as `make dev` serves it.
Run: `.venv/bin/python scripts/screenshots.py [--out DIR]`.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit  # scripts/audit.py, beside this file

VIEWS = {
    "dashboard-desktop.png": {"width": 1280, "height": 800},
    "dashboard-phone.png": {"width": 390, "height": 844},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=audit.ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots.") as tmp:
        work = Path(tmp)
        api_port = audit.free_port()
        server = audit.app_server("127.0.0.1", 0, api_port=api_port, same_origin=True)
        app_url = f"http://127.0.0.1:{server.server_port}/"
        env = audit.api_environment(work)
        subprocess.run(
            [sys.executable, "manage.py", "run_dev", "--setup-only"],
            cwd=audit.ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2"]
        gunicorn += ["--bind", f"127.0.0.1:{api_port}"]
        with (
            audit.running(gunicorn, env, work / "gunicorn.log") as api,
            audit.serving(server),
            sync_playwright() as playwright,
        ):
            audit.wait_for_url(f"http://127.0.0.1:{api_port}/api/v1/health/", api, "gunicorn")
            browser = playwright.chromium.launch(
                executable_path=audit.CHROMIUM, args=["--no-sandbox"]
            )
            context = browser.new_context(locale="en-IN", device_scale_factor=1)
            audit.sign_in(context, app_url)
            for name, viewport in VIEWS.items():
                page = context.new_page()
                page.set_viewport_size(viewport)
                page.goto(f"{app_url}#/dashboard")
                expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()
                page.wait_for_function("() => !document.querySelector('[aria-busy=\"true\"]')")
                # The charts draw when in view: bring each into view, then back to the top.
                for box in page.locator("[data-chart-box]").all():
                    box.scroll_into_view_if_needed()
                page.wait_for_function(
                    "() => [...document.querySelectorAll('[data-chart-box]')]"
                    ".every((box) => box.querySelector('canvas'))"
                )
                page.evaluate("window.scrollTo(0, 0)")
                page.wait_for_timeout(300)
                page.screenshot(path=args.out / name)
                audit.say(f"wrote {args.out / name}")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
