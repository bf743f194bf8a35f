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

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});

/** "2026-01-31" → a local calendar date (no time-zone shift). */
export function parseIsoDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = parseIsoDate(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
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

export const monthLabel = (date = new Date()) =>
  new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }).format(date);

/** Adds decimal strings exactly, in cents, so totals do not pick up float noise. */
export function sumAmounts(amounts) {
  let cents = 0n;
  for (const amount of amounts) {
    const [whole, fraction = ""] = String(amount).split(".");
    const negative = whole.startsWith("-");
    const value =
      BigInt(whole.replace("-", "") || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
    cents += negative ? -value : value;
  }
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** The CSS colour for a category's colour token (falls back to a neutral one). */
export function categoryColor(token) {
  const safe = /^[a-z0-9-]+$/.test(token || "") ? token : "category-custom";
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--color-${safe}`);
  return (
    value.trim() ||
    getComputedStyle(document.documentElement).getPropertyValue("--color-category-custom").trim()
  );
}
