"""Draws the browser app's icons, committed in frontend/icons/: an "S" on the brand colour.

Run from the repository root: `.venv/bin/python scripts/make_icons.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent.parent / "frontend" / "icons"
BRAND = "#4f46e5"  # indigo-600: the primary buttons and focus ring in css/tailwind.css
WHITE = "#ffffff"


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def icon(size: int, *, maskable: bool = False) -> Image.Image:
    """A maskable icon fills the square and keeps the letter in the inner 80 % safe zone; the
    plain one is a rounded square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size, size), fill=BRAND)
        letter = size * 0.42
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BRAND)
        letter = size * 0.6
    draw.text((size / 2, size / 2), "S", font=_font(int(letter)), fill=WHITE, anchor="mm")
    return image


def main() -> None:
    for size in (192, 512):
        icon(size).save(HERE / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(HERE / "icon-maskable-512.png", optimize=True)
    # iOS ignores transparency and rounds the corners itself.
    icon(180, maskable=True).convert("RGB").save(HERE / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
