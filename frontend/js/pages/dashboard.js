// Dashboard: a greeting, this month's spending (per currency, never mixed), a by-category
// doughnut and the latest expenses.

import * as api from "../api.js";
import { h } from "../dom.js";
import {
  categoryColor,
  formatDate,
  formatMoney,
  monthLabel,
  monthRange,
  sumAmounts,
} from "../format.js";

function greeting(name) {
  const hour = new Date().getHours();
  const part = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
  return `${part}, ${name}`;
}

/** Totals per currency and, per currency, per category: `Map(currency → {total, count, byCategory})`. */
function summarise(expenses) {
  const byCurrency = new Map();
  for (const expense of expenses) {
    const entry = byCurrency.get(expense.currency) ?? { amounts: [], byCategory: new Map() };
    entry.amounts.push(expense.amount);
    const key = expense.category ?? "none";
    const row = entry.byCategory.get(key) ?? {
      category: expense.category,
      name: expense.category_name || "Uncategorised",
      amounts: [],
    };
    row.amounts.push(expense.amount);
    entry.byCategory.set(key, row);
    byCurrency.set(expense.currency, entry);
  }
  const summary = new Map();
  for (const [currency, entry] of byCurrency) {
    const rows = [...entry.byCategory.values()]
      .map((row) => ({ ...row, total: sumAmounts(row.amounts), count: row.amounts.length }))
      .sort((a, b) => Number(b.total) - Number(a.total));
    summary.set(currency, { total: sumAmounts(entry.amounts), count: entry.amounts.length, rows });
  }
  return summary;
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

function categoryBreakdown(currency, data, colorOf, month) {
  const list = h(
    "ul",
    { class: "space-y-2 text-sm" },
    data.rows.map((row) =>
      h(
        "li",
        { class: "flex items-center gap-2" },
        h("span", { class: "swatch", style: `background-color: ${colorOf(row.category)}` }),
        h("span", { class: "flex-1", text: row.name }),
        h("span", { class: "tabular-nums font-medium", text: formatMoney(row.total, currency) }),
      ),
    ),
  );
  const section = h(
    "section",
    { class: "card space-y-4", "aria-labelledby": `by-category-${currency}` },
    h("h2", { id: `by-category-${currency}`, text: `By category (${currency})` }),
  );
  const chartBox = h("div", { class: "relative mx-auto h-48 w-48" });
  if (window.Chart) section.append(chartBox);
  section.append(list);
  return {
    section,
    drawChart() {
      if (!window.Chart) return;
      const summaryText = data.rows
        .map((row) => `${row.name} ${formatMoney(row.total, currency)}`)
        .join(", ");
      const canvas = h("canvas", {
        role: "img",
        "aria-label": `Spending by category in ${month}, ${currency}: ${summaryText}`,
      });
      chartBox.append(canvas);
      new window.Chart(canvas, {
        type: "doughnut",
        data: {
          labels: data.rows.map((row) => row.name),
          datasets: [
            {
              data: data.rows.map((row) => Number(row.total)),
              backgroundColor: data.rows.map((row) => colorOf(row.category)),
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

export async function render(container, ctx) {
  const now = new Date();
  const month = monthLabel(now);
  const { start, end } = monthRange(now);
  const body = h(
    "div",
    { class: "space-y-6", "aria-busy": "true" },
    h("p", { class: "text-sm text-slate-500", text: "Loading…" }),
  );
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
      h("a", { href: "#/expenses/new", class: "btn btn-primary", text: "Add expense" }),
    ),
    body,
  );

  let thisMonth;
  let recent;
  let categories;
  try {
    [thisMonth, recent, categories] = await Promise.all([
      api.listAllExpenses({ start_date: start, end_date: end }),
      api.listExpenses({ page_size: 5 }),
      api.listCategories(),
    ]);
  } catch (error) {
    body.replaceChildren(h("p", { class: "alert", role: "alert", text: error.message }));
    body.removeAttribute("aria-busy");
    return;
  }

  const monthExpenses = thisMonth.results;
  const partial = monthExpenses.length < thisMonth.count;
  const tokens = new Map(categories.map((category) => [category.id, category.color_token]));
  const colorOf = (categoryId) =>
    categoryColor(categoryId === null ? "category-other" : tokens.get(categoryId));
  const summary = summarise(monthExpenses);
  const currencies = [...summary.keys()].sort((a, b) =>
    a === ctx.me.default_currency ? -1 : b === ctx.me.default_currency ? 1 : a.localeCompare(b),
  );

  const stats = h("section", {
    class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-3",
    "aria-label": `${month} totals`,
  });
  if (!currencies.length) {
    stats.append(
      statCard(`Spent in ${month}`, formatMoney("0", ctx.me.default_currency)),
      statCard("Expenses this month", "0"),
    );
  }
  for (const currency of currencies) {
    const data = summary.get(currency);
    stats.append(
      statCard(
        `Spent in ${month}${currencies.length > 1 ? ` (${currency})` : ""}`,
        formatMoney(data.total, currency),
        currencies.length > 1 ? `${data.count} ${data.count === 1 ? "expense" : "expenses"}` : null,
      ),
    );
  }
  if (currencies.length) {
    stats.append(statCard("Expenses this month", String(thisMonth.count)));
    const mainCurrency = currencies[0];
    const perDay = Number(summary.get(mainCurrency).total) / now.getDate();
    stats.append(
      statCard(
        `Daily average${currencies.length > 1 ? ` (${mainCurrency})` : ""}`,
        formatMoney(perDay.toFixed(2), mainCurrency),
        `Over the ${now.getDate()} ${now.getDate() === 1 ? "day" : "days"} so far`,
      ),
    );
  }
  if (partial) {
    stats.append(
      h("p", {
        class: "notice sm:col-span-2 lg:col-span-3",
        text: `Totals cover the first ${monthExpenses.length} of ${thisMonth.count} expenses this month.`,
      }),
    );
  }

  const breakdowns = currencies.map((currency) =>
    categoryBreakdown(currency, summary.get(currency), colorOf, month),
  );
  const recentSection = h(
    "section",
    { class: "card space-y-3", "aria-labelledby": "recent-heading" },
    h(
      "div",
      { class: "flex items-center justify-between" },
      h("h2", { id: "recent-heading", text: "Recent expenses" }),
      h("a", { href: "#/expenses", class: "link text-sm", text: "See all" }),
    ),
    recentList(recent.results),
  );

  body.replaceChildren(
    stats,
    h(
      "div",
      { class: "grid gap-6 lg:grid-cols-3" },
      h("div", { class: "min-w-0 lg:col-span-2" }, recentSection),
      h(
        "div",
        { class: "min-w-0 space-y-6" },
        breakdowns.map((breakdown) => breakdown.section),
      ),
    ),
  );
  body.removeAttribute("aria-busy");
  for (const breakdown of breakdowns) breakdown.drawChart();
}
