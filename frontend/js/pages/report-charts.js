// The reports page's charts: spending by category (a doughnut) and over time (bars, or a line
// by day). Each comes with a table of its numbers, its text alternative; the canvas also has
// an aria-label that sums it up.

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

/** A Chart.js doughnut of spending by category (rows of {name, total, category}). */
export function categoryDoughnut(canvas, rows, currency, colorOf) {
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
  const rows = summary.by_category.map((row) => ({
    ...row,
    name: row.category_name || "Uncategorised",
  }));
  const section = h(
    "section",
    { class: "card min-w-0 space-y-4", "aria-labelledby": "report-category-heading" },
    h("h2", { id: "report-category-heading", text: "By category" }),
  );
  const box = h("div", { class: "relative mx-auto h-56 w-56" });
  if (window.Chart) section.append(box);
  section.append(
    h(
      "div",
      { class: "relative overflow-x-auto" },
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
            row.name,
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
      if (!window.Chart) return;
      const share = (row) =>
        `${row.name} ${formatMoney(row.total, currency)} (${formatPercent(row.percent)})`;
      const top = rows.slice(0, 5).map(share).join(", ");
      const more = rows.length > 5 ? `, and ${rows.length - 5} more in the table below` : "";
      const canvas = chartCanvas(
        `Doughnut chart of spending by category in ${currency}: ${top}${more}.`,
      );
      box.append(canvas);
      charts.push(categoryDoughnut(canvas, rows, currency, colorOf));
    },
  };
}

function periodTitle(iso, bucket) {
  if (bucket === "monthly") return formatMonth(iso);
  if (bucket === "weekly") return `Week of ${formatDate(iso)}`;
  return formatDate(iso);
}

export function timeseriesSection(series, options) {
  const { currency, bucket } = options;
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
  const box = h("div", { class: "relative h-64" });
  if (window.Chart) section.append(box);
  const rows = bucket === "daily" ? withSpending : series;
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
        { class: "relative mt-2 max-h-80 overflow-auto" },
        table({
          caption: `Spending per ${unit} in ${currency}`,
          columns: [
            { label: unit[0].toUpperCase() + unit.slice(1) },
            { label: "Spent", numeric: true },
            { label: "Expenses", numeric: true },
          ],
          rows: rows.map((row) => [
            periodTitle(row.period, bucket),
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
      if (!window.Chart) return;
      const peak = highest
        ? ` The highest was ${formatMoney(highest.total, currency)} in the ${unit} of ${periodTitle(highest.period, bucket)}.`
        : "";
      const canvas = chartCanvas(
        `${bucket === "daily" ? "Line" : "Bar"} chart of spending per ${unit} in ${currency}, ${series.length} ${unit}s.${peak} The numbers are in the table below.`,
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
    },
  };
}
