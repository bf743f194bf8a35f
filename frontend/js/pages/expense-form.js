// Add and edit an expense, with its receipt.

import * as api from "../api.js";
import { alertBox } from "../budget-status.js";
import {
  FILE_INPUT_CLASS,
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  showErrors,
  showFieldError,
  showFormError,
  whileBusy,
} from "../dom.js";
import { formatDate, formatDateTime, isoDate, today } from "../format.js";
import { navigate } from "../router.js";
import { attachCategorySuggestion } from "./category-suggestion.js";
import { ruleFromExpenseButton } from "./rule-from-expense.js";
import { scheduleFromExpenseButton } from "./schedule-from-expense.js";
import {
  PAYMENT_METHODS,
  categoryOptions,
  editWindowMessage,
  isAdmin,
  isLocked,
  recordLocked,
  windowHours,
} from "./expenses.js";
import { ErrorCode } from "../errors.js";

const RECEIPT_TYPES = "image/jpeg,image/png,image/webp,application/pdf";
// The financial record: locked after the edit window. Category, tags and notes never are.
const RECORD_FIELDS = ["description", "amount", "currency", "date", "payment_method", "merchant"];
const CLASSIFICATION_FIELDS = ["category", "tags", "notes"];

/** Tag names from "food, Work ,food" → ["food", "Work"] (case-insensitive duplicates dropped). */
function parseTags(text) {
  const seen = new Set();
  const tags = [];
  for (const name of text.split(",").map((part) => part.trim())) {
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      tags.push(name);
    }
  }
  return tags;
}

function buildFields(expense, categories, me) {
  const value = (name, fallback = "") => expense?.[name] ?? fallback;
  const fields = {
    description: field({
      label: "Description",
      name: "description",
      required: true,
      maxlength: 500,
      value: value("description"),
      "data-autofocus": true,
      wrapperClass: "sm:col-span-2",
    }),
    amount: field({
      label: "Amount",
      name: "amount",
      required: true,
      inputmode: "decimal",
      autocomplete: "off",
      value: value("amount"),
      placeholder: "0.00",
    }),
    currency: field({
      label: "Currency",
      name: "currency",
      maxlength: 3,
      autocapitalize: "characters",
      value: value("currency", me.default_currency),
      hint: "ISO 4217 code, such as INR, USD or EUR.",
    }),
    date: field({
      label: "Date",
      name: "date",
      type: "date",
      required: true,
      value: value("date", today()),
    }),
    category: field({ label: "Category", name: "category", element: "select" }),
    payment_method: field({
      label: "Payment method",
      name: "payment_method",
      element: "select",
      options: [{ value: "", label: "Not set" }, ...PAYMENT_METHODS],
    }),
    merchant: field({
      label: "Merchant",
      name: "merchant",
      maxlength: 200,
      value: value("merchant"),
    }),
    tags: field({
      label: "Tags",
      name: "tags",
      value: (expense?.tags ?? []).join(", "),
      hint: "Separate tags with commas.",
      wrapperClass: "sm:col-span-2",
    }),
    notes: field({
      label: "Notes",
      name: "notes",
      element: "textarea",
      rows: 3,
      value: value("notes"),
      wrapperClass: "sm:col-span-2",
    }),
    file: field({
      label: expense?.receipt ? "Replace receipt" : "Receipt",
      name: "file",
      type: "file",
      accept: RECEIPT_TYPES,
      hint: `JPEG, PNG, WebP or PDF, up to ${api.receiptLimitText() ?? "5 MB"}.`,
      wrapperClass: "sm:col-span-2",
    }),
  };
  fields.category.control.append(...categoryOptions(categories, "No category"));
  fields.category.control.value = expense?.category == null ? "" : String(expense.category);
  fields.payment_method.control.value = value("payment_method") ?? "";
  fields.file.control.className = FILE_INPUT_CLASS;
  fields.file.control.addEventListener("change", (event) =>
    receiptTooLarge(event.target.form, event.target),
  );
  return fields;
}

/**
 * Says on the file field, at once, that the chosen receipt is over the API's size cap (which
 * would refuse it after the whole upload); clears that message otherwise. True if too large.
 */
function receiptTooLarge(form, control) {
  const file = control.files?.[0];
  const problem = file ? api.receiptSizeProblem(file) : null;
  const slot = form?.querySelector('[data-error-for="file"]');
  if (slot) {
    slot.hidden = true;
    slot.textContent = "";
  }
  control.removeAttribute("aria-invalid");
  if (!problem) return false;
  if (form) showFieldError(form, "file", problem);
  return true;
}

/** Shows the record fields of a locked expense read-only (disabled, so never sent). */
function lockRecord(fields) {
  for (const name of RECORD_FIELDS) {
    const control = fields[name].control;
    control.disabled = true;
    control.removeAttribute("data-autofocus");
    control.classList.add("cursor-not-allowed", "bg-slate-100", "text-slate-600");
  }
  fields.file.wrapper.hidden = true;
  fields.category.control.setAttribute("data-autofocus", "");
}

/** Only what may change after the window: category, tags and notes. */
function collectClassification(form) {
  const data = collect(form);
  return Object.fromEntries(CLASSIFICATION_FIELDS.map((name) => [name, data[name]]));
}

function collect(form) {
  const get = (name) => form.elements.namedItem(name).value;
  const category = get("category");
  const data = {
    description: get("description").trim(),
    amount: get("amount").trim(),
    date: get("date"),
    category: category ? Number(category) : null,
    payment_method: get("payment_method") || null,
    merchant: get("merchant").trim(),
    notes: get("notes").trim(),
    tags: parseTags(get("tags")),
  };
  const currency = get("currency").trim().toUpperCase();
  if (currency) data.currency = currency;
  return data;
}

/**
 * The current receipt, shown in place: an image as a thumbnail, a PDF as an "Open PDF" link;
 * either opens in a new tab. The file needs the user's token, so no plain URL can load it:
 * it is fetched as a Blob and shown through an object URL, released when the page is left
 * or the receipt removed. `{ node, release }`.
 */
function receiptPreview(expense) {
  const node = h(
    "div",
    { class: "w-full", dataset: { receiptPreview: "" } },
    h("p", { class: "hint", text: "Loading the receipt…" }),
  );
  let url = null;
  const release = () => {
    if (url) URL.revokeObjectURL(url);
    url = null;
  };
  (async () => {
    let blob;
    try {
      blob = await api.fetchReceipt(expense.id);
    } catch (error) {
      node.replaceChildren(
        h("p", {
          class: "field-error",
          role: "alert",
          text: `The receipt could not be shown: ${error.message}`,
        }),
      );
      return;
    }
    if (!node.isConnected) return; // the page was left meanwhile
    url = URL.createObjectURL(blob);
    window.addEventListener("hashchange", release, { once: true });
    const name = expense.description ? `the receipt for “${expense.description}”` : "the receipt";
    if (blob.type.startsWith("image/")) {
      node.replaceChildren(
        h(
          "a",
          {
            href: url,
            target: "_blank",
            rel: "noopener",
            class: "inline-block rounded-lg border border-slate-200 bg-white p-1 hover:border-indigo-300",
            title: "Open the receipt in a new tab",
          },
          h("img", {
            src: url,
            alt: `Receipt image; opens ${name} in a new tab`,
            class: "max-h-48 w-auto max-w-full rounded-md object-contain",
          }),
        ),
        h("p", { class: "hint", text: "Select the image to see it full size in a new tab." }),
      );
    } else {
      node.replaceChildren(
        h("a", {
          href: url,
          target: "_blank",
          rel: "noopener",
          class: "btn btn-small",
          text: "Open PDF",
          // Starts with the visible text, so speech control ("click Open PDF") finds it.
          "aria-label": `Open PDF: ${name}, in a new tab`,
        }),
      );
    }
  })();
  return { node, release };
}

/** The current receipt (previewed) with a Remove button, for an expense that has one. */
function receiptPanel(expense, onRemoved, { canRemove = true } = {}) {
  const panel = h("div", { class: "flex flex-wrap items-center gap-2 text-sm sm:col-span-2" });
  const message = h("p", { class: "field-error w-full", role: "alert", hidden: true });
  if (!expense?.receipt) return panel;
  const preview = receiptPreview(expense);
  const remove = h("button", { type: "button", class: "btn btn-small", text: "Remove receipt" });
  remove.addEventListener("click", async () => {
    const choice = await openDialog({
      title: "Remove the receipt?",
      body: h("p", {
        class: "text-sm text-slate-600",
        text: "The file is deleted; the expense stays.",
      }),
      confirmLabel: "Remove",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    try {
      await api.deleteReceipt(expense.id);
      preview.release();
      onRemoved();
    } catch (error) {
      message.textContent = editWindowMessage(error);
      message.hidden = false;
    }
  });
  panel.append(
    h("span", { class: "badge", text: "Receipt attached" }),
    canRemove ? remove : null,
    preview.node,
    message,
  );
  return panel;
}

async function renderForm(container, ctx, expenseId) {
  const heading = h("h1", { text: expenseId ? "Edit expense" : "Add expense" });
  container.append(
    h(
      "div",
      { class: "flex items-center justify-between" },
      heading,
      h("a", { href: "#/expenses", class: "link text-sm", text: "Back to expenses" }),
    ),
  );

  let expense = null;
  let categories;
  try {
    [expense, categories] = await Promise.all([
      expenseId ? api.getExpense(expenseId) : Promise.resolve(null),
      api.listCategories(),
    ]);
  } catch (error) {
    const text =
      error.status === 404 ? "This expense does not exist (or is not yours)." : error.message;
    container.append(h("p", { class: "alert", role: "alert", text }));
    return;
  }

  let id = expense?.id ?? null;
  const fields = buildFields(expense, categories, ctx.me);
  // A locked expense keeps its record; its classification stays editable (not for an Admin,
  // who may change it all, audited).
  const readOnly = Boolean(expense) && recordLocked(expense, ctx.me);
  if (readOnly) lockRecord(fields);
  const windowNote = expense?.editable_until ? editWindowNote(expense, ctx.me) : null;
  const receiptArea = h("div", { class: "sm:col-span-2" });
  const showReceipt = (current) =>
    receiptArea.replaceChildren(
      receiptPanel(
        current,
        () => {
          expense = { ...current, receipt: null };
          showReceipt(expense);
        },
        { canRemove: !readOnly },
      ),
    );
  showReceipt(expense);

  // The form's actions: one button or link each (other features add theirs to this list).
  const actions = [
    h("button", {
      type: "submit",
      class: "btn btn-primary",
      text: id ? "Save changes" : "Add expense",
    }),
    h("a", { href: "#/expenses", class: "btn", text: "Cancel" }),
    ruleFromExpenseButton(expense),
    scheduleFromExpenseButton(expense),
    id && !readOnly
      ? h("button", {
          type: "button",
          class: "btn btn-danger sm:ml-auto",
          text: "Delete",
          onclick: () => removeExpense(),
        })
      : null,
  ];

  const form = h(
    "form",
    { class: "card space-y-5", novalidate: true, "aria-label": "Expense details" },
    windowNote,
    formAlert(),
    h(
      "div",
      { class: "grid gap-4 sm:grid-cols-2" },
      Object.values(fields).map((entry) => entry.wrapper),
      receiptArea,
    ),
    h("div", { class: "flex flex-wrap gap-2" }, actions),
  );

  async function removeExpense() {
    const choice = await openDialog({
      title: "Delete this expense?",
      body: h("p", { class: "text-sm text-slate-600", text: "This cannot be undone." }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    clearErrors(form);
    try {
      await api.deleteExpense(id);
    } catch (error) {
      showFormError(form, editWindowMessage(error));
      return;
    }
    ctx.flash(`Deleted “${expense.description}”.`);
    navigate("/expenses");
  }
  container.append(form);
  attachCategorySuggestion(form, {
    description: fields.description.control,
    merchant: fields.merchant.control,
    amount: fields.amount.control,
    category: fields.category.control,
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    // A receipt over the size cap: nothing is sent, the expense included.
    if (receiptTooLarge(form, fields.file.control)) {
      fields.file.control.focus();
      return;
    }
    if (!readOnly && !(await confirmFarDate(fields.date.control.value, expense?.date))) return;
    await whileBusy(form, async () => {
      let saved;
      try {
        if (!id) saved = await api.createExpense(collect(form));
        else saved = await api.updateExpense(id, readOnly ? collectClassification(form) : collect(form));
      } catch (error) {
        showErrors(form, error);
        if (error.code === ErrorCode.EDIT_WINDOW_EXPIRED) showFormError(form, editWindowMessage(error));
        return;
      }
      const file = fields.file.control.files[0];
      if (file) {
        try {
          await api.uploadReceipt(saved.id, file);
        } catch (error) {
          // The expense is saved: from now on this form edits it, so a retry does not duplicate it.
          const created = !id;
          id = saved.id;
          expense = saved;
          history.replaceState(null, "", `#/expenses/${id}`);
          heading.textContent = "Edit expense";
          form.querySelector('button[type="submit"]').textContent = "Save changes";
          if (error.fieldErrors) showErrors(form, error);
          else showFieldError(form, "file", error.message);
          showFormError(
            form,
            `The expense was ${created ? "added" : "saved"}, but the receipt was not: ${error.message}`,
          );
          form.querySelector("[data-budget-alerts]")?.remove();
          const alerts = alertBox(saved.budget_alerts);
          if (alerts) form.prepend(alerts);
          return;
        }
      }
      ctx.flash(id ? "Expense updated." : "Expense added.", saved.budget_alerts);
      navigate("/expenses");
    });
  });
}

/**
 * A date more than a year ahead is most likely a typo (2031 for 2021): ask before saving it.
 * True to go on; an unchanged date (`saved`, the expense's own) is not asked about again.
 */
async function confirmFarDate(value, saved) {
  const limit = new Date();
  limit.setFullYear(limit.getFullYear() + 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value <= isoDate(limit) || value === saved) {
    return true;
  }
  const choice = await openDialog({
    title: "Check the date",
    body: h("p", {
      class: "text-sm text-slate-600",
      text: `This date is more than a year ahead (${formatDate(value)}). Save anyway?`,
    }),
    confirmLabel: "Save anyway",
  });
  return choice === "confirm";
}

/** What the edit window means for this expense, for the top of the form. */
function editWindowNote(expense, me) {
  const until = formatDateTime(expense.editable_until);
  if (!isLocked(expense)) {
    return h("p", {
      class: "hint",
      text: `You can change or delete this expense until ${until}.`,
    });
  }
  const text = isAdmin(me)
    ? `The edit window for this expense ended ${until}. As an admin you can still change it; the change is recorded.`
    : `Recorded more than ${windowHours(expense)} hours ago: the amount, date, description, merchant, currency and payment method are locked (since ${until}). You can still change the category, tags and notes.`;
  return h("p", { class: "notice", text });
}

export const renderNew = (container, ctx) => renderForm(container, ctx, null);
export const renderEdit = (container, ctx) => renderForm(container, ctx, ctx.params.id);
