// The reports page's charts: spending by category (a doughnut) and over time (bars, or a line
// by day). Each comes with a table of its numbers, its text alternative; the canvas also has
// an aria-label that sums it up. A slice, a bar and a table row open the expense list on the
// expenses behind it (the report's currency and range, that category or period).

import { loadChart, whenVisible } from "../chart-loader.js";
import { h, table } from "../dom.js";
import {
  formatCount,
  formatDate,
  formatMoney,
  formatMoneyShort,
  formatMonth,
  formatPercent,
  formatPeriod,
} from "../format.js";
import { hrefFor, navigate } from "../router.js";

export const BUCKETS = [
  { value: "daily", label: "Day", unit: "day" },
  { value: "weekly", label: "Week", unit: "week" },
  { value: "monthly", label: "Month", unit: "month" },
];
const BAR_COLOR = "#6366f1";

// Chart.js keeps every chart it draws; the previous visit's charts are destroyed on the next.
let charts = [];

export function destroyCharts() {
  for (const chart of charts) chart.destroy();
  charts = [];
}

function chartCanvas(label) {
  return h("canvas", { role: "img", "aria-label": label });
}

/**
 * The expense list's address for the report's expenses in one currency and date range, of
 * one category when `category` is given (null: the uncategorised ones).
 */
export function expensesHref({ currency, start, end }, category) {
  const query = { currency, start_date: start, end_date: end };
  if (category !== undefined) query.category_id = category === null ? "none" : category;
  return hrefFor("/expenses", query);
}

/** Goes to an `expensesHref` address. */
const openList = (href) => {
  const [path, search = ""] = href.slice(1).split("?");
  navigate(path, Object.fromEntries(new URLSearchParams(search)));
};

/** Chart.js options that make its data elements act as links (`onPick(index)`). */
function clickable(onPick) {
  return {
    onClick: (_event, elements) => {
      if (elements.length) onPick(elements[0].index);
    },
    // A pointer over what can be clicked (through the CSSOM, which the CSP allows).
    onHover: (event, elements) => {
      event.native.target.style.cursor = elements.length ? "pointer" : "";
    },
  };
}

/**
 * Draws into `box` once it is in view and Chart.js has loaded; a box whose chart cannot be
 * loaded is dropped (the table beside it has the numbers), one the user has left is not drawn.
 */
async function drawWhenLoaded(box, draw) {
  await whenVisible(box);
  try {
    await loadChart();
  } catch {
    box.remove();
    return;
  }
  // Each chart in a task of its own: the page answers a tap between two charts.
  await new Promise((resolve) => setTimeout(resolve));
  if (box.isConnected) draw();
}

/** A Chart.js doughnut of spending by category (rows of {name, total, category}). */
export function categoryDoughnut(canvas, rows, currency, colorOf, onPick = null) {
  return new window.Chart(canvas, {
    type: "doughnut",
    data: {
      labels: rows.map((row) => row.name),
      datasets: [
        {
          data: rows.map((row) => Number(row.total)),
          backgroundColor: rows.map((row) => colorOf(row.category)),
          borderWidth: 1,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      ...(onPick ? clickable((index) => onPick(rows[index])) : {}),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: { label: (item) => ` ${formatMoney(item.raw, currency)}` },
        },
      },
    },
  });
}

export function categorySection(summary, colorOf) {
  const currency = summary.currency;
  const range = { currency, start: summary.start, end: summary.end };
  const rows = summary.by_category.map((row) => ({
    ...row,
    name: row.category_name || "Uncategorised",
    href: expensesHref(range, row.category),
  }));
  const section = h(
    "section",
    { class: "card min-w-0 space-y-4", "aria-labelledby": "report-category-heading" },
    h("h2", { id: "report-category-heading", text: "By category" }),
  );
  // Its room is kept while Chart.js loads, so the table below does not jump.
  const box = h("div", { class: "relative mx-auto h-56 w-56", dataset: { chartBox: "" } });
  section.append(box);
  section.append(
    h(
      "div",
      {
        class: "relative overflow-x-auto",
        // Focusable and named: a keyboard user can scroll it (axe: scrollable-region-focusable).
        tabindex: "0",
        role: "region",
        "aria-label": `Spending by category in ${currency}`,
      },
      table({
        caption: `Spending by category in ${currency}`,
        columns: [
          { label: "Category" },
          { label: "Spent", numeric: true },
          { label: "Share", numeric: true },
          { label: "Expenses", numeric: true, class: "hidden sm:table-cell" },
        ],
        rows: rows.map((row) => [
          h(
            "span",
            { class: "flex items-center gap-2" },
            h("span", { class: "swatch", style: `background-color: ${colorOf(row.category)}` }),
            h("a", {
              href: row.href,
              class: "link",
              text: row.name,
              title: `Show these ${formatCount(row.count)} expenses`,
            }),
          ),
          formatMoney(row.total, currency),
          formatPercent(row.percent),
          formatCount(row.count),
        ]),
      }),
    ),
  );
  return {
    section,
    draw() {
      return drawWhenLoaded(box, () => drawDoughnut());
    },
  };

  function drawDoughnut() {
    const share = (row) =>
      `${row.name} ${formatMoney(row.total, currency)} (${formatPercent(row.percent)})`;
    const top = rows.slice(0, 5).map(share).join(", ");
    const more = rows.length > 5 ? `, and ${rows.length - 5} more in the table below` : "";
    const canvas = chartCanvas(
      `Doughnut chart of spending by category in ${currency}: ${top}${more}. A slice opens its expenses.`,
    );
    box.append(canvas);
    charts.push(categoryDoughnut(canvas, rows, currency, colorOf, (row) => openList(row.href)));
  }
}

function periodTitle(iso, bucket) {
  if (bucket === "monthly") return formatMonth(iso);
  if (bucket === "weekly") return `Week of ${formatDate(iso)}`;
  return formatDate(iso);
}

/** The ISO date of the day before `iso` (computed in UTC: no time-zone shift). */
function dayBefore(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The dates each period of `series` covers inside the report's range: from its first day (or
 * the range's) to the day before the next period (or the range's last day), as the API
 * summed it.
 */
export function periodRanges(series, { start, end }) {
  return series.map((row, index) => {
    const next = series[index + 1];
    const last = next ? dayBefore(next.period) : end;
    return { start: row.period > start ? row.period : start, end: last < end ? last : end };
  });
}

export function timeseriesSection(series, options) {
  const { currency, bucket } = options;
  const ranges = periodRanges(series, options);
  const hrefOf = (index) => expensesHref({ currency, ...ranges[index] });
  const unit = BUCKETS.find((b) => b.value === bucket).unit;
  const withSpending = series.filter((row) => Number(row.total) > 0);
  const highest = withSpending.reduce(
    (best, row) => (!best || Number(row.total) > Number(best.total) ? row : best),
    null,
  );
  const section = h(
    "section",
    { class: "card min-w-0 space-y-4", "aria-labelledby": "report-time-heading" },
    h("h2", { id: "report-time-heading", text: `Spending per ${unit}` }),
  );
  // Its room is kept while Chart.js loads, so nothing below jumps.
  const box = h("div", { class: "relative h-64", dataset: { chartBox: "" } });
  section.append(box);
  const indexed = series.map((row, index) => ({ ...row, index }));
  const rows = bucket === "daily" ? indexed.filter((row) => Number(row.total) > 0) : indexed;
  section.append(
    h(
      "details",
      { class: "text-sm" },
      h("summary", { class: "link cursor-pointer", text: "Show the numbers" }),
      bucket === "daily"
        ? h("p", { class: "hint", text: "Days without spending are left out." })
        : null,
      h(
        "div",
        {
          class: "relative mt-2 max-h-80 overflow-auto",
          tabindex: "0",
          role: "region",
          "aria-label": `Spending per ${unit} in ${currency}`,
        },
        table({
          caption: `Spending per ${unit} in ${currency}`,
          columns: [
            { label: unit[0].toUpperCase() + unit.slice(1) },
            { label: "Spent", numeric: true },
            { label: "Expenses", numeric: true },
          ],
          rows: rows.map((row) => [
            Number(row.total) > 0
              ? h("a", {
                  href: hrefOf(row.index),
                  class: "link",
                  text: periodTitle(row.period, bucket),
                })
              : periodTitle(row.period, bucket),
            formatMoney(row.total, currency),
            formatCount(row.count),
          ]),
        }),
      ),
    ),
  );
  return {
    section,
    draw() {
      return drawWhenLoaded(box, drawSeries);
    },
  };

  function drawSeries() {
    const peak = highest
      ? ` The highest was ${formatMoney(highest.total, currency)} in the ${unit} of ${periodTitle(highest.period, bucket)}.`
      : "";
    const canvas = chartCanvas(
      `${bucket === "daily" ? "Line" : "Bar"} chart of spending per ${unit} in ${currency}, ${series.length} ${unit}s.${peak} The numbers are in the table below; a ${unit} opens its expenses.`,
    );
    box.append(canvas);
    charts.push(
      new window.Chart(canvas, {
        type: bucket === "daily" ? "line" : "bar",
        data: {
          labels: series.map((row) => formatPeriod(row.period, bucket)),
          datasets: [
            {
              label: `Spent (${currency})`,
              data: series.map((row) => Number(row.total)),
              backgroundColor: BAR_COLOR,
              borderColor: BAR_COLOR,
              borderWidth: bucket === "daily" ? 1.5 : 0,
              pointRadius: 0,
              borderRadius: 3,
            },
          ],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          interaction: { mode: "index", intersect: false },
          // The period under the pointer (the whole column counts), when it had spending.
          ...clickable((index) => {
            if (Number(series[index].total) > 0) openList(hrefOf(index));
          }),
          scales: {
            y: {
              beginAtZero: true,
              ticks: { callback: (value) => formatMoneyShort(value, currency) },
            },
            x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: (items) => periodTitle(series[items[0].dataIndex].period, bucket),
                label: (item) => ` ${formatMoney(item.raw, currency)}`,
              },
            },
          },
        },
      }),
    );
  }
}
