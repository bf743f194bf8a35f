// The dashboard's "Get started" card for a new account: choose the currency (done at
// sign-up), import a statement, add an expense, set a budget. Each step is ticked from data the
// dashboard loads anyway; the card goes away when all are done or the user dismisses it.

import * as api from "../api.js";
import { h } from "../dom.js";

// Per user and browser: "dismissed" by the user, or "done" once every step was done (so the
// dashboard stops checking).
const gettingStartedKey = (me) => `set.gettingStarted.${me.id}`;

function readFlag(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage can be unavailable (privacy modes).
  }
}

function writeFlag(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Then the card comes back on the next visit; nothing is lost.
  }
}

/**
 * Whether the account has spending from before this month: what importing a statement
 * brings. Read from the latest expenses the dashboard loads anyway; only when all of them
 * are this month's is the oldest expense asked for.
 */
async function hasHistory(recent, monthStart) {
  if (recent.results.some((expense) => expense.date < monthStart)) return true;
  if (recent.count <= recent.results.length) return false;
  const oldest = await api.listExpenses({ ordering: "date", page_size: 1 });
  return oldest.results.some((expense) => expense.date < monthStart);
}

function stepItem(step) {
  const mark = step.done
    ? h("span", {
        class: "flex size-6 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-xs font-bold text-white",
        "aria-hidden": "true",
        text: "✓",
      })
    : h("span", {
        class: "size-6 shrink-0 rounded-full border-2 border-slate-300",
        "aria-hidden": "true",
      });
  return h(
    "li",
    {
      class: "flex items-start gap-3 py-3",
      dataset: { step: step.key, done: String(step.done) },
    },
    mark,
    h(
      "div",
      { class: "min-w-0 flex-1" },
      h(
        "p",
        { class: step.done ? "font-medium text-slate-500" : "font-medium text-slate-900" },
        step.title,
        h("span", { class: "sr-only", text: step.done ? " (done)" : " (to do)" }),
      ),
      h("p", { class: "text-sm text-slate-600", text: step.done ? step.doneText : step.text }),
    ),
    step.done && !step.change
      ? null
      : h("a", {
          href: step.href,
          class: step.done ? "link shrink-0 text-sm" : "btn btn-small shrink-0",
          text: step.done ? "Change" : step.action,
          "aria-label": step.done ? step.change : step.title,
        }),
  );
}

/**
 * The "Get started" card for a new account, or null once every step is done or the user
 * dismissed it. Each step is read from data the dashboard loaded: the currency was chosen
 * at sign-up, an expense is any expense, a budget is one for this month, and an import is
 * spending from before this month.
 */
export async function gettingStartedSection({ me, recent, budgets, monthStart, onDismiss }) {
  const key = gettingStartedKey(me);
  if (readFlag(key)) return null;
  const imported = await hasHistory(recent, monthStart).catch(() => false);
  const steps = [
    {
      key: "currency",
      title: "Pick your currency",
      done: true,
      doneText: `Amounts are shown in ${me.default_currency}. You can change it in Settings.`,
      href: "#/settings",
      change: "Change your currency",
    },
    {
      key: "import",
      title: "Import a statement",
      done: imported,
      text: "Bring in past months from your bank's CSV or OFX file.",
      doneText: "Your past spending is in.",
      href: "#/data",
      action: "Import",
    },
    {
      key: "expense",
      title: "Add an expense",
      done: recent.count > 0,
      text: "Note what you spend as you go; it takes a few seconds.",
      doneText: "Your spending shows up below.",
      href: "#/expenses/new",
      action: "Add",
    },
    {
      key: "budget",
      title: "Set a budget",
      done: budgets.length > 0,
      text: "Choose how much to spend this month, overall or per category.",
      doneText: "The dashboard warns you before you go over.",
      href: "#/budgets",
      action: "Set",
    },
  ];
  const doneCount = steps.filter((step) => step.done).length;
  if (doneCount === steps.length) {
    writeFlag(key, "done");
    return null;
  }
  const section = h(
    "section",
    {
      class: "card space-y-2 border-indigo-200",
      "aria-labelledby": "get-started-heading",
      dataset: { gettingStarted: "" },
    },
    h(
      "div",
      { class: "flex items-start justify-between gap-3" },
      h(
        "div",
        {},
        h("h2", { id: "get-started-heading", text: "Get started" }),
        h("p", {
          class: "text-sm text-slate-600",
          text: recent.count
            ? `${doneCount} of ${steps.length} done.`
            : `${doneCount} of ${steps.length} done. A few steps and this page fills with your own numbers.`,
        }),
      ),
      h("button", {
        type: "button",
        class: "btn btn-small shrink-0",
        text: "Dismiss",
        "aria-label": "Dismiss Get started",
        onclick: () => {
          writeFlag(key, "dismissed");
          section.remove();
          onDismiss();
        },
      }),
    ),
    h(
      "ol",
      { class: "divide-y divide-slate-100", "aria-label": "Steps to get started" },
      steps.map(stepItem),
    ),
  );
  return section;
}
