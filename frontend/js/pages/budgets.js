// Budgets: one month at a time. Each budget's status (spent of available, a coloured bar),
// the form that adds or changes one and the inline edits (budget-forms.js), delete, and
// copying last month's budgets.

import * as api from "../api.js";
import { STATUS, budgetName } from "../budget-status.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  showFieldError,
  showFormError,
  showStatus,
  statusLine,
} from "../dom.js";
import { addMonths, formatMoney, formatMonth, isMonthValue, monthValue } from "../format.js";
import { hrefFor, navigate } from "../router.js";
import { budgetForm, budgetItem } from "./budget-forms.js";

/** Overall first, then categories by name. */
function byScopeAndName(a, b) {
  if (a.scope !== b.scope) return a.scope === "overall" ? -1 : 1;
  return budgetName(a).localeCompare(budgetName(b));
}


function monthPicker(month) {
  const input = field({
    label: "Month",
    name: "month",
    type: "month",
    value: month,
    required: true,
    wrapperClass: "w-44",
  });
  const form = h(
    "form",
    { class: "flex items-end gap-2", "aria-label": "Choose the month", novalidate: true },
    h("a", {
      href: hrefFor("/budgets", { month: addMonths(month, -1) }),
      class: "btn",
      "aria-label": `Previous month, ${formatMonth(addMonths(month, -1))}`,
      text: "‹",
    }),
    input.wrapper,
    h("a", {
      href: hrefFor("/budgets", { month: addMonths(month, 1) }),
      class: "btn",
      "aria-label": `Next month, ${formatMonth(addMonths(month, 1))}`,
      text: "›",
    }),
    h("button", { type: "submit", class: "btn", text: "Show" }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!isMonthValue(input.control.value)) {
      showFieldError(form, "month", "Choose a month.");
      return;
    }
    navigate("/budgets", { month: input.control.value.slice(0, 7) });
  });
  return form;
}

export async function render(container, ctx) {
  const requested = ctx.query.get("month");
  const month = isMonthValue(requested) ? requested.slice(0, 7) : monthValue();
  const previous = addMonths(month, -1);
  const status = statusLine();
  const pageAlert = h("div", {}, formAlert());
  const list = h(
    "section",
    { class: "card space-y-4 lg:col-span-2", "aria-labelledby": "budget-list-heading" },
    h("h2", { id: "budget-list-heading", text: formatMonth(month) }),
    h("p", { class: "text-sm text-slate-500", text: "Loading…" }),
  );
  const copyButton = h("button", {
    type: "button",
    class: "btn",
    text: `Copy from ${formatMonth(previous)}`,
  });
  container.append(
    h(
      "div",
      { class: "flex flex-wrap items-end justify-between gap-3" },
      h("h1", { text: "Budgets" }),
      h("div", { class: "flex flex-wrap items-end gap-3" }, monthPicker(month), copyButton),
    ),
    status,
    pageAlert,
  );

  let categories = [];
  try {
    categories = await api.listCategories();
  } catch (error) {
    showFormError(pageAlert, error.message);
  }
  const form = budgetForm(ctx, month, categories, async (message) => {
    await load();
    showStatus(status, message);
  });
  container.append(
    h(
      "div",
      { class: "grid items-start gap-6 lg:grid-cols-3" },
      list,
      h("section", { class: "card" }, form),
    ),
  );
  // Saving a budget (the form, or a row's edit) is a new outcome: no stale message stays.
  for (const area of [form, list]) {
    area.addEventListener("submit", () => {
      showStatus(status, "");
      clearErrors(pageAlert);
    });
  }

  async function load() {
    clearErrors(pageAlert);
    let rows;
    let budgets;
    try {
      [rows, budgets] = await Promise.all([api.budgetStatus(month), api.listBudgets(month)]);
    } catch (error) {
      showFormError(pageAlert, error.message);
      return;
    }
    const byId = new Map(budgets.map((budget) => [budget.id, budget]));
    const sorted = [...rows].sort(byScopeAndName);
    const counts = Object.keys(STATUS).map((key) => [
      key,
      sorted.filter((row) => row.status === key).length,
    ]);
    const summary = counts
      .filter(([, count]) => count)
      .map(([key, count]) => `${count} ${STATUS[key].label.toLowerCase()}`)
      .join(", ");
    list.replaceChildren(
      h(
        "div",
        { class: "flex flex-wrap items-baseline justify-between gap-2" },
        h("h2", { id: "budget-list-heading", text: formatMonth(month) }),
        summary ? h("p", { class: "text-sm text-slate-500", text: summary }) : null,
      ),
      sorted.length
        ? h(
            "ul",
            { class: "divide-y divide-slate-100" },
            sorted.map((row) =>
              budgetItem(row, byId.get(row.budget_id), {
                onChanged: async (message) => {
                  await load();
                  showStatus(status, message);
                  status.focus();
                },
                onDelete: remove,
              }),
            ),
          )
        : h("p", {
            class: "text-sm text-slate-600",
            text: `No budgets for ${formatMonth(month)} yet. Add one with the form, or copy last month's.`,
          }),
    );
  }

  async function remove(row) {
    const name = budgetName(row);
    const choice = await openDialog({
      title: `Delete the ${name} budget?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: `The ${formatMonth(month)} budget of ${formatMoney(row.amount, row.currency)} is removed. Your expenses stay.`,
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    showStatus(status, "");
    try {
      await api.deleteBudget(row.budget_id);
    } catch (error) {
      showFormError(pageAlert, error.message);
      return;
    }
    await load();
    showStatus(status, `Deleted the ${name} budget.`);
    status.focus();
  }

  copyButton.addEventListener("click", async () => {
    showStatus(status, "");
    clearErrors(pageAlert);
    copyButton.disabled = true;
    let result;
    try {
      result = await api.copyBudgets(previous, month);
    } catch (error) {
      showFormError(pageAlert, error.message);
      return;
    } finally {
      copyButton.disabled = false;
    }
    const copied = result.created.length;
    const from = formatMonth(previous);
    let message;
    if (copied) {
      message = `Copied ${copied} ${copied === 1 ? "budget" : "budgets"} from ${from}.`;
      if (result.skipped) {
        message += ` ${result.skipped} already existed and were left as they are.`;
      }
    } else if (result.skipped) {
      message = `Every budget of ${from} already exists in ${formatMonth(month)}.`;
    } else {
      message = `${from} has no budgets to copy.`;
    }
    await load();
    showStatus(status, message);
  });

  await load();
}
