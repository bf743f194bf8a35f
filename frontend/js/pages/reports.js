// Reports: for a date range and one currency, the summary figures, spending by category and
// over time (report-charts.js), and a month compared with the month before, per category.

import * as api from "../api.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  nextFrame,
  showErrors,
  showFieldError,
  table,
} from "../dom.js";
import {
  addMonths,
  categoryColor,
  formatCount,
  formatDate,
  formatMoney,
  formatMonth,
  formatPercent,
  isMonthValue,
  isoDate,
  monthName,
  monthValue,
  today,
} from "../format.js";
import { hrefFor, navigate } from "../router.js";
import {
  BUCKETS,
  categorySection,
  destroyCharts,
  expensesHref,
  timeseriesSection,
} from "./report-charts.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The range, currency, bucket and trends month from the URL, with the defaults filled in. */
function readOptions(query, me) {
  const now = new Date();
  const get = (name, pattern, fallback) => {
    const value = query.get(name);
    return value && pattern.test(value) ? value : fallback;
  };
  return {
    start: get("start", ISO_DATE, isoDate(new Date(now.getFullYear(), now.getMonth() - 5, 1))),
    end: get("end", ISO_DATE, today()),
    currency: (query.get("currency") || me.default_currency).toUpperCase(),
    bucket: BUCKETS.some((b) => b.value === query.get("bucket")) ? query.get("bucket") : "monthly",
    month: isMonthValue(query.get("month")) ? query.get("month").slice(0, 7) : monthValue(now),
  };
}

function optionsForm(options) {
  const fields = [
    field({ label: "From", name: "start", type: "date", value: options.start, required: true }),
    field({ label: "To", name: "end", type: "date", value: options.end, required: true }),
    field({
      label: "Currency",
      name: "currency",
      maxlength: 3,
      autocapitalize: "characters",
      value: options.currency,
    }),
    field({
      label: "Spending over time by",
      name: "bucket",
      element: "select",
      options: BUCKETS.map((bucket) => ({ value: bucket.value, label: bucket.label })),
      value: options.bucket,
    }),
  ];
  const form = h(
    "form",
    { class: "card space-y-4", "aria-label": "Report options", novalidate: true },
    formAlert(),
    h(
      "div",
      { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" },
      fields.map((entry) => entry.wrapper),
      h(
        "div",
        {},
        h("button", { type: "submit", class: "btn btn-primary w-full", text: "Show report" }),
      ),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name) => form.elements.namedItem(name).value.trim();
    navigate("/reports", {
      start: value("start"),
      end: value("end"),
      currency: value("currency").toUpperCase(),
      bucket: value("bucket"),
      month: options.month,
    });
  });
  return form;
}

function statCard(label, value, note) {
  return h(
    "div",
    { class: "card" },
    h("p", { class: "text-sm text-slate-500", text: label }),
    h("p", { class: "mt-1 text-xl font-semibold tabular-nums sm:text-2xl", text: value }),
    note ? h("p", { class: "mt-1 text-xs text-slate-500", text: note }) : null,
  );
}

/** Days from `start` to `end` (ISO dates), both counted. */
const daysBetween = (start, end) => Math.round((Date.parse(end) - Date.parse(start)) / 86400000) + 1;

/** "12.34" for `total` ("123.40") shared over `days`, rounded to the cent. */
const share = (total, days) => (Math.round(Math.round(Number(total) * 100) / days) / 100).toFixed(2);

/**
 * The summary's figures. `soFar` ({days, total}) is set when the range runs into the future:
 * the API's per-day average divides by every day of the range, so "per day" here is the
 * spending to today over the days elapsed.
 */
function summaryStats(summary, soFar = null) {
  const money = (amount) => formatMoney(amount, summary.currency);
  return h(
    "section",
    { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-5", "aria-label": "Summary" },
    statCard(
      "Total spent",
      money(summary.total),
      `${formatDate(summary.start)} – ${formatDate(summary.end)}`,
    ),
    statCard("Expenses", formatCount(summary.count)),
    soFar
      ? statCard(
          `Per day so far (${formatCount(soFar.days)} ${soFar.days === 1 ? "day" : "days"})`,
          money(share(soFar.total, soFar.days)),
          `${formatDate(summary.start)} – ${formatDate(soFar.end)}; the days to come are not counted`,
        )
      : statCard("Per day", money(summary.averages.per_day)),
    statCard("Per week", money(summary.averages.per_week)),
    statCard("Per month", money(summary.averages.per_month)),
  );
}


/** "▲ ₹1,234.00 (12.3%)" in red for more spending, "▼ …" in green for less. */
function change(delta, percent, currency) {
  const value = Number(delta);
  if (value === 0) return h("span", { class: "text-slate-500", text: "No change" });
  const up = value > 0;
  const amount = formatMoney(String(delta).replace(/^-/, ""), currency);
  const share = percent === null ? "new" : formatPercent(Math.abs(percent));
  return h(
    "span",
    { class: `whitespace-nowrap font-medium ${up ? "text-red-700" : "text-emerald-700"}` },
    h("span", { "aria-hidden": "true", text: up ? "▲ " : "▼ " }),
    h("span", { class: "sr-only", text: up ? "Up " : "Down " }),
    `${amount} (${share})`,
  );
}

/**
 * `range` ({currency, start, end}): the dates of the current side of the comparison, so
 * a category opens its expenses of that month (or of its days so far).
 */
function trendsContent(trends, range) {
  const currency = trends.currency;
  const current = trends.current_label ?? formatMonth(trends.month);
  const previous = trends.previous_label ?? formatMonth(trends.previous_month);
  const figure = (label, value) =>
    h(
      "div",
      { class: "rounded-lg bg-slate-50 px-4 py-3" },
      h("dt", { class: "text-xs text-slate-500", text: label }),
      h("dd", { class: "mt-1 text-lg font-semibold tabular-nums" }, value),
    );
  return [
    trends.note
      ? h("p", { class: "text-sm text-slate-600", dataset: { likeForLike: "" }, text: trends.note })
      : null,
    h(
      "dl",
      { class: "grid gap-3 sm:grid-cols-3" },
      figure(current, formatMoney(trends.current_total, currency)),
      figure(previous, formatMoney(trends.previous_total, currency)),
      figure("Change", change(trends.delta, trends.percent_change, currency)),
    ),
    trends.by_category.length
      ? h(
          "div",
          {
            class: "relative overflow-x-auto",
            // Focusable and named: a keyboard user can scroll it (axe: scrollable-region-focusable).
            tabindex: "0",
            role: "region",
            "aria-label": `${current} compared with ${previous}`,
          },
          table({
            caption: `Spending per category, ${current} compared with ${previous}, in ${currency}`,
            columns: [
              { label: "Category" },
              { label: current, numeric: true },
              { label: previous, numeric: true },
              { label: "Change", numeric: true },
            ],
            rows: trends.by_category.map((row) => [
              Number(row.current_total)
                ? h("a", {
                    href: expensesHref(range, row.category),
                    class: "link",
                    text: row.category_name || "Uncategorised",
                  })
                : row.category_name || "Uncategorised",
              formatMoney(row.current_total, currency),
              formatMoney(row.previous_total, currency),
              change(row.delta, row.percent_change, currency),
            ]),
          }),
        )
      : h("p", {
          class: "text-sm text-slate-500",
          text: `No spending in ${currency} in ${current} or ${previous}.`,
        }),
  ];
}

const cents = (amount) => Math.round(Number(amount) * 100);
const money2 = (value) => (value / 100).toFixed(2);

/** `{delta, percent_change}` as the API's trends give them, from two totals. */
function changeOf(current, previous) {
  const delta = cents(current) - cents(previous);
  return {
    delta: money2(delta),
    percent_change: cents(previous) ? (delta / cents(previous)) * 100 : null,
  };
}

/**
 * The current month so far against the same days of the month before ("1–2 Dec vs 1–2 Nov"),
 * from two summaries: `reports/trends/` compares whole months, so the first days of a month
 * would be set against all of the last one. Shaped like the trends answer.
 */
async function sameDaysTrends(month, currency) {
  const day = new Date().getDate();
  const previousMonth = addMonths(month, -1);
  const [year, number] = previousMonth.split("-").map(Number);
  const previousDay = Math.min(day, new Date(year, number, 0).getDate());
  const pad = (n) => String(n).padStart(2, "0");
  const [current, previous] = await Promise.all([
    api.reportSummary({ start: `${month}-01`, end: `${month}-${pad(day)}`, currency }),
    api.reportSummary({
      start: `${previousMonth}-01`,
      end: `${previousMonth}-${pad(previousDay)}`,
      currency,
    }),
  ]);
  const label = (value, last) => {
    const [y, m] = value.split("-").map(Number);
    const name = monthName(new Date(y, m - 1, 1));
    return last === 1 ? `1 ${name}` : `1–${last} ${name}`;
  };
  const rows = new Map();
  for (const [key, summary] of [["current_total", current], ["previous_total", previous]]) {
    for (const row of summary.by_category) {
      const id = row.category ?? "none";
      const entry = rows.get(id) ?? {
        category: row.category,
        category_name: row.category_name,
        current_total: "0.00",
        previous_total: "0.00",
      };
      entry[key] = row.total;
      rows.set(id, entry);
    }
  }
  const byCategory = [...rows.values()]
    .map((row) => ({ ...row, ...changeOf(row.current_total, row.previous_total) }))
    .sort(
      (a, b) =>
        cents(b.current_total) - cents(a.current_total) ||
        cents(b.previous_total) - cents(a.previous_total),
    );
  const currentLabel = label(month, day);
  const previousLabel = label(previousMonth, previousDay);
  return {
    currency: current.currency ?? currency,
    month,
    previous_month: previousMonth,
    current_label: currentLabel,
    previous_label: previousLabel,
    note: `${currentLabel} vs ${previousLabel}: this month so far against the same days of ${formatMonth(previousMonth)}.`,
    current_total: current.total,
    previous_total: previous.total,
    ...changeOf(current.total, previous.total),
    by_category: byCategory,
  };
}

/**
 * The days of `month` ("2026-11") the comparison counts: all of it, or for the current
 * month the days so far (as sameDaysTrends compares them).
 */
function monthRange(month, currency) {
  const [year, number] = month.split("-").map(Number);
  const start = `${month}-01`;
  if (month === monthValue(new Date())) return { currency, start, end: today() };
  const lastDay = new Date(year, number, 0).getDate();
  return { currency, start, end: `${month}-${String(lastDay).padStart(2, "0")}` };
}

function trendsSection(options) {
  const month = field({
    label: "Month",
    name: "month",
    type: "month",
    value: options.month,
    required: true,
    wrapperClass: "w-44",
  });
  const body = h("div", { class: "space-y-4", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "flex flex-wrap items-end gap-2", "aria-label": "Month to compare", novalidate: true },
    month.wrapper,
    h("button", { type: "submit", class: "btn", text: "Compare" }),
    h("div", { class: "w-full" }, formAlert()),
  );
  const section = h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "report-trends-heading" },
    h(
      "div",
      { class: "flex flex-wrap items-end justify-between gap-3" },
      h(
        "div",
        {},
        h("h2", { id: "report-trends-heading", text: "Month on month" }),
        h("p", {
          class: "text-sm text-slate-600",
          text: `A month's spending in ${options.currency} against the month before, per category.`,
        }),
      ),
      form,
    ),
    body,
  );

  async function load(value) {
    clearErrors(form);
    body.setAttribute("aria-busy", "true");
    try {
      const trends =
        value === monthValue(new Date())
          ? await sameDaysTrends(value, options.currency)
          : await api.reportTrends({ month: value, currency: options.currency });
      const range = monthRange(value, options.currency);
      body.replaceChildren(...trendsContent(trends, range).filter(Boolean));
    } catch (error) {
      body.replaceChildren();
      showErrors(form, error);
    } finally {
      body.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = month.control.value;
    if (!isMonthValue(value)) {
      showFieldError(form, "month", "Choose a month.");
      month.control.focus();
      return;
    }
    // The URL (and the report form) remember the month, without a re-render, so focus stays
    // in this form.
    options.month = value.slice(0, 7);
    history.replaceState(null, "", hrefFor("/reports", options));
    await load(options.month);
  });

  return { section, load: () => load(options.month) };
}

export async function render(container, ctx) {
  destroyCharts();
  const options = readOptions(ctx.query, ctx.me);
  const form = optionsForm(options);
  const results = h(
    "div",
    // Room for the report while it loads, so the section below does not jump (layout shift).
    { class: "space-y-6 aria-busy:min-h-screen", "aria-busy": "true" },
    h("p", { class: "text-sm text-slate-500", text: "Loading…" }),
  );
  const trends = trendsSection(options);
  container.append(h("h1", { text: "Reports" }), form, results, trends.section);

  const trendsLoaded = trends.load();
  let summary;
  let series;
  let categories;
  let soFar = null;
  const now = today();
  const future = options.end > now && options.start <= now;
  try {
    let toToday;
    [summary, series, categories, toToday] = await Promise.all([
      api.reportSummary({ start: options.start, end: options.end, currency: options.currency }),
      api.reportTimeseries({
        start: options.start,
        end: options.end,
        currency: options.currency,
        bucket: options.bucket,
      }),
      api.listCategories(),
      // A range that runs into the future: its spending to today, for "per day so far".
      future
        ? api.reportSummary({ start: options.start, end: now, currency: options.currency })
        : null,
    ]);
    if (toToday) soFar = { days: daysBetween(options.start, now), total: toToday.total, end: now };
  } catch (error) {
    results.replaceChildren();
    results.removeAttribute("aria-busy");
    showErrors(form, error);
    await trendsLoaded;
    return;
  }

  const tokens = new Map(categories.map((category) => [category.id, category.color_token]));
  const colorOf = (categoryId) =>
    categoryColor(categoryId === null ? "category-other" : tokens.get(categoryId));
  if (!summary.count) {
    results.replaceChildren(
      summaryStats(summary, soFar),
      h("p", {
        class: "card text-sm text-slate-600",
        text: `No expenses in ${summary.currency} from ${formatDate(summary.start)} to ${formatDate(summary.end)}.`,
      }),
    );
  } else {
    const byCategory = categorySection(summary, colorOf);
    const grid = h("div", { class: "grid gap-6 lg:grid-cols-5" }, [
      h("div", { class: "min-w-0 lg:col-span-2" }, byCategory.section),
    ]);
    results.replaceChildren(summaryStats(summary, soFar), grid);
    byCategory.draw();
    // The rest after the first part is painted: two shorter tasks (build, style, layout)
    // instead of one long one, and the totals on screen sooner.
    await nextFrame();
    const overTime = timeseriesSection(series, options);
    grid.append(h("div", { class: "min-w-0 lg:col-span-3" }, overTime.section));
    overTime.draw();
  }
  results.removeAttribute("aria-busy");
  await trendsLoaded;
}
