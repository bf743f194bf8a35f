// Dashboard: a greeting, this month's spending so far (from reports/summary, in the user's
// default currency), budget alerts for the month, a by-category doughnut, the latest
// expenses, and the month's insights (dashboard-insights.js, loaded on their own). A new
// account sees "Get started" (dashboard-first-run.js) instead of empty totals.

import * as api from "../api.js";
import { alertBox } from "../budget-status.js";
import { loadChart, whenVisible } from "../chart-loader.js";
import { ADD_BUTTON_CLASS, h } from "../dom.js";
import { gettingStartedSection } from "./dashboard-first-run.js";
import { insightsSection } from "./dashboard-insights.js";
import { sameDayNextMonth } from "./schedule-from-expense.js";
import { categoryDoughnut, expensesHref } from "./report-charts.js";
import {
  categoryColor,
  formatCount,
  formatDate,
  formatMoney,
  formatPercent,
  monthLabel,
  monthRange,
  monthValue,
  today,
} from "../format.js";

// Chart.js keeps every chart it draws; the previous visit's chart is destroyed on the next.
let charts = [];

function greeting(name) {
  const hour = new Date().getHours();
  const part = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
  return `${part}, ${name}`;
}

function statCard(label, value, note) {
  return h(
    "div",
    { class: "card" },
    h("p", { class: "text-sm text-slate-500", text: label }),
    h("p", { class: "mt-1 text-2xl font-semibold tabular-nums", text: value }),
    note ? h("p", { class: "mt-1 text-xs text-slate-500", text: note }) : null,
  );
}

function categoryBreakdown(summary, colorOf, month) {
  const currency = summary.currency;
  // Each category opens the month's expenses in it, like the reports do.
  const hrefOf = (row) => expensesHref(summary, row.category);
  const rows = summary.by_category.map((row) => ({
    ...row,
    name: row.category_name || "Uncategorised",
  }));
  const list = h(
    "ul",
    { class: "space-y-2 text-sm" },
    rows.map((row) =>
      h(
        "li",
        { class: "flex items-center gap-2" },
        h("span", { class: "swatch", style: `background-color: ${colorOf(row.category)}` }),
        h("a", { class: "link flex-1", href: hrefOf(row), text: row.name }),
        h("span", {
          class: "text-xs text-slate-500 tabular-nums",
          text: formatPercent(row.percent),
        }),
        h("span", { class: "tabular-nums font-medium", text: formatMoney(row.total, currency) }),
      ),
    ),
  );
  const section = h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "by-category-heading" },
    h(
      "div",
      { class: "flex items-center justify-between" },
      h("h2", { id: "by-category-heading", text: `By category (${currency})` }),
      h("a", { href: "#/reports", class: "link text-sm", text: "See reports" }),
    ),
  );
  // The box is kept while Chart.js loads, so nothing below it moves when the chart appears.
  const chartBox = h("div", { class: "relative mx-auto h-48 w-48", dataset: { chartBox: "" } });
  if (rows.length) section.append(chartBox);
  section.append(
    rows.length
      ? list
      : h("p", { class: "text-sm text-slate-500", text: `No spending in ${currency} yet.` }),
  );
  return {
    section,
    async drawChart() {
      if (!rows.length) return;
      await whenVisible(chartBox);
      try {
        await loadChart();
      } catch {
        chartBox.remove(); // The list beside it says it all.
        return;
      }
      if (!chartBox.isConnected) return; // The user has moved on.
      const summaryText = rows
        .map((row) => `${row.name} ${formatMoney(row.total, currency)}`)
        .join(", ");
      const canvas = h("canvas", {
        role: "img",
        "aria-label": `Spending by category in ${month}, ${currency}: ${summaryText}`,
      });
      chartBox.append(canvas);
      charts.push(
        categoryDoughnut(canvas, rows, currency, colorOf, (row) => {
          location.hash = hrefOf(row);
        }),
      );
    },
  };
}

function recentList(expenses) {
  if (!expenses.length) {
    return h("p", { class: "text-sm text-slate-500", text: "No expenses yet." });
  }
  return h(
    "ul",
    { class: "divide-y divide-slate-100" },
    expenses.map((expense) =>
      h(
        "li",
        { class: "flex items-center gap-3 py-2 text-sm" },
        h("span", {
          class: "w-24 shrink-0 text-slate-500 sm:w-28",
          text: formatDate(expense.date),
        }),
        h(
          "a",
          { href: `#/expenses/${expense.id}`, class: "link min-w-0 flex-1 truncate" },
          expense.description,
        ),
        h("span", {
          class: "badge hidden sm:inline-flex",
          text: expense.category_name || "Uncategorised",
        }),
        h("span", {
          class: "shrink-0 text-right font-medium tabular-nums sm:w-28",
          text: formatMoney(expense.amount, expense.currency),
        }),
      ),
    ),
  );
}

const UPCOMING_SHOWN = 6;

/**
 * The "Upcoming bills" card: recurring expenses still to come from today to the same day
 * next month, with their total per currency. Loads on its own, like the insights.
 */
function upcomingSection() {
  const start = today();
  const end = sameDayNextMonth(start);
  const content = h("div", {}, h("p", { class: "text-sm text-slate-500", text: "Loading…" }));
  const section = h(
    "section",
    { class: "card space-y-3", "aria-labelledby": "upcoming-heading", "aria-busy": "true" },
    h(
      "div",
      { class: "flex items-center justify-between" },
      h("h2", { id: "upcoming-heading", text: "Upcoming bills" }),
      h("a", { href: "#/recurring", class: "link text-sm", text: "Manage" }),
    ),
    content,
  );
  api
    .upcomingBills({ start, end })
    .then((data) => {
      if (!data.results.length) {
        content.replaceChildren(
          h("p", {
            class: "text-sm text-slate-500",
            text: `None until ${formatDate(end)}. Add rent or subscriptions under Recurring.`,
          }),
        );
        return;
      }
      const shown = data.results.slice(0, UPCOMING_SHOWN);
      const more = data.results.length - shown.length;
      const parts = [
        h(
          "ul",
          { class: "divide-y divide-slate-100", "aria-label": "Upcoming bills" },
          shown.map((bill) =>
            h(
              "li",
              { class: "flex items-center gap-3 py-2 text-sm", dataset: { upcoming: "" } },
              h("span", { class: "w-20 shrink-0 text-slate-500", text: formatDate(bill.date) }),
              h("span", { class: "min-w-0 flex-1 truncate", text: bill.description }),
              h("span", {
                class: "shrink-0 font-medium tabular-nums",
                text: formatMoney(bill.amount, bill.currency),
              }),
            ),
          ),
        ),
        more > 0 ? h("p", { class: "text-xs text-slate-500", text: `And ${more} more.` }) : null,
        ...data.totals.map((row) =>
          h(
            "p",
            { class: "flex justify-between border-t border-slate-100 pt-2 text-sm font-medium" },
            h("span", { text: `Total until ${formatDate(end)}` }),
            h("span", { class: "tabular-nums", text: formatMoney(row.total, row.currency) }),
          ),
        ),
      ];
      content.replaceChildren(...parts.filter(Boolean));
    })
    .catch(() => {
      content.replaceChildren(
        h("p", { class: "text-sm text-slate-500", text: "Upcoming bills are not available right now." }),
      );
    })
    .finally(() => section.removeAttribute("aria-busy"));
  return section;
}

/** Grey blocks in the shape of the dashboard, shown until its data arrives. */
function skeleton() {
  const bar = (size) => h("div", { class: `rounded bg-slate-200 ${size}` });
  const card = (...bars) => h("div", { class: "card space-y-3" }, ...bars);
  return h(
    "div",
    { class: "space-y-6", dataset: { skeleton: "" } },
    h("p", { class: "sr-only", text: "Loading…" }),
    h(
      "div",
      { class: "space-y-6 motion-safe:animate-pulse", "aria-hidden": "true" },
      h(
        "div",
        { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-3" },
        [1, 2, 3].map(() => card(bar("h-4 w-28"), bar("h-7 w-36"))),
      ),
      h(
        "div",
        { class: "grid gap-6 lg:grid-cols-3" },
        h(
          "div",
          { class: "lg:col-span-2" },
          card(bar("h-5 w-40"), ...[1, 2, 3, 4, 5].map(() => bar("h-4 w-full"))),
        ),
        card(bar("h-5 w-32"), bar("mx-auto size-40 rounded-full")),
      ),
    ),
  );
}

function recentCard(recent) {
  return h(
    "section",
    { class: "card space-y-3", "aria-labelledby": "recent-heading" },
    h(
      "div",
      { class: "flex items-center justify-between" },
      h("h2", { id: "recent-heading", text: "Recent expenses" }),
      recent.count ? h("a", { href: "#/expenses", class: "link text-sm", text: "See all" }) : null,
    ),
    recentList(recent.results),
  );
}

export async function render(container, ctx) {
  for (const chart of charts) chart.destroy();
  charts = [];
  const now = new Date();
  const month = monthLabel(now);
  const currency = ctx.me.default_currency;
  // The heading and the page's shape are drawn at once; the data fills them in.
  const body = h("div", { class: "space-y-6", "aria-busy": "true" }, skeleton());
  container.append(
    h(
      "div",
      { class: "flex flex-wrap items-end justify-between gap-3" },
      h(
        "div",
        {},
        h("h1", { text: greeting(ctx.me.username) }),
        h("p", { class: "text-sm text-slate-600", text: `Here is ${month} so far.` }),
      ),
      h("a", {
        href: "#/expenses/new",
        class: `btn btn-primary ${ADD_BUTTON_CLASS}`,
        text: "Add expense",
      }),
    ),
    body,
  );
  // Room at the bottom for the floating "Add expense" button on a phone.
  container.classList.add("pb-16", "sm:pb-0");
  // Asked for now, shown with the rest: the other requests never wait for it.
  const insights = insightsSection(monthValue(now), currency);
  const upcoming = upcomingSection();

  let summary;
  let recent;
  let categories;
  let budgets;
  let gettingStarted;
  try {
    // Up to today, so the daily average is over the days so far.
    [summary, recent, categories, budgets] = await Promise.all([
      api.reportSummary({ start: monthRange(now).start, end: today(), currency }),
      api.listExpenses({ page_size: 5 }),
      api.listCategories(),
      api.budgetStatus(monthValue(now)),
    ]);
    gettingStarted = await gettingStartedSection({
      me: ctx.me,
      recent,
      budgets,
      monthStart: monthRange(now).start,
      onDismiss: () => container.querySelector("h1")?.focus({ preventScroll: true }),
    });
  } catch (error) {
    body.replaceChildren(h("p", { class: "alert", role: "alert", text: error.message }));
    body.removeAttribute("aria-busy");
    return;
  }

  if (!recent.count) {
    // A new account: what to do first, and no walls of zeros or empty charts.
    body.replaceChildren(
      gettingStarted
        ? h(
            "div",
            { class: "grid gap-6 lg:grid-cols-3" },
            h("div", { class: "min-w-0 lg:col-span-2" }, gettingStarted),
            h("div", { class: "min-w-0" }, recentCard(recent)),
          )
        : recentCard(recent),
    );
    body.removeAttribute("aria-busy");
    return;
  }

  const tokens = new Map(categories.map((category) => [category.id, category.color_token]));
  const colorOf = (categoryId) =>
    categoryColor(categoryId === null ? "category-other" : tokens.get(categoryId));
  const days = now.getDate();
  const stats = h(
    "section",
    { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-3", "aria-label": `${month} totals` },
    statCard(
      `Spent in ${month}`,
      formatMoney(summary.total, summary.currency),
      `In ${summary.currency}, your default currency`,
    ),
    statCard("Expenses this month", formatCount(summary.count)),
    statCard(
      "Daily average",
      formatMoney(summary.averages.per_day, summary.currency),
      `Over the ${days} ${days === 1 ? "day" : "days"} so far`,
    ),
  );
  const alerts = alertBox(budgets, { title: `Budget alerts for ${month}` });
  const breakdown = categoryBreakdown(summary, colorOf, month);

  body.replaceChildren(
    ...[gettingStarted, stats, alerts].filter(Boolean),
    h(
      "div",
      { class: "grid gap-6 lg:grid-cols-3" },
      h("div", { class: "min-w-0 lg:col-span-2" }, recentCard(recent)),
      h("div", { class: "min-w-0 space-y-6" }, upcoming, breakdown.section),
    ),
    insights,
  );
  body.removeAttribute("aria-busy");
  breakdown.drawChart();
}
