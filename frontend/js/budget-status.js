// A budget's status as the user sees it: its name, a coloured progress bar, and the warning
// shown when spending reaches a budget's threshold (on the dashboard and after saving an
// expense). Rows are the API's budget status rows (budgets/status/, an expense's budget_alerts).

import { h } from "./dom.js";
import { formatMonth, formatPercent, formatMoney } from "./format.js";

export const STATUS = {
  ok: { label: "On track", bar: "bg-emerald-500", badge: "bg-emerald-50 text-emerald-800" },
  warn: { label: "Near the limit", bar: "bg-amber-500", badge: "bg-amber-50 text-amber-900" },
  exceeded: { label: "Over budget", bar: "bg-red-600", badge: "bg-red-50 text-red-800" },
};

const statusOf = (row) => STATUS[row.status] ?? STATUS.ok;

/** "Food" for a category budget, "Overall" for the month's overall budget. */
export const budgetName = (row) =>
  row.scope === "overall" ? "Overall" : row.category_name || "Uncategorised";

/** "₹1,185.17 spent of ₹5,310.38". */
export const spentText = (row) =>
  `${formatMoney(row.spent, row.currency)} spent of ${formatMoney(row.available, row.currency)}`;

/** "Food budget at 85%: ₹15,300.00 spent of ₹18,000.00." (or "… exceeded: 137%: …"). */
export function alertText(row) {
  const used = formatPercent(row.percent_used, 0);
  const state = row.status === "exceeded" ? `exceeded (${used})` : `at ${used}`;
  return `${budgetName(row)} budget ${state}: ${spentText(row)}.`;
}

export function statusBadge(row) {
  return h("span", { class: `badge ${statusOf(row).badge}`, text: statusOf(row).label });
}

/** A progress bar, coloured by status, filled to percent_used (capped at 100). */
export function progressBar(row) {
  const percent = Math.max(0, Math.min(100, Number(row.percent_used) || 0));
  return h(
    "div",
    {
      class: "h-2.5 w-full overflow-hidden rounded-full bg-slate-100",
      role: "progressbar",
      "aria-label": `${budgetName(row)} budget used`,
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": String(Math.round(percent)),
      "aria-valuetext": `${formatPercent(row.percent_used, 0)}, ${spentText(row)}`,
    },
    h("div", { class: `h-full rounded-full ${statusOf(row).bar}`, style: `width: ${percent}%` }),
  );
}

/**
 * The warning box for budgets at or over their threshold: null when none is. Announced as an
 * alert, with a link to the month's budgets.
 */
export function alertBox(rows, { title } = {}) {
  const alerts = (rows ?? []).filter((row) => row.status === "warn" || row.status === "exceeded");
  if (!alerts.length) return null;
  const month = alerts[0].month?.slice(0, 7);
  const over = alerts.some((row) => row.status === "exceeded");
  return h(
    "div",
    {
      class: `${over ? "alert" : "notice"} space-y-1`,
      role: "alert",
      dataset: { budgetAlerts: "" },
    },
    h("p", {
      class: "font-semibold",
      text: title ?? (alerts.length === 1 ? "Budget alert" : "Budget alerts"),
    }),
    h(
      "ul",
      { class: "list-disc space-y-0.5 pl-5" },
      alerts.map((row) => h("li", { text: alertText(row) })),
    ),
    month
      ? h("a", {
          href: `#/budgets?month=${month}`,
          class: "link",
          text: `See the budgets for ${formatMonth(month)}`,
        })
      : null,
  );
}
