// Formatting of money and dates for display. Amounts arrive as decimal strings ("12.50").

const moneyFormats = new Map();

/** "12.50", "INR" → "₹12.50" in the reader's locale, in the expense's own currency. */
export function formatMoney(amount, currency) {
  const code = (currency || "").toUpperCase();
  let format = moneyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    } catch {
      format = null; // Not a currency the browser knows: fall back to "12.50 XYZ".
    }
    moneyFormats.set(code, format);
  }
  const value = Number(amount);
  if (!format || Number.isNaN(value)) return `${amount} ${code}`.trim();
  return format.format(value);
}

// Formatters are made on first use, not when the module loads: the first Intl object loads
// the locale's data, a long task that no page should pay before it has something to show.
export const lazy = (make) => {
  let value;
  return () => (value ??= make());
};

const dateFormat = lazy(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }));
const dateTimeFormat = lazy(
  () => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }),
);

/** "2026-01-31" → a local calendar date (no time-zone shift). */
export function parseIsoDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = parseIsoDate(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat().format(date);
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat().format(date);
}

/** A local Date → "YYYY-MM-DD". */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const today = () => isoDate(new Date());

/** The first and last day of the month holding `date`, as ISO dates. */
export function monthRange(date = new Date()) {
  const first = new Date(date.getFullYear(), date.getMonth(), 1);
  const last = new Date(date.getFullYear(), date.getMonth() + 1, 0);
  return { start: isoDate(first), end: isoDate(last) };
}

const monthFormat = lazy(
  () => new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }),
);

export const monthLabel = (date = new Date()) => monthFormat().format(date);

/**
 * The icons a category can have: the API stores the name (categories/looks.py keeps the same
 * list, in this order), the app draws an emoji, so the icon shows inside <option> text too.
 */
export const CATEGORY_ICONS = {
  utensils: "🍽️",
  bus: "🚌",
  bolt: "⚡",
  film: "🎬",
  "heart-pulse": "🩺",
  bag: "🛍️",
  home: "🏠",
  book: "📚",
  plane: "✈️",
  dots: "🏷️",
  cart: "🛒",
  car: "🚗",
  fuel: "⛽",
  coffee: "☕",
  beer: "🍺",
  gift: "🎁",
  paw: "🐾",
  baby: "🍼",
  shirt: "👕",
  dumbbell: "🏋️",
  pill: "💊",
  phone: "📱",
  laptop: "💻",
  music: "🎵",
  gamepad: "🎮",
  ticket: "🎟️",
  tools: "🔧",
  plant: "🌱",
  briefcase: "💼",
  bank: "🏦",
  "piggy-bank": "🐷",
  receipt: "🧾",
};

/** What each icon name reads as, for the icon picker's accessible names. */
export const iconName = (name) => name.replace(/-/g, " ");

/**
 * The palette a custom category picks its colour from (the API accepts exactly these; their
 * colours are `--color-<token>` in css/tailwind.css, readable on light and dark).
 */
export const CATEGORY_COLORS = [
  ["category-red", "Red"],
  ["category-orange", "Orange"],
  ["category-amber", "Amber"],
  ["category-lime", "Lime"],
  ["category-green", "Green"],
  ["category-teal", "Teal"],
  ["category-cyan", "Cyan"],
  ["category-blue", "Blue"],
  ["category-indigo", "Indigo"],
  ["category-violet", "Violet"],
  ["category-pink", "Pink"],
  ["category-slate", "Slate"],
];

/** The emoji of a category's icon, or "" (no icon, or a name this app does not know). */
export const categoryIcon = (category) =>
  Object.hasOwn(CATEGORY_ICONS, category?.icon ?? "") ? CATEGORY_ICONS[category.icon] : "";

/**
 * A category's name for a picker's <option>: the user's own categories carry their icon
 * ("🐾 Pets"); the standard ones keep their plain name, which other screens and links match.
 */
export function categoryOptionLabel(category) {
  const icon = category.is_system ? "" : categoryIcon(category);
  return icon ? `${icon} ${category.name}` : category.name;
}

/** The CSS colour for a category's colour token (falls back to a neutral one). */
export function categoryColor(token) {
  const safe = /^[a-z0-9-]+$/.test(token || "") ? token : "category-custom";
  let value = categoryColors.get(safe);
  if (value === undefined) {
    // Read once per theme: each read of a computed style makes the browser bring the whole
    // page's styles up to date first.
    const style = getComputedStyle(document.documentElement);
    value =
      style.getPropertyValue(`--color-${safe}`).trim() ||
      style.getPropertyValue("--color-category-custom").trim();
    categoryColors.set(safe, value);
  }
  return value;
}

const categoryColors = new Map();
window.addEventListener("themechange", () => categoryColors.clear());

/** A local Date (default today) → its month as "YYYY-MM" (the value of an <input type=month>). */
export function monthValue(date = new Date()) {
  return isoDate(date).slice(0, 7);
}

/** True for "YYYY-MM" (and "YYYY-MM-01", which the API also accepts as a month). */
export const isMonthValue = (value) => /^\d{4}-(0[1-9]|1[0-2])(-01)?$/.test(value || "");

/** "2026-11" (or "2026-11-01") plus `count` months → "YYYY-MM". */
export function addMonths(month, count) {
  const [year, number] = month.split("-").map(Number);
  return monthValue(new Date(year, number - 1 + count, 1));
}

/** "2026-11" or "2026-11-01" → "November 2026". */
export function formatMonth(month) {
  const [year, number] = month.split("-").map(Number);
  return monthLabel(new Date(year, number - 1, 1));
}

const shortMonthFormat = lazy(
  () => new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric" }),
);
const shortDayFormat = lazy(
  () => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }),
);

/** A Date → its month's short name ("Nov"). */
const monthNameFormat = lazy(() => new Intl.DateTimeFormat(undefined, { month: "short" }));
export const monthName = (date) => monthNameFormat().format(date);

/** A period's label for a chart axis: "Nov 2026" for a month, "Nov 2" for a day or week. */
export function formatPeriod(iso, bucket) {
  const date = parseIsoDate(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return bucket === "monthly" ? shortMonthFormat().format(date) : shortDayFormat().format(date);
}

const percentFormats = new Map();

/** A percentage on the API's 0–100 scale (66.67) → "66.7%" in the reader's locale. */
export function formatPercent(value, maximumFractionDigits = 1) {
  let format = percentFormats.get(maximumFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits });
    percentFormats.set(maximumFractionDigits, format);
  }
  return format.format(Number(value) / 100);
}

/** A suggestion's confidence on a 0–1 scale (0.92) → "92 %" (the space does not break). */
export const formatConfidence = (confidence) => `${Math.round(Number(confidence) * 100)}\u00a0%`;

const countFormat = lazy(() => new Intl.NumberFormat());
export const formatCount = (value) => countFormat().format(value);

/** Money without the cents, for chart axes: "₹12K". */
export function formatMoneyShort(amount, currency) {
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: (currency || "").toUpperCase(),
      notation: "compact",
      maximumFractionDigits: 1,
    }).format(Number(amount));
  } catch {
    return formatMoney(amount, currency);
  }
}

let prepared = false;

/**
 * Makes the formatters the pages use, one per task, while the first page waits for its data.
 * Each new kind of Intl formatter loads locale data: made during the page's first render
 * they were most of one long task (the reports page's render: 169 ms in a profile at 4x CPU
 * slowdown, 108 ms with them made beforehand); made apart, each is short, and the render
 * finds them ready. Once per visit.
 */
export function prepareFormats(currency) {
  if (prepared) return;
  prepared = true;
  const steps = [
    () => formatMoney(0, currency),
    dateFormat,
    countFormat,
    () => formatPercent(0),
    monthFormat,
    shortDayFormat,
    shortMonthFormat,
    monthNameFormat,
    dateTimeFormat,
  ];
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    step();
    setTimeout(next);
  };
  setTimeout(next);
}
