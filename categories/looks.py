"""What a category may look like: the colour tokens and icon names the app can draw.

The API stores names, never raw colours or glyphs: the browser app owns how each looks
(`--color-<token>` in `frontend/css/tailwind.css`, the emoji in `frontend/js/format.js`),
so a theme can change the colours without touching the data. A test keeps the three lists
in step."""

# The palette a custom category picks from. Mid-tones: each swatch stands out (3:1) on the
# light and on the dark background.
COLOR_TOKENS = (
    "category-red",
    "category-orange",
    "category-amber",
    "category-lime",
    "category-green",
    "category-teal",
    "category-cyan",
    "category-blue",
    "category-indigo",
    "category-violet",
    "category-pink",
    "category-slate",
)

# Icon names (the system categories' own first). Emoji in the app, so an icon shows even
# inside a <select>'s option text.
ICONS = (
    "utensils",
    "bus",
    "bolt",
    "film",
    "heart-pulse",
    "bag",
    "home",
    "book",
    "plane",
    "dots",
    "cart",
    "car",
    "fuel",
    "coffee",
    "beer",
    "gift",
    "paw",
    "baby",
    "shirt",
    "dumbbell",
    "pill",
    "phone",
    "laptop",
    "music",
    "gamepad",
    "ticket",
    "tools",
    "plant",
    "briefcase",
    "bank",
    "piggy-bank",
    "receipt",
)
