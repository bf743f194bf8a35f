// "Repeat monthly": a link from the expense form to the recurring-expenses page, whose form
// opens filled from the expense (see `scheduleDraftFromExpense`), starting on the same day
// next month.

import { h } from "../dom.js";
import { isoDate, parseIsoDate } from "../format.js";
import { hrefFor } from "../router.js";

/** "2026-01-31" → the same day next month, or that month's last day ("2026-02-28"). */
export function sameDayNextMonth(iso) {
  const date = parseIsoDate(iso);
  const lastDay = new Date(date.getFullYear(), date.getMonth() + 2, 0).getDate();
  return isoDate(new Date(date.getFullYear(), date.getMonth() + 1, Math.min(date.getDate(), lastDay)));
}

/** A new monthly schedule's values from an expense. */
export function scheduleDraftFromExpense(expense) {
  return {
    description: expense.description,
    amount: expense.amount,
    currency: expense.currency,
    category: expense.category ?? null,
    tags: expense.tags ?? [],
    merchant: expense.merchant ?? "",
    payment_method: expense.payment_method ?? null,
    notes: expense.notes ?? "",
    period: "monthly",
    interval: 1,
    day_of_month: parseIsoDate(expense.date).getDate(),
    start_date: sameDayNextMonth(expense.date),
  };
}

/** The expense form's action (null for an expense not saved yet). */
export function scheduleFromExpenseButton(expense) {
  if (!expense?.id) return null;
  return h("a", {
    href: hrefFor("/recurring", { from_expense: expense.id }),
    class: "btn",
    text: "Repeat monthly",
  });
}
