// Expenses: filters, a paginated table, delete. Adding and editing live in expense-form.js.

import * as api from "../api.js";
import { alertBox as budgetAlertBox } from "../budget-status.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  showErrors,
  showFormError,
  showStatus,
  statusLine,
} from "../dom.js";
import { formatDate, formatDateTime, formatMoney } from "../format.js";
import { hrefFor, navigate } from "../router.js";
import { ErrorCode } from "../errors.js";

const PAGE_SIZE = 20;
const FILTERS = [
  "start_date",
  "end_date",
  "category_id",
  "search",
  "min_amount",
  "max_amount",
  "ordering",
];
const ORDERINGS = [
  { value: "", label: "Newest first" },
  { value: "date", label: "Oldest first" },
  { value: "-amount", label: "Largest amount" },
  { value: "amount", label: "Smallest amount" },
];
export const PAYMENT_METHODS = [
  { value: "cash", label: "Cash" },
  { value: "card", label: "Card" },
  { value: "upi", label: "UPI" },
  { value: "bank", label: "Bank transfer" },
  { value: "wallet", label: "Wallet" },
  { value: "other", label: "Other" },
];

export const paymentLabel = (value) =>
  PAYMENT_METHODS.find((method) => method.value === value)?.label ?? "";

export const isLocked = (expense) =>
  Boolean(expense.editable_until) && Date.parse(expense.editable_until) < Date.now();

/** Category <option>s: "none" first, then system and custom categories in groups. */
export function categoryOptions(categories, emptyLabel) {
  const option = (category) => h("option", { value: String(category.id), text: category.name });
  return [
    h("option", { value: "", text: emptyLabel }),
    h("optgroup", { label: "Standard" }, categories.filter((c) => c.is_system).map(option)),
    h("optgroup", { label: "Yours" }, categories.filter((c) => !c.is_system).map(option)),
  ].filter((node) => node.tagName !== "OPTGROUP" || node.children.length);
}

function filterForm(query, categories) {
  const value = (name) => query.get(name) ?? "";
  const fields = {
    search: field({
      label: "Search",
      name: "search",
      type: "search",
      value: value("search"),
      placeholder: "Description, merchant, notes",
    }),
    start_date: field({
      label: "From",
      name: "start_date",
      type: "date",
      value: value("start_date"),
    }),
    end_date: field({ label: "To", name: "end_date", type: "date", value: value("end_date") }),
    category_id: field({ label: "Category", name: "category_id", element: "select" }),
    min_amount: field({
      label: "Min amount",
      name: "min_amount",
      inputmode: "decimal",
      value: value("min_amount"),
    }),
    max_amount: field({
      label: "Max amount",
      name: "max_amount",
      inputmode: "decimal",
      value: value("max_amount"),
    }),
    ordering: field({ label: "Sort", name: "ordering", element: "select", options: ORDERINGS }),
  };
  fields.category_id.control.append(...categoryOptions(categories, "All categories"));
  fields.category_id.control.value = value("category_id");
  fields.ordering.control.value = value("ordering");

  const form = h(
    "form",
    { class: "card space-y-4", role: "search", "aria-label": "Filter expenses", novalidate: true },
    formAlert(),
    h(
      "div",
      { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-4" },
      Object.values(fields).map((entry) => entry.wrapper),
    ),
    h(
      "div",
      { class: "flex gap-2" },
      h("button", { type: "submit", class: "btn btn-primary", text: "Apply filters" }),
      h("a", { href: "#/expenses", class: "btn", text: "Clear" }),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    for (const name of FILTERS) next[name] = form.elements.namedItem(name).value.trim();
    navigate("/expenses", next);
  });
  return form;
}

function pagination(query, count) {
  const page = Number(query.get("page") || 1);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const link = (label, target, rel) => {
    const params = Object.fromEntries(query.entries());
    return h("a", {
      href: hrefFor("/expenses", { ...params, page: target }),
      class: "btn btn-small",
      rel,
      text: label,
    });
  };
  return h(
    "nav",
    { "aria-label": "Pages", class: "flex items-center justify-between gap-3 text-sm" },
    h("p", {
      class: "text-slate-600",
      text: `Page ${page} of ${pages} · ${count} ${count === 1 ? "expense" : "expenses"}`,
    }),
    h(
      "div",
      { class: "flex gap-2" },
      page > 1 ? link("Previous", page - 1, "prev") : null,
      page < pages ? link("Next", page + 1, "next") : null,
    ),
  );
}

function expenseRow(expense, onDelete) {
  const details = [expense.merchant, paymentLabel(expense.payment_method)]
    .filter(Boolean)
    .join(" · ");
  const locked = isLocked(expense);
  return h(
    "tr",
    { dataset: { expenseId: String(expense.id) } },
    h("td", { class: "whitespace-nowrap text-slate-600", text: formatDate(expense.date) }),
    h(
      "td",
      {},
      h("div", { class: "font-medium text-slate-900", text: expense.description }),
      details ? h("div", { class: "text-xs text-slate-500", text: details }) : null,
      expense.tags?.length
        ? h(
            "div",
            { class: "mt-1 flex flex-wrap gap-1" },
            expense.tags.map((tag) => h("span", { class: "badge", text: `#${tag}` })),
          )
        : null,
    ),
    h("td", {}, h("span", { class: "badge", text: expense.category_name || "Uncategorised" })),
    h(
      "td",
      { class: "whitespace-nowrap text-right font-medium tabular-nums" },
      formatMoney(expense.amount, expense.currency),
      expense.receipt
        ? h("span", { class: "ml-2 badge", title: "Has a receipt", text: "Receipt" })
        : null,
    ),
    h(
      "td",
      { class: "whitespace-nowrap text-right" },
      locked
        ? h("span", {
            class: "mr-2 text-xs text-slate-500",
            text: "Locked",
            title: `The edit window ended ${formatDateTime(expense.editable_until)}`,
          })
        : null,
      h("a", {
        href: `#/expenses/${expense.id}`,
        class: "btn btn-small",
        text: "Edit",
        "aria-label": `Edit ${expense.description}`,
      }),
      " ",
      h("button", {
        type: "button",
        class: "btn btn-small",
        text: "Delete",
        "aria-label": `Delete ${expense.description}`,
        onclick: () => onDelete(expense),
      }),
    ),
  );
}

export async function render(container, ctx) {
  const query = ctx.query;
  const flash = ctx.takeFlash();
  const budgetAlerts = budgetAlertBox(ctx.takeAlerts());
  const status = statusLine();
  const alertBox = h("div", {}, formAlert());
  const results = h(
    "div",
    { class: "space-y-4", "aria-live": "polite" },
    h("p", { class: "text-sm text-slate-500", text: "Loading…" }),
  );
  container.append(
    h(
      "div",
      { class: "flex flex-wrap items-center justify-between gap-3" },
      h("h1", { text: "Expenses" }),
      h("a", { href: "#/expenses/new", class: "btn btn-primary", text: "Add expense" }),
    ),
    status,
  );
  if (budgetAlerts) container.append(budgetAlerts);
  if (flash) showStatus(status, flash);

  let categories = [];
  try {
    categories = await api.listCategories();
  } catch (error) {
    results.replaceChildren(h("p", { class: "alert", role: "alert", text: error.message }));
  }
  const filters = filterForm(query, categories);
  container.append(filters, alertBox, results);

  async function load() {
    clearErrors(filters);
    clearErrors(alertBox);
    const params = { page_size: PAGE_SIZE, page: query.get("page") || 1 };
    for (const name of FILTERS) params[name] = query.get(name) ?? "";
    let data;
    try {
      data = await api.listExpenses(params);
    } catch (error) {
      results.replaceChildren();
      showErrors(filters, error);
      return;
    }
    if (!data.results.length) {
      const filtered = FILTERS.some((name) => query.get(name));
      results.replaceChildren(
        h("p", {
          class: "card text-sm text-slate-600",
          text: filtered
            ? "No expenses match these filters."
            : "No expenses yet. Add your first one.",
        }),
      );
      if (data.count) results.append(pagination(query, data.count));
      return;
    }
    const table = h(
      "table",
      { class: "table" },
      h("caption", { class: "sr-only", text: "Expenses" }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", text: "Date" }),
          h("th", { scope: "col", text: "Description" }),
          h("th", { scope: "col", text: "Category" }),
          h("th", { scope: "col", class: "text-right", text: "Amount" }),
          h(
            "th",
            { scope: "col", class: "text-right" },
            h("span", { class: "sr-only", text: "Actions" }),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        data.results.map((expense) => expenseRow(expense, remove)),
      ),
    );
    results.replaceChildren(
      h("div", { class: "card relative overflow-x-auto p-0" }, table),
      pagination(query, data.count),
    );
  }

  async function remove(expense) {
    const choice = await openDialog({
      title: "Delete this expense?",
      body: h("p", {
        class: "text-sm text-slate-600",
        text: `${expense.description}, ${formatMoney(expense.amount, expense.currency)} on ${formatDate(expense.date)}. This cannot be undone.`,
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    showStatus(status, "");
    try {
      await api.deleteExpense(expense.id);
    } catch (error) {
      showFormError(alertBox, editWindowMessage(error));
      return;
    }
    showStatus(status, `Deleted “${expense.description}”.`);
    await load();
  }

  await load();
}

/** The message for an error; a closed edit window also says when it closed. */
export function editWindowMessage(error) {
  const until = error.body?.editable_until;
  if (error.code === ErrorCode.EDIT_WINDOW_EXPIRED && until) {
    return `${error.message} It could be changed until ${formatDateTime(until)}.`;
  }
  return error.message;
}
