// The dashboard's Insights card (ai/insights): the month-end forecast, unusual spending,
// subscriptions and tips, each linking to the expenses behind it. It loads on its own, so the
// rest of the dashboard never waits for it, and it disappears when the smart features are off.

import * as api from "../api.js";
import { h } from "../dom.js";
import { ErrorCode } from "../errors.js";
import { formatDate, formatMoney, formatMonth, monthRange, parseIsoDate } from "../format.js";
import { hrefFor } from "../router.js";

const ANOMALY_KINDS = {
  large_expense: "Unusually large",
  duplicate: "Possible duplicate",
  category_spike: "Category spike",
};

const PERIODS = {
  weekly: "Weekly",
  monthly: "Monthly",
  quarterly: "Quarterly",
  yearly: "Yearly",
};

/** The expenses list for a month, narrowed by `filters` (category_id, search). */
function expensesHref(month, filters = {}) {
  const { start, end } = monthRange(parseIsoDate(`${month}-01`));
  return hrefFor("/expenses", { start_date: start, end_date: end, ...filters });
}

function subsection(headingId, title, items, emptyText) {
  return h(
    "section",
    { class: "min-w-0 space-y-2", "aria-labelledby": headingId },
    h("h3", { id: headingId, class: "text-sm font-semibold text-slate-900", text: title }),
    items.length
      ? h("ul", { class: "space-y-3 text-sm" }, items)
      : h("p", { class: "text-sm text-slate-500", text: emptyText }),
  );
}

function forecastBlock(forecast, currency, month) {
  if (!forecast || forecast.predicted_total === null || forecast.predicted_total === undefined) {
    return h("p", {
      class: "text-sm text-slate-500",
      text: "Not enough spending yet to forecast this month.",
    });
  }
  const top = [...(forecast.predicted_by_category ?? [])]
    .sort((a, b) => Number(b.predicted_total) - Number(a.predicted_total))
    .slice(0, 3);
  return h(
    "div",
    { dataset: { forecast: "" } },
    h("p", { class: "text-sm text-slate-500", text: "Likely month-end total" }),
    h("p", {
      class: "mt-1 text-2xl font-semibold tabular-nums",
      text: formatMoney(forecast.predicted_total, currency),
    }),
    forecast.method ? h("p", { class: "hint", text: forecast.method }) : null,
    top.length
      ? h(
          "ul",
          { class: "mt-2 flex flex-wrap gap-2", "aria-label": "Forecast by category" },
          top.map((row) =>
            h(
              "li",
              {},
              h("a", {
                class: "badge hover:bg-slate-200",
                href: expensesHref(month, { category_id: row.category ?? "" }),
                text: `${row.category_name || "Uncategorised"} ${formatMoney(row.predicted_total, currency)}`,
              }),
            ),
          ),
        )
      : null,
  );
}

function anomalyItem(anomaly, currency, month) {
  const kind = ANOMALY_KINDS[anomaly.kind] ?? "Unusual";
  const amount = formatMoney(anomaly.amount, currency);
  const spike = anomaly.kind === "category_spike" || anomaly.expense_id === null;
  const category = anomaly.category_name || "Uncategorised";
  const href = spike
    ? expensesHref(month, { category_id: anomaly.category ?? "" })
    : `#/expenses/${encodeURIComponent(anomaly.expense_id)}`;
  const label = spike
    ? `${kind}: ${category}, ${amount} in ${formatMonth(month)}`
    : `${kind}: ${amount} on ${formatDate(anomaly.date)}`;
  return h(
    "li",
    { class: "space-y-0.5", dataset: { anomaly: anomaly.kind } },
    h("a", { href, class: "link", text: label }),
    h("p", {
      class: "text-xs text-slate-500",
      text: [spike ? null : category, anomaly.reason].filter(Boolean).join(" · "),
    }),
  );
}

function priceChange(subscription) {
  const change = Number(subscription.price_change);
  if (subscription.price_change === null || subscription.price_change === undefined || !change) {
    return null;
  }
  const text = `Price ${change > 0 ? "up" : "down"} ${formatMoney(Math.abs(change), subscription.currency)}`;
  return h("span", {
    class: change > 0 ? "badge bg-amber-50 text-amber-900" : "badge bg-emerald-50 text-emerald-900",
    title: "The latest charge compared with the usual one",
    text,
  });
}

/** The recurring-expenses page with its form filled from a detected subscription. */
function recurringHref(subscription) {
  return hrefFor("/recurring", {
    description: subscription.merchant,
    merchant: subscription.merchant,
    amount: subscription.usual_amount,
    currency: subscription.currency,
    category: subscription.category,
    period: subscription.period,
    start_date: subscription.next_expected,
  });
}

function subscriptionItem(subscription) {
  const period = PERIODS[subscription.period] ?? subscription.period;
  return h(
    "li",
    { class: "space-y-0.5", dataset: { subscription: "" } },
    h(
      "div",
      { class: "flex flex-wrap items-center gap-2" },
      h("a", {
        href: hrefFor("/expenses", { search: subscription.merchant }),
        class: "link",
        text: subscription.merchant,
      }),
      h("span", { class: "badge", text: period }),
      priceChange(subscription),
      h("a", {
        href: recurringHref(subscription),
        class: "btn btn-small",
        text: "Make it recurring",
      }),
    ),
    h("p", {
      class: "text-xs text-slate-500",
      text: [
        `Usually ${formatMoney(subscription.usual_amount, subscription.currency)}`,
        subscription.next_expected ? `next ${formatDate(subscription.next_expected)}` : null,
        subscription.category_name,
      ]
        .filter(Boolean)
        .join(" · "),
    }),
  );
}

function insightsBody(data, fallbackCurrency, month) {
  const currency = data.currency || fallbackCurrency;
  const anomalies = data.anomalies ?? [];
  const subscriptions = data.subscriptions ?? [];
  const tips = data.tips ?? [];
  return [
    forecastBlock(data.forecast, currency, month),
    h(
      "div",
      { class: "grid gap-6 border-t border-slate-100 pt-4 lg:grid-cols-3" },
      subsection(
        "insights-anomalies",
        "Unusual spending",
        anomalies.map((anomaly) => anomalyItem(anomaly, currency, month)),
        "Nothing unusual this month.",
      ),
      subsection(
        "insights-subscriptions",
        "Subscriptions",
        subscriptions.map((subscription) => subscriptionItem(subscription)),
        "No repeating payments found yet.",
      ),
      subsection(
        "insights-tips",
        "Tips",
        tips.map((tip) => h("li", { class: "text-slate-700", text: tip.text })),
        "No tips this month.",
      ),
    ),
  ];
}

/**
 * The Insights card for `month` ("YYYY-MM"), amounts in `currency`: returned at once with a
 * loading line, filled in when the API answers, removed when the smart features are off.
 */
export function insightsSection(month, currency) {
  const content = h(
    "div",
    { class: "space-y-4" },
    h("p", { class: "text-sm text-slate-500", text: "Looking for insights…" }),
  );
  const section = h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "insights-heading", "aria-busy": "true" },
    h(
      "div",
      { class: "flex items-center justify-between" },
      h("h2", { id: "insights-heading", text: "Insights" }),
      h("span", { class: "text-xs text-slate-500", text: formatMonth(month) }),
    ),
    content,
  );
  api
    .insights(month, currency)
    .then((data) => content.replaceChildren(...insightsBody(data, currency, month)))
    .catch((error) => {
      if (error.code === ErrorCode.AI_DISABLED) {
        section.remove();
        section.hidden = true;
        return;
      }
      content.replaceChildren(
        h("p", { class: "text-sm text-slate-500", text: "Insights are not available right now." }),
      );
    })
    .finally(() => section.removeAttribute("aria-busy"));
  return section;
}
