// "Create a rule from this expense": a link from the expense form to the rules page, whose
// form opens filled from the expense (see `ruleDraftFromExpense`).

import { h } from "../dom.js";
import { hrefFor } from "../router.js";

const MAX_WORDS = 3;

/**
 * The stable start of a bank description: its leading words up to the first one that looks
 * like a reference (digits, `*`, `/`, `#`), at most three. "AMZN Mktp IN*2K4" → "AMZN Mktp",
 * "Zooplus order 9911" → "Zooplus order"; the first word when every word looks like one.
 */
export function descriptionKey(description) {
  const words = (description ?? "").trim().split(/\s+/).filter(Boolean);
  const kept = [];
  for (const word of words) {
    if (/[0-9*/#@]/.test(word) || kept.length === MAX_WORDS) break;
    kept.push(word);
  }
  return (kept.length ? kept.join(" ") : (words[0] ?? "")).slice(0, 200);
}

/** A new rule's values from an expense: description contains its start, and its category. */
export function ruleDraftFromExpense(expense) {
  const key = descriptionKey(expense.description);
  return {
    name: expense.category_name ? `${key} → ${expense.category_name}` : key,
    enabled: true,
    conditions: [{ field: "description", operator: "contains", value: key }],
    set_category: expense.category ?? null,
    add_tags: [],
    set_merchant: expense.merchant ?? "",
  };
}

/** The expense form's action (null for an expense not saved yet). */
export function ruleFromExpenseButton(expense) {
  if (!expense?.id) return null;
  return h("a", {
    href: hrefFor("/rules", { from_expense: expense.id }),
    class: "btn",
    text: "Create a rule from this expense",
  });
}
