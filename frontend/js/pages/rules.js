// Rules: "when an expense's description contains … set its category to …". They run in the
// user's order on every new expense and import; a preview counts the existing expenses a rule
// matches, and applying it changes them.

import * as api from "../api.js";
import {
  checkbox,
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  pageOutcome,
  showErrors,
  showStatus,
  uniqueId,
  whileBusy,
} from "../dom.js";
import { PAYMENT_METHODS, categoryOptions, paymentLabel } from "./expenses.js";
import { ruleDraftFromExpense } from "./rule-from-expense.js";

// What a condition row offers, in plain language.
const KINDS = [
  ["description", "contains", "Description contains"],
  ["description", "starts_with", "Description starts with"],
  ["description", "equals", "Description is"],
  ["description", "matches", "Description matches pattern"],
  ["merchant", "contains", "Merchant contains"],
  ["merchant", "starts_with", "Merchant starts with"],
  ["merchant", "equals", "Merchant is"],
  ["merchant", "matches", "Merchant matches pattern"],
  ["amount", "between", "Amount between"],
  ["payment_method", "equals", "Payment method is"],
  ["currency", "equals", "Currency is"],
].map(([fieldName, operator, label]) => ({
  key: `${fieldName}.${operator}`,
  field: fieldName,
  operator,
  label,
}));

const kindOf = (condition) =>
  KINDS.find((kind) => kind.field === condition.field && kind.operator === condition.operator) ??
  KINDS[0];

/** A condition as a sentence: "Description contains “uber”", "Amount between 10 and 50". */
export function describeCondition(condition) {
  if (condition.field === "amount") {
    const { min, max } = condition.value ?? {};
    if (min && max) return `Amount between ${min} and ${max}`;
    return min ? `Amount at least ${min}` : `Amount at most ${max}`;
  }
  if (condition.field === "payment_method") {
    return `Payment method is ${paymentLabel(condition.value) || condition.value}`;
  }
  return `${kindOf(condition).label} “${condition.value}”`;
}

function describeActions(rule) {
  const parts = [];
  if (rule.set_category_name) parts.push(`category to ${rule.set_category_name}`);
  if (rule.set_merchant) parts.push(`merchant to “${rule.set_merchant}”`);
  const set = parts.length ? `Set ${parts.join(", ")}` : "";
  const tags = rule.add_tags?.length ? `${set ? "add" : "Add"} tags ${rule.add_tags.join(", ")}` : "";
  const text = [set, tags].filter(Boolean).join("; ");
  return text || "Does nothing (the category it set was deleted): edit it.";
}

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

/** The text box of a condition, a pair of amounts, or a choice of payment methods. */
function conditionValue(index, kind, value) {
  const name = `conditions[${index}].value`;
  const errorSlot = (slotName) =>
    h("p", { class: "field-error", hidden: true, dataset: { errorFor: slotName } });
  const number = (part, label) =>
    h("input", {
      name: `${name}.${part}`,
      class: "input w-28",
      inputmode: "decimal",
      autocomplete: "off",
      "aria-label": `Condition ${index + 1}: ${label}`,
      placeholder: "Any",
      value: value?.[part] ?? "",
    });
  if (kind.field === "amount") {
    const min = number("min", "minimum amount");
    const max = number("max", "maximum amount");
    return {
      element: h(
        "div",
        { class: "flex flex-wrap items-center gap-2" },
        min,
        h("span", { class: "text-sm text-slate-600", text: "and" }),
        max,
        errorSlot(name),
        errorSlot(`${name}.min`),
        errorSlot(`${name}.max`),
      ),
      read: () => ({ min: min.value.trim() || null, max: max.value.trim() || null }),
    };
  }
  const control =
    kind.field === "payment_method"
      ? h(
          "select",
          { name, class: "input", "aria-label": `Condition ${index + 1}: payment method` },
          PAYMENT_METHODS.map((method) => h("option", { value: method.value, text: method.label })),
        )
      : h("input", {
          name,
          class: "input",
          autocomplete: "off",
          maxlength: kind.field === "currency" ? 3 : 200,
          "aria-label": `Condition ${index + 1}: ${kind.operator === "matches" ? "pattern" : "text"}`,
          placeholder: kind.operator === "matches" ? "e.g. ^uber\\s+trip" : "",
        });
  if (typeof value === "string" && value) control.value = value;
  return {
    element: h("div", { class: "min-w-0 flex-1" }, control, errorSlot(name)),
    read: () => control.value.trim(),
  };
}

/** The editable list of conditions: `{ element, read() }`. */
function conditionList(initial) {
  const list = h("ol", { class: "space-y-2" });
  let rows = [];

  function rowFor(index, condition) {
    const kindSelect = h(
      "select",
      { name: `conditions[${index}].field`, class: "input sm:w-60", "aria-label": `Condition ${index + 1}` },
      KINDS.map((kind) => h("option", { value: kind.key, text: kind.label })),
    );
    kindSelect.value = kindOf(condition).key;
    let valuePart = conditionValue(index, kindOf(condition), condition.value);
    const holder = h("div", { class: "flex min-w-0 flex-1" }, valuePart.element);
    kindSelect.addEventListener("change", () => {
      valuePart = conditionValue(index, KINDS.find((k) => k.key === kindSelect.value), "");
      holder.replaceChildren(valuePart.element);
    });
    const remove = h("button", {
      type: "button",
      class: "btn btn-small self-end sm:self-start",
      text: "Remove",
      "aria-label": `Remove condition ${index + 1}`,
      onclick: () => {
        const current = read();
        current.splice(index, 1);
        draw(current.length ? current : [blank()]);
      },
    });
    const element = h(
      "li",
      {
        class:
          "flex flex-col gap-2 rounded-lg border border-slate-200 p-2 sm:flex-row sm:items-start sm:border-0 sm:p-0",
      },
      kindSelect,
      holder,
      remove,
      h("p", { class: "field-error", hidden: true, dataset: { errorFor: `conditions[${index}].operator` } }),
    );
    return {
      element,
      read: () => {
        const kind = KINDS.find((k) => k.key === kindSelect.value);
        return { field: kind.field, operator: kind.operator, value: valuePart.read() };
      },
    };
  }

  const blank = () => ({ field: "description", operator: "contains", value: "" });
  const read = () => rows.map((row) => row.read());
  function draw(conditions) {
    rows = conditions.map((condition, index) => rowFor(index, condition));
    list.replaceChildren(...rows.map((row) => row.element));
  }
  draw(initial.length ? initial : [blank()]);

  const add = h("button", {
    type: "button",
    class: "btn btn-small",
    text: "Add condition",
    onclick: () => {
      draw([...read(), blank()]);
      rows.at(-1).element.querySelector("select")?.focus();
    },
  });
  const element = h(
    "fieldset",
    { class: "space-y-2" },
    h("legend", { class: "label", text: "When all of these hold" }),
    list,
    h("p", { class: "field-error", hidden: true, dataset: { errorFor: "conditions" } }),
    add,
  );
  return { element, read };
}

/** The create/edit form; `onSaved(rule)` after a save. */
function ruleForm({ rule, categories, note, onSaved, onCancel }) {
  const name = field({
    label: "Name",
    name: "name",
    required: true,
    maxlength: 100,
    value: rule.name ?? "",
    "data-autofocus": true,
  });
  const conditions = conditionList(rule.conditions ?? []);
  const category = field({ label: "Set category", name: "set_category", element: "select" });
  category.control.append(...categoryOptions(categories, "Don't change the category"));
  category.control.value = rule.set_category ? String(rule.set_category) : "";
  const tags = field({
    label: "Add tags",
    name: "add_tags",
    value: (rule.add_tags ?? []).join(", "),
    hint: "Separate tags with commas.",
  });
  const merchant = field({
    label: "Set merchant",
    name: "set_merchant",
    maxlength: 200,
    value: rule.set_merchant ?? "",
    hint: "A clean name, such as Amazon for “AMZN Mktp IN*2K4”.",
  });
  const enabled = checkbox({ label: "Enabled", name: "enabled", checked: rule.enabled ?? true });
  const form = h(
    "form",
    {
      class: "card space-y-4",
      novalidate: true,
      "aria-label": rule.id ? `Edit rule ${rule.name}` : "New rule",
    },
    h("h2", { text: rule.id ? `Edit “${rule.name}”` : "New rule" }),
    note ? h("p", { class: "text-sm text-slate-600", text: note }) : null,
    formAlert(),
    name.wrapper,
    conditions.element,
    h(
      "fieldset",
      { class: "grid gap-4 sm:grid-cols-3" },
      h("legend", { class: "label sm:col-span-3", text: "Then" }),
      category.wrapper,
      tags.wrapper,
      merchant.wrapper,
    ),
    enabled.wrapper,
    h(
      "div",
      { class: "flex flex-wrap gap-2" },
      h("button", { type: "submit", class: "btn btn-primary", text: "Save rule" }),
      h("button", { type: "button", class: "btn", text: "Cancel", onclick: onCancel }),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      name: name.control.value.trim(),
      enabled: enabled.control.checked,
      conditions: conditions.read(),
      set_category: category.control.value ? Number(category.control.value) : null,
      add_tags: tags.control.value
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      set_merchant: merchant.control.value.trim(),
    };
    await whileBusy(form, async () => {
      try {
        const saved = rule.id ? await api.updateRule(rule.id, body) : await api.createRule(body);
        await onSaved(saved);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

export async function render(container, ctx) {
  const { status, alert: pageAlert, formArea, succeed, fail } = pageOutcome();
  const list = h("section", { class: "card space-y-4", "aria-labelledby": "rules-heading" });
  const previews = new Map(); // rule id → the preview line shown under it
  let rules = [];
  let categories = [];

  const newButton = h("button", {
    type: "button",
    class: "btn btn-primary",
    text: "New rule",
    disabled: true, // until the categories it offers are loaded
    onclick: () => openForm({}),
  });
  const applyAllButton = h("button", {
    type: "button",
    class: "btn",
    text: "Apply all rules to existing expenses",
    onclick: () => applyAll(),
  });
  container.append(
    h("h1", { text: "Rules" }),
    h("p", {
      class: "text-sm text-slate-600",
      text:
        "Rules fill in the category, tags and merchant of new and imported expenses, in the " +
        "order below: for the category and the merchant the first matching rule wins. What " +
        "you enter yourself always wins over a rule.",
    }),
    status,
    pageAlert,
    h("div", { class: "flex flex-wrap gap-2" }, newButton, applyAllButton),
    formArea,
    list,
  );

  function closeForm() {
    formArea.replaceChildren();
    newButton.focus();
  }

  function openForm(rule, note) {
    const form = ruleForm({
      rule,
      categories,
      note,
      onCancel: closeForm,
      onSaved: async (saved) => {
        formArea.replaceChildren();
        succeed(`Saved the rule “${saved.name}”.`);
        await load();
        await preview(saved);
      },
    });
    formArea.replaceChildren(form);
    form.querySelector("[data-autofocus]")?.focus();
  }

  /** Counts the expenses a rule matches now, offering to apply it to them. */
  async function preview(rule) {
    const line = previews.get(rule.id);
    if (!line) return;
    line.replaceChildren(h("span", { class: "text-slate-500", text: "Counting…" }));
    let result;
    try {
      result = await api.applyRules(rule.id, { dryRun: true });
    } catch (error) {
      line.replaceChildren(h("span", { class: "field-error", text: error.message }));
      return;
    }
    const count = result.matched;
    line.replaceChildren(
      h("span", {
        dataset: { preview: "" },
        text: `Applies to ${plural(count, "existing expense", "existing expenses")}.`,
      }),
    );
    if (count) {
      line.append(
        h("button", {
          type: "button",
          class: "btn btn-small btn-primary",
          text: `Apply to ${count === 1 ? "that expense" : `those ${count} expenses`}`,
          onclick: () => apply(rule, line),
        }),
      );
    }
  }

  async function apply(rule, line) {
    try {
      const result = await api.applyRules(rule.id);
      line.replaceChildren(h("span", { text: appliedText(result) }));
      succeed(`Applied “${rule.name}”: ${appliedText(result)}`);
    } catch (error) {
      showStatus(status, "");
      line.replaceChildren(h("span", { class: "field-error", text: error.message }));
    }
  }

  async function applyAll() {
    clearErrors(pageAlert);
    let result;
    try {
      result = await api.applyRules(null, { dryRun: true });
    } catch (error) {
      fail(error.message);
      return;
    }
    if (!result.matched) {
      succeed("Your enabled rules match none of your expenses.");
      return;
    }
    const choice = await openDialog({
      title: `Apply all rules to ${plural(result.matched, "expense", "expenses")}?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text:
          `Your enabled rules match ${plural(result.matched, "existing expense", "existing expenses")}. ` +
          "Their category, tags and merchant are set as the rules say (expenses past their " +
          "edit window keep their merchant).",
      }),
      confirmLabel: `Apply to ${plural(result.matched, "expense", "expenses")}`,
    });
    if (choice !== "confirm") return;
    try {
      succeed(`Applied all rules: ${appliedText(await api.applyRules(null))}`);
    } catch (error) {
      fail(error.message);
    }
  }

  function appliedText(result) {
    const skipped = result.merchant_skipped
      ? ` ${plural(result.merchant_skipped, "expense past its", "expenses past their")} edit window kept the merchant.`
      : "";
    return `${plural(result.changed, "expense", "expenses")} changed of ${result.matched} matching.${skipped}`;
  }

  async function move(index, by) {
    const ids = rules.map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved);
    try {
      rules = await api.reorderRules(ids);
    } catch (error) {
      fail(error.message);
      return;
    }
    renderList();
    // Keep the keyboard on the rule that moved: its same button, or the other one at an end.
    const [up, down] = list.querySelectorAll(`[data-rule-id="${moved}"] button`);
    const same = by < 0 ? up : down;
    (same.disabled ? (by < 0 ? down : up) : same).focus();
  }

  async function setEnabled(rule, enabled) {
    try {
      await api.updateRule(rule.id, { enabled });
      rule.enabled = enabled;
      succeed(`${enabled ? "Enabled" : "Disabled"} “${rule.name}”.`);
    } catch (error) {
      fail(error.message);
      await load();
    }
  }

  async function remove(rule) {
    const choice = await openDialog({
      title: `Delete the rule “${rule.name}”?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: "Expenses it already changed stay as they are.",
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    try {
      await api.deleteRule(rule.id);
    } catch (error) {
      fail(error.message);
      return;
    }
    succeed(`Deleted the rule “${rule.name}”.`);
    await load();
  }

  function ruleRow(rule, index) {
    const previewLine = h("div", {
      class: "flex flex-wrap items-center gap-2 text-sm",
      "aria-live": "polite",
    });
    previews.set(rule.id, previewLine);
    const toggleId = uniqueId("rule-enabled");
    const toggle = h("input", {
      id: toggleId,
      type: "checkbox",
      class: "size-4 accent-indigo-600",
      checked: rule.enabled,
      onchange: (event) => setEnabled(rule, event.target.checked),
    });
    const small = (text, label, onclick, disabled = false) =>
      h("button", { type: "button", class: "btn btn-small", text, "aria-label": label, onclick, disabled });
    return h(
      "li",
      { class: "space-y-2 py-3", dataset: { ruleId: String(rule.id) } },
      h(
        "div",
        { class: "flex flex-wrap items-start gap-3" },
        h("span", { class: "badge tabular-nums", text: String(index + 1), "aria-hidden": "true" }),
        h(
          "div",
          { class: "min-w-0 flex-1 space-y-1" },
          h("h3", { class: "font-medium break-words", text: rule.name }),
          h(
            "ul",
            { class: "text-sm text-slate-600" },
            rule.conditions.map((condition) =>
              h("li", { class: "break-words", text: describeCondition(condition) }),
            ),
          ),
          h("p", { class: "text-sm text-slate-800 break-words", text: `→ ${describeActions(rule)}` }),
        ),
        h(
          "label",
          { class: "flex items-center gap-2 text-sm", for: toggleId },
          toggle,
          h("span", { text: "Enabled" }),
          h("span", { class: "sr-only", text: `: ${rule.name}` }),
        ),
      ),
      h(
        "div",
        { class: "flex flex-wrap gap-2" },
        small("↑", `Move ${rule.name} up`, () => move(index, -1), index === 0),
        small("↓", `Move ${rule.name} down`, () => move(index, 1), index === rules.length - 1),
        small("Edit", `Edit ${rule.name}`, () => openForm(rule)),
        small("Preview", `Preview ${rule.name}`, () => preview(rule)),
        small("Delete", `Delete ${rule.name}`, () => remove(rule)),
      ),
      previewLine,
    );
  }

  function renderList() {
    previews.clear();
    list.replaceChildren(
      h("h2", { id: "rules-heading", text: "Your rules, in order" }),
      rules.length
        ? h("ol", { class: "divide-y divide-slate-100", "aria-label": "Rules" }, rules.map(ruleRow))
        : h("p", {
            class: "text-sm text-slate-500",
            text: "You have no rules yet. Create one here, or from an expense with “Create a rule from this expense”.",
          }),
    );
  }

  async function load() {
    try {
      [rules, categories] = await Promise.all([api.listRules(), api.listCategories()]);
    } catch (error) {
      fail(error.message);
      return;
    }
    newButton.disabled = false;
    renderList();
  }

  await load();
  const fromExpense = ctx.query.get("from_expense");
  if (fromExpense) {
    try {
      const expense = await api.getExpense(fromExpense);
      openForm(ruleDraftFromExpense(expense), `From the expense “${expense.description}”.`);
    } catch (error) {
      fail(error.status === 404 ? "That expense does not exist." : error.message);
    }
  }
}
