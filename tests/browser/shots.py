"""Screenshots taken by the browser tests, to look at: into SCREENSHOT_DIR when it is set
(else the test's tmp_path, or nowhere). They assert nothing; the tests around them do."""

import os
from pathlib import Path

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def shot(page, tmp_path, name: str) -> None:
    """The whole page as it is, as `<name>.png`."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def shot_both_sizes(page, name: str) -> None:
    """With SCREENSHOT_DIR set, the page at desktop and phone size as `look-<name>-*.png`."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    size = page.viewport_size
    for label, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{folder}/look-{name}-{label}.png", full_page=True)
    page.set_viewport_size(size)
