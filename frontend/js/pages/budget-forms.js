// The budget forms: adding or changing a month's budget (the API upserts on month, scope and
// category), and one budget's row in the month's list, with its inline edit of amount,
// threshold and rollover. Thresholds are typed as percentages and sent as fractions.

import * as api from "../api.js";
import { budgetName, progressBar, spentText, statusBadge } from "../budget-status.js";
import {
  checkbox,
  clearErrors,
  field,
  formAlert,
  h,
  showErrors,
  showFieldError,
  whileBusy,
} from "../dom.js";
import { formatMoney, formatMonth } from "../format.js";
import { categoryOptions } from "./expenses.js";

const DEFAULT_THRESHOLD_PERCENT = 80;

/** "80" (a percentage typed by the user) → 0.8, or null when it is not in (0, 100]. */
function thresholdFraction(text) {
  const value = Number(String(text).trim().replace(",", "."));
  if (!String(text).trim() || !Number.isFinite(value) || value <= 0 || value > 100) return null;
  return Math.round(value * 100) / 10000;
}

const thresholdPercent = (fraction) => String(Math.round(Number(fraction) * 10000) / 100);

const THRESHOLD_ERROR = "Enter a percentage above 0 and at most 100, such as 80.";
const THRESHOLD_HINT = "A warning appears when spending reaches this share of the budget.";

function thresholdField(value) {
  return field({
    label: "Warn at (%)",
    name: "warn_threshold",
    inputmode: "decimal",
    autocomplete: "off",
    value,
    hint: THRESHOLD_HINT,
  });
}

/** Reads the threshold field; shows its error and returns undefined when it is not valid. */
function readThreshold(form) {
  const fraction = thresholdFraction(form.elements.namedItem("warn_threshold").value);
  if (fraction === null) {
    showFieldError(form, "warn_threshold", THRESHOLD_ERROR);
    form.elements.namedItem("warn_threshold").focus();
    return undefined;
  }
  return fraction;
}

export function budgetForm(ctx, month, categories, onSaved) {
  const scope = field({
    label: "Applies to",
    name: "scope",
    element: "select",
    options: [
      { value: "category", label: "One category" },
      { value: "overall", label: "All spending (overall)" },
    ],
  });
  const category = field({ label: "Category", name: "category", element: "select" });
  category.control.append(...categoryOptions(categories, "Choose a category"));
  const amount = field({
    label: "Amount",
    name: "amount",
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: "0.00",
    required: true,
  });
  const currency = field({
    label: "Currency",
    name: "currency",
    maxlength: 3,
    autocapitalize: "characters",
    value: ctx.me.default_currency,
    hint: "Only expenses in this currency count towards the budget.",
  });
  const threshold = thresholdField(String(DEFAULT_THRESHOLD_PERCENT));
  const rollover = checkbox({
    label: "Roll over what is left",
    name: "rollover_enabled",
    hint: "Unspent money from last month's budget is added to this one.",
  });
  const syncScope = () => {
    category.wrapper.hidden = scope.control.value === "overall";
  };
  scope.control.addEventListener("change", syncScope);

  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-labelledby": "budget-form-heading" },
    h("h2", { id: "budget-form-heading", text: "Add or change a budget" }),
    h("p", {
      class: "hint mt-0",
      text: `For ${formatMonth(month)}. Saving a budget that already exists for this month and category changes it.`,
    }),
    formAlert(),
    scope.wrapper,
    category.wrapper,
    h("div", { class: "grid grid-cols-2 gap-4" }, amount.wrapper, currency.wrapper),
    threshold.wrapper,
    rollover.wrapper,
    h("button", { type: "submit", class: "btn btn-primary", text: "Save budget" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const isOverall = scope.control.value === "overall";
    if (!isOverall && !category.control.value) {
      showFieldError(form, "category", "Choose the category this budget is for.");
      category.control.focus();
      return;
    }
    const warnThreshold = readThreshold(form);
    if (warnThreshold === undefined) return;
    const data = {
      month,
      scope: scope.control.value,
      category: isOverall ? null : Number(category.control.value),
      amount: amount.control.value.trim(),
      warn_threshold: warnThreshold,
      rollover_enabled: rollover.control.checked,
    };
    const code = currency.control.value.trim().toUpperCase();
    if (code) data.currency = code;
    await whileBusy(form, async () => {
      let saved;
      try {
        saved = await api.saveBudget(data);
      } catch (error) {
        showErrors(form, error);
        return;
      }
      amount.control.value = "";
      const name = budgetName(saved.data);
      await onSaved(
        saved.status === 201 ? `Added the ${name} budget.` : `Updated the ${name} budget.`,
      );
    });
  });
  syncScope();
  return form;
}

export function budgetItem(row, budget, { onChanged, onDelete }) {
  const item = h("li", {
    class: "space-y-2 py-4 first:pt-0 last:pb-0",
    dataset: { budgetId: String(row.budget_id) },
  });
  const name = budgetName(row);
  const remaining = Number(row.remaining);
  const rolledOver =
    Number(row.rollover_in) > 0
      ? ` + ${formatMoney(row.rollover_in, row.currency)} rolled over from last month`
      : "";
  const details = [
    `Budget ${formatMoney(row.amount, row.currency)}${rolledOver}`,
    `warns at ${thresholdPercent(row.warn_threshold)}%`,
    budget?.rollover_enabled ? "rollover on" : null,
  ]
    .filter(Boolean)
    .join(" · ");

  function showView() {
    item.replaceChildren(
      h(
        "div",
        { class: "flex flex-wrap items-center gap-x-3 gap-y-1" },
        h("h3", { class: "font-medium text-slate-900", text: name }),
        statusBadge(row),
        h("span", {
          class: "ml-auto text-sm tabular-nums text-slate-700",
          text: spentText(row),
        }),
      ),
      progressBar(row),
      h(
        "div",
        { class: "flex flex-wrap items-center gap-x-3 gap-y-2 text-sm" },
        h("span", {
          class: remaining < 0 ? "font-medium text-red-700" : "text-slate-600",
          text:
            remaining < 0
              ? `${formatMoney(row.remaining.replace(/^-/, ""), row.currency)} over`
              : `${formatMoney(row.remaining, row.currency)} left`,
        }),
        h(
          "span",
          { class: "ml-auto flex gap-2" },
          h("button", {
            type: "button",
            class: "btn btn-small",
            text: "Edit",
            "aria-label": `Edit the ${name} budget`,
            onclick: showEdit,
          }),
          h("button", {
            type: "button",
            class: "btn btn-small",
            text: "Delete",
            "aria-label": `Delete the ${name} budget`,
            onclick: () => onDelete(row),
          }),
        ),
      ),
      h("p", { class: "text-xs text-slate-500", text: details }),
    );
  }

  function showEdit() {
    const amount = field({
      label: `Amount (${row.currency})`,
      name: "amount",
      inputmode: "decimal",
      autocomplete: "off",
      value: row.amount,
    });
    const threshold = thresholdField(thresholdPercent(row.warn_threshold));
    const rollover = checkbox({
      label: "Roll over what is left",
      name: "rollover_enabled",
      checked: Boolean(budget?.rollover_enabled),
    });
    const cancel = () => {
      showView();
      item.querySelector("button")?.focus();
    };
    const form = h(
      "form",
      { class: "space-y-3", novalidate: true, "aria-label": `Edit the ${name} budget` },
      h("h3", { class: "font-medium text-slate-900", text: `Edit the ${name} budget` }),
      formAlert(),
      h("div", { class: "grid gap-3 sm:grid-cols-2" }, amount.wrapper, threshold.wrapper),
      rollover.wrapper,
      h(
        "div",
        { class: "flex gap-2" },
        h("button", { type: "submit", class: "btn btn-primary btn-small", text: "Save" }),
        h("button", { type: "button", class: "btn btn-small", text: "Cancel", onclick: cancel }),
      ),
    );
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") cancel();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      const warnThreshold = readThreshold(form);
      if (warnThreshold === undefined) return;
      await whileBusy(form, async () => {
        try {
          await api.updateBudget(row.budget_id, {
            amount: amount.control.value.trim(),
            warn_threshold: warnThreshold,
            rollover_enabled: rollover.control.checked,
          });
        } catch (error) {
          showErrors(form, error);
          return;
        }
        await onChanged(`Updated the ${name} budget.`);
      });
    });
    item.replaceChildren(form);
    amount.control.focus();
    amount.control.select();
  }

  showView();
  return item;
}
