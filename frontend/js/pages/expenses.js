// Expenses: filters, a paginated table, delete, and bulk changes of selected rows.
// Adding and editing live in expense-form.js.

import * as api from "../api.js";
import { alertBox as budgetAlertBox } from "../budget-status.js";
import {
  ADD_BUTTON_CLASS,
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  showErrors,
  showFieldError,
  showFormError,
  showStatus,
  statusLine,
  uniqueId,
} from "../dom.js";
import { categoryOptionLabel, formatDate, formatDateTime, formatMoney } from "../format.js";
import { hrefFor, navigate } from "../router.js";
import { ErrorCode } from "../errors.js";
import { KBD_CLASS, openShortcutHelp, takeSearchRequest } from "../shortcuts.js";

const PAGE_SIZE = 20;
// Below Tailwind's `sm` breakpoint (40rem): the phone layout.
const PHONE_QUERY = "(width < 40rem)";
/** The primary "Add expense" button: floating at the bottom right below `sm`, in place above. */
const FILTERS = [
  "start_date",
  "end_date",
  "category_id",
  "tag",
  "payment_method",
  "search",
  "min_amount",
  "max_amount",
  "currency",
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

export const isAdmin = (me) => Boolean(me?.roles?.includes("Admin"));

/** The record of a locked expense is read-only, unless an Admin overrides (audited). */
export const recordLocked = (expense, me) => isLocked(expense) && !isAdmin(me);

/** Hours of the edit window, from the expense itself (`created_at` to `editable_until`). */
export function windowHours(expense) {
  const hours = (Date.parse(expense.editable_until) - Date.parse(expense.created_at)) / 3_600_000;
  return Number.isFinite(hours) && hours > 0 ? Math.round(hours) : 72;
}

/** True when both ISO dates are set and From (`start`) is after To (`end`). */
export const datesReversed = (start, end) => Boolean(start && end && start > end);

/** Flags the "To" field (named `name` in `form`) of a range whose From is after its To. */
export function flagReversedDates(form, name) {
  showFieldError(form, name, "To must be on or after From");
  form.elements.namedItem(name)?.focus();
}

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * Category <option>s: "none" first, then system and custom categories in groups. A category
 * the user hid is an option too, but a hidden one: not offered, yet a form that sets it as
 * its value (an expense filed under it) still shows it.
 */
export function categoryOptions(categories, emptyLabel) {
  const option = (category) =>
    h("option", {
      value: String(category.id),
      text: categoryOptionLabel(category),
      hidden: Boolean(category.hidden),
    });
  const group = (label, list) =>
    h("optgroup", { label, hidden: list.every((c) => c.hidden) }, list.map(option));
  return [
    h("option", { value: "", text: emptyLabel }),
    group("Standard", categories.filter((c) => c.is_system)),
    group("Yours", categories.filter((c) => !c.is_system)),
  ].filter((node) => node.tagName !== "OPTGROUP" || node.children.length);
}

/** The list's URL with `changes` applied to its filters, back on the first page. */
function filteredHref(query, changes) {
  const params = Object.fromEntries(query.entries());
  delete params.page;
  return hrefFor("/expenses", { ...params, ...changes });
}

/** A tag as a link that shows the expenses carrying it (with the other filters kept). */
function tagLink(query, tag, extraClass = "") {
  return h("a", {
    href: filteredHref(query, { tag }),
    class: `badge hover:bg-indigo-100 hover:text-indigo-800 ${extraClass}`.trim(),
    title: `Show the expenses tagged “${tag}”`,
    dataset: { tag },
    text: `#${tag}`,
  });
}

function filterForm(query, categories, tags) {
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
    tag: field({
      label: "Tag",
      name: "tag",
      value: value("tag"),
      maxlength: 50,
      autocomplete: "off",
      list: uniqueId("tag-names"),
    }),
    payment_method: field({
      label: "Payment method",
      name: "payment_method",
      element: "select",
      options: [{ value: "", label: "Any method" }, ...PAYMENT_METHODS],
    }),
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
    // Reports link here with their currency: the list then shows what they counted.
    currency: field({
      label: "Currency",
      name: "currency",
      value: value("currency"),
      maxlength: 3,
      autocapitalize: "characters",
      autocomplete: "off",
      placeholder: "Any",
    }),
    ordering: field({ label: "Sort", name: "ordering", element: "select", options: ORDERINGS }),
  };
  const categoryChoices = categoryOptions(categories, "All categories");
  // "none": the expenses without a category (the reports link their "Uncategorised" here).
  categoryChoices.splice(1, 0, h("option", { value: "none", text: "Uncategorised" }));
  fields.category_id.control.append(...categoryChoices);
  fields.category_id.control.value = value("category_id");
  fields.payment_method.control.value = value("payment_method");
  // The user's tags as suggestions; any text is still accepted.
  fields.tag.wrapper.append(
    h(
      "datalist",
      { id: fields.tag.control.getAttribute("list") },
      tags.map((tag) => h("option", { value: tag.name })),
    ),
  );
  fields.search.control.dataset.shortcutSearch = "";
  fields.ordering.control.value = value("ordering");

  const form = h(
    "form",
    { class: "card space-y-4", role: "search", "aria-label": "Filter expenses", novalidate: true },
    formAlert(),
    h(
      "div",
      { class: "grid gap-4 sm:grid-cols-2 lg:grid-cols-4" },
      Object.values(fields).map((entry) => entry.wrapper),
      // In the row of the last field (Sort), not one of its own.
      h(
        "div",
        { class: "flex items-end gap-2 lg:col-span-2" },
        h("button", { type: "submit", class: "btn btn-primary", text: "Apply filters" }),
        h("a", { href: "#/expenses", class: "btn", text: "Clear" }),
      ),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    for (const name of FILTERS) next[name] = form.elements.namedItem(name).value.trim();
    next.currency = next.currency.toUpperCase();
    clearErrors(form);
    if (datesReversed(next.start_date, next.end_date)) {
      flagReversedDates(form, "end_date");
      return;
    }
    navigate("/expenses", next);
  });
  return form;
}

/**
 * "Go to page [n] Go": a page past either end goes to the first or the last one (as a page
 * past the end in the URL does).
 */
function pageJump(query, page, pages) {
  const input = h("input", {
    id: uniqueId("f-page"),
    name: "page",
    type: "number",
    inputmode: "numeric",
    min: "1",
    max: String(pages),
    value: String(page),
    class: "input w-16 px-2 py-1 text-center tabular-nums",
  });
  const form = h(
    "form",
    { class: "flex items-center gap-2", novalidate: true },
    h("label", { for: input.id, class: "text-slate-600", text: "Go to page" }),
    input,
    h("button", { type: "submit", class: "btn btn-small", text: "Go" }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = Number.parseInt(input.value, 10);
    if (!Number.isFinite(wanted)) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    const target = Math.min(pages, Math.max(1, wanted));
    navigate("/expenses", { ...Object.fromEntries(query.entries()), page: target });
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
    {
      "aria-label": "Pages",
      class: "flex flex-wrap items-center justify-between gap-3 text-sm",
    },
    h("p", {
      class: "text-slate-600",
      text: `Page ${page} of ${pages} · ${count} ${count === 1 ? "expense" : "expenses"}`,
    }),
    h(
      "div",
      { class: "flex flex-wrap items-center gap-2" },
      page > 1 ? link("Previous", page - 1, "prev") : null,
      page < pages ? link("Next", page + 1, "next") : null,
      pages > 1 ? pageJump(query, page, pages) : null,
    ),
  );
}

/** "42 expenses · ₹12,345.00 · $300.05": what the filters match on every page. */
export function totalsText(body) {
  const sums = body.totals.map((row) => formatMoney(row.total, row.currency));
  return [plural(body.count, "expense"), ...sums].join(" · ");
}

function expenseRow(expense, { onDelete, canDelete, checkbox, query }) {
  const details = [expense.merchant, paymentLabel(expense.payment_method)]
    .filter(Boolean)
    .join(" · ");
  const locked = isLocked(expense);
  return h(
    "tr",
    { dataset: { expenseId: String(expense.id) } },
    h("td", { class: "w-8" }, checkbox),
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
            expense.tags.map((tag) => tagLink(query, tag)),
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
      canDelete ? " " : null,
      canDelete
        ? h("button", {
            type: "button",
            class: "btn btn-small",
            text: "Delete",
            "aria-label": `Delete ${expense.description}`,
            onclick: () => onDelete(expense),
          })
        : null,
    ),
  );
}

/** An expense as a card, the list's shape below `sm`: tapping it opens the expense. */
function expenseCard(expense, { checkbox, query }) {
  const details = [expense.merchant, paymentLabel(expense.payment_method)]
    .filter(Boolean)
    .join(" · ");
  return h(
    "li",
    {
      class: "card relative flex items-start gap-3 p-4 hover:bg-slate-50",
      dataset: { expenseId: String(expense.id) },
    },
    // Above the card's link, so ticking it selects rather than opens.
    h("div", { class: "relative z-10 -m-2 flex p-2" }, checkbox),
    h(
      "div",
      { class: "min-w-0 flex-1 space-y-1" },
      h(
        "div",
        { class: "flex items-baseline justify-between gap-3" },
        h("a", {
          href: `#/expenses/${expense.id}`,
          class:
            "min-w-0 font-medium break-words text-slate-900 after:absolute after:inset-0 after:rounded-xl focus:outline-none focus-visible:after:ring-2 focus-visible:after:ring-indigo-500",
          text: expense.description,
        }),
        h("span", {
          class: "shrink-0 text-base font-semibold whitespace-nowrap text-slate-900 tabular-nums",
          text: formatMoney(expense.amount, expense.currency),
        }),
      ),
      h(
        "div",
        { class: "flex flex-wrap gap-x-2 text-xs text-slate-500" },
        h("time", { datetime: expense.date, text: formatDate(expense.date) }),
        details ? h("span", { text: details }) : null,
        isLocked(expense) ? h("span", { text: "Locked" }) : null,
      ),
      h(
        "div",
        { class: "flex flex-wrap gap-1" },
        h("span", { class: "badge", text: expense.category_name || "Uncategorised" }),
        // Above the card's link, like the checkbox: a tap on a tag filters by it.
        (expense.tags ?? []).map((tag) => tagLink(query, tag, "relative z-10")),
        expense.receipt ? h("span", { class: "badge", text: "Receipt" }) : null,
      ),
    ),
  );
}

/** The list's filters as the bulk endpoints take them (`filter`): the non-empty ones. */
function currentFilters(query) {
  const filters = {};
  for (const name of FILTERS) {
    const value = (query.get(name) ?? "").trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** "Deleted 5; 2 were not deleted because they are locked (…): “Taxi”, “Lunch”." */
export function bulkDeleteMessage(result, describe, hours = 72) {
  const { deleted, refused } = result;
  let text = `Deleted ${deleted}`;
  if (refused.length) {
    const names = refused.slice(0, 5).map((row) => `“${describe(row.id)}”`);
    if (refused.length > names.length) names.push(`and ${refused.length - names.length} more`);
    text +=
      refused.length === 1
        ? `; 1 was not deleted because it is locked (recorded more than ${hours} h ago)`
        : `; ${refused.length} were not deleted because they are locked (recorded more than ${hours} h ago)`;
    text += `: ${names.join(", ")}`;
  }
  return `${text}.`;
}

/**
 * The bar of bulk actions for the selected rows: set category, add or remove a tag, delete.
 * `count` says how many are selected; `scope` holds "Select all N matching" and "Clear".
 */
function bulkBar(categories, { onCategory, onTag, onDelete }) {
  const count = h("p", { class: "text-sm font-semibold text-slate-900", role: "status" });
  const scope = h("div", { class: "flex flex-wrap items-center gap-2 text-sm" });
  const category = field({ label: "Category", name: "bulk_category", element: "select" });
  const options = categoryOptions(categories, "No category");
  options[0].value = "none";
  category.control.append(h("option", { value: "", text: "Choose…" }), ...options);
  category.control.value = "";
  const tag = field({ label: "Tag", name: "bulk_tag", maxlength: 50, autocomplete: "off" });
  const button = (text, onclick, extra = "") =>
    h("button", { type: "button", class: `btn ${extra}`.trim(), text, onclick });
  const bar = h(
    "form",
    {
      class: "card sticky top-2 z-20 space-y-3 border-indigo-200 bg-indigo-50 p-4",
      "aria-label": "Bulk actions",
      novalidate: true,
    },
    h("div", { class: "flex flex-wrap items-center justify-between gap-2" }, count, scope),
    formAlert(),
    h(
      "div",
      { class: "flex flex-wrap items-end gap-3" },
      h(
        "div",
        { class: "flex flex-wrap items-end gap-2" },
        h("div", { class: "w-44" }, category.wrapper),
        button("Set category", () => onCategory(category.control)),
      ),
      h(
        "div",
        { class: "flex flex-wrap items-end gap-2" },
        h("div", { class: "w-40" }, tag.wrapper),
        button("Add tag", () => onTag(tag.control, "add_tags")),
        button("Remove tag", () => onTag(tag.control, "remove_tags")),
      ),
      button("Delete selected", onDelete, "btn-danger"),
    ),
  );
  // Enter in the tag box adds the tag rather than submitting nothing.
  bar.addEventListener("submit", (event) => {
    event.preventDefault();
    onTag(tag.control, "add_tags");
  });
  return { bar, count, scope };
}

export async function render(container, ctx) {
  const query = ctx.query;
  const me = ctx.me;
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
      h("a", {
        href: "#/expenses/new",
        class: `btn btn-primary ${ADD_BUTTON_CLASS}`,
        text: "Add expense",
      }),
    ),
    status,
  );
  // Room at the bottom for the floating "Add expense" button on a phone.
  container.classList.add("pb-16", "sm:pb-0");
  if (budgetAlerts) container.append(budgetAlerts);
  if (flash) showStatus(status, flash);

  // The first page is asked for at once, with the categories and tags the filters offer.
  const firstPage = requestPage();
  let categories = [];
  // The tags only feed the tag filter's suggestions: the list works without them.
  const tagsLoaded = api.listTags().catch(() => []);
  try {
    categories = await api.listCategories();
  } catch (error) {
    results.replaceChildren(h("p", { class: "alert", role: "alert", text: error.message }));
  }
  const filters = filterForm(query, categories, await tagsLoaded);
  // Below `sm` the filters fold behind a button that says how many are set.
  filters.id = uniqueId("expense-filters");
  const active = FILTERS.filter((name) => name !== "ordering" && query.get(name)).length;
  const filterToggle = h("button", {
    type: "button",
    class: "btn w-full sm:hidden",
    text: active ? `Filters (${active} active)` : "Filters",
    "aria-expanded": "false",
    "aria-controls": filters.id,
    onclick: () => openFilters(filterToggle.getAttribute("aria-expanded") !== "true"),
  });
  function openFilters(open = true) {
    filterToggle.setAttribute("aria-expanded", String(open));
    filters.classList.toggle("hidden", !open);
  }
  filters.classList.add("hidden", "sm:block");

  // `/` (shortcuts.js): the search box, unfolding the filters on a phone first.
  const searchBox = filters.elements.namedItem("search");
  searchBox.addEventListener("shortcut-focus", () => {
    openFilters();
    searchBox.focus();
    searchBox.select();
  });
  if (takeSearchRequest()) {
    openFilters();
    searchBox.dataset.autofocus = ""; // the shell focuses it once the page is drawn
  }
  // Its line is kept while empty (invisible, not removed) so the list does not jump down
  // when the sums arrive.
  const totalsLine = h("p", {
    class: "invisible min-h-5 text-sm font-medium text-slate-700 tabular-nums",
    "aria-live": "polite",
    dataset: { expenseTotals: "" },
  });
  const showTotals = (text) => {
    totalsLine.textContent = text;
    totalsLine.classList.toggle("invisible", !text);
  };
  const kbd = (key) => h("kbd", { class: KBD_CLASS, text: key });
  // On screens with room for a keyboard: where the shortcuts can be found.
  const shortcutHint = h(
    "p",
    { class: "hidden text-xs text-slate-500 sm:block" },
    "Tip: ",
    kbd("n"),
    " adds an expense, ",
    kbd("/"),
    " searches, ",
    kbd("?"),
    " lists the ",
    h("button", {
      type: "button",
      class: "link",
      text: "keyboard shortcuts",
      onclick: openShortcutHelp,
    }),
    ".",
  );

  // The selection: ids on this page, or (allMatching) every expense the filters match.
  const selected = new Set();
  let allMatching = false;
  let lastIndex = null;
  let page = { results: [], count: 0 };
  let boxes = [];
  let headerBox = null;
  const bulk = bulkBar(categories, {
    onCategory: setCategory,
    onTag: changeTag,
    onDelete: removeSelected,
  });
  container.append(filterToggle, filters, alertBox, totalsLine, results, shortcutHint);
  filters.addEventListener("submit", () => showStatus(status, ""));

  const selectedCount = () => (allMatching ? page.count : selected.size);

  // Crossing `sm` redraws the list in the other shape, keeping the selection.
  const phone = window.matchMedia(PHONE_QUERY);
  phone.addEventListener("change", function redraw() {
    if (!results.isConnected) phone.removeEventListener("change", redraw);
    else if (page.results.length) drawList();
  });

  function refreshSelection() {
    const rows = page.results;
    boxes.forEach((box, index) => {
      box.checked = allMatching || selected.has(rows[index].id);
    });
    const onPage = rows.filter((expense) => selected.has(expense.id)).length;
    const wholePage = allMatching || (rows.length > 0 && onPage === rows.length);
    if (headerBox) {
      headerBox.checked = wholePage;
      headerBox.indeterminate = !wholePage && onPage > 0;
    }
    const n = selectedCount();
    // Out of the page while nothing is selected: its fields are not the filters' fields.
    if (n === 0) bulk.bar.remove();
    else if (!bulk.bar.isConnected) results.before(bulk.bar);
    bulk.count.textContent = `${n} selected`;
    const children = [];
    if (allMatching) {
      children.push(
        h("span", {
          class: "text-slate-700",
          text: `All ${plural(page.count, "matching expense")} are selected.`,
        }),
      );
    } else if (wholePage && page.count > rows.length) {
      children.push(
        h("button", {
          type: "button",
          class: "link",
          text: `Select all ${page.count} matching`,
          onclick: () => {
            allMatching = true;
            refreshSelection();
          },
        }),
      );
    }
    children.push(
      h("button", { type: "button", class: "link", text: "Clear selection", onclick: clear }),
    );
    bulk.scope.replaceChildren(...children);
  }

  function clear() {
    selected.clear();
    allMatching = false;
    lastIndex = null;
    clearErrors(bulk.bar);
    refreshSelection();
  }

  function toggle(index, event) {
    const rows = page.results;
    const checked = event.target.checked;
    if (allMatching) {
      // Leaving "all matching": the page stays selected, less the row just unticked.
      allMatching = false;
      for (const expense of rows) selected.add(expense.id);
    }
    const [from, to] =
      event.shiftKey && lastIndex !== null
        ? [Math.min(lastIndex, index), Math.max(lastIndex, index)]
        : [index, index];
    for (let i = from; i <= to; i += 1) {
      if (checked) selected.add(rows[i].id);
      else selected.delete(rows[i].id);
    }
    lastIndex = index;
    refreshSelection();
  }

  function toggleAll(event) {
    allMatching = false;
    for (const expense of page.results) {
      if (event.target.checked) selected.add(expense.id);
      else selected.delete(expense.id);
    }
    lastIndex = null;
    refreshSelection();
  }

  const selection = () => (allMatching ? { filter: currentFilters(query) } : { ids: [...selected] });

  async function runBulk(work, message) {
    clearErrors(bulk.bar);
    showStatus(status, "");
    let result;
    try {
      result = await work();
    } catch (error) {
      showFormError(bulk.bar, error.message);
      return;
    }
    clear();
    await load();
    showStatus(status, message(result));
    status.focus();
  }

  async function setCategory(control) {
    if (!control.value) {
      showStatus(status, "");
      showErrors(bulk.bar, { fieldErrors: { bulk_category: ["Choose a category first."] } });
      return;
    }
    const id = control.value === "none" ? null : Number(control.value);
    const name = id === null ? "No category" : control.selectedOptions[0].textContent;
    await runBulk(
      () => api.bulkUpdateExpenses({ ...selection(), set_category: id }),
      (result) =>
        `Category set to “${name}”: ${plural(result.changed, "expense")} changed of ${result.matched} selected.`,
    );
  }

  async function changeTag(control, action) {
    const name = control.value.trim();
    if (!name) {
      showStatus(status, "");
      showErrors(bulk.bar, { fieldErrors: { bulk_tag: ["Type a tag first."] } });
      return;
    }
    await runBulk(
      () => api.bulkUpdateExpenses({ ...selection(), [action]: [name] }),
      (result) =>
        `Tag “${name}” ${action === "add_tags" ? "added to" : "removed from"} ${plural(result.changed, "expense")} (${result.matched} selected).`,
    );
    control.value = "";
  }

  async function removeSelected() {
    const n = selectedCount();
    const choice = await openDialog({
      title: `Delete ${plural(n, "expense")}?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: isAdmin(me)
          ? "This cannot be undone. Deleting expenses past their edit window is recorded."
          : "Expenses recorded more than 72 hours ago are locked and will not be deleted. This cannot be undone.",
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    const names = new Map(page.results.map((expense) => [expense.id, expense.description]));
    const hours = page.results.length ? windowHours(page.results[0]) : 72;
    await runBulk(
      () => api.bulkDeleteExpenses(selection()),
      (result) =>
        bulkDeleteMessage(result, (id) => names.get(id) ?? `expense ${id}`, hours),
    );
  }

  /**
   * The page the URL asks for and the sum of every page (without which the list still
   * shows), asked for together; null when the dates are reversed (no request: the API would
   * match nothing, "No expenses match", which misleads).
   */
  function requestPage() {
    const params = { page_size: PAGE_SIZE, page: query.get("page") || 1 };
    for (const name of FILTERS) params[name] = query.get(name) ?? "";
    if (datesReversed(params.start_date, params.end_date)) return null;
    const data = listPage(params);
    data.catch(() => {}); // awaited (and its error shown) by load()
    return { data, totals: api.expenseTotals(currentFilters(query)).catch(() => null) };
  }

  async function load(requested = requestPage()) {
    clearErrors(filters);
    clearErrors(alertBox);
    if (!requested) {
      results.replaceChildren();
      showTotals("");
      openFilters();
      flagReversedDates(filters, "end_date");
      refreshSelection();
      return;
    }
    const { totals } = requested;
    let data;
    try {
      data = await requested.data;
    } catch (error) {
      results.replaceChildren();
      showTotals("");
      openFilters();
      showErrors(filters, error);
      return;
    }
    const sums = await totals;
    showTotals(sums?.count ? totalsText(sums) : "");
    page = data;
    boxes = [];
    headerBox = null;
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
      refreshSelection();
      return;
    }
    drawList();
  }

  /** The page's expenses: cards on a phone (below `sm`), a table from `sm` up. */
  function drawList() {
    boxes = [];
    headerBox = h("input", {
      type: "checkbox",
      class: "size-4 accent-indigo-600",
      "aria-label": "Select all on this page",
      onchange: toggleAll,
    });
    const rows = page.results.map((expense, index) => {
      const box = h("input", {
        type: "checkbox",
        class: "size-4 accent-indigo-600",
        "aria-label": `Select ${expense.description}`,
        onclick: (event) => toggle(index, event),
      });
      boxes.push(box);
      if (phone.matches) return expenseCard(expense, { checkbox: box, query });
      return expenseRow(expense, {
        query,
        onDelete: remove,
        canDelete: !recordLocked(expense, me),
        checkbox: box,
      });
    });
    if (phone.matches) {
      results.replaceChildren(
        h(
          "label",
          { class: "flex items-center gap-3 px-4 text-sm text-slate-600" },
          headerBox,
          "Select all on this page",
        ),
        h("ul", { class: "space-y-3", "aria-label": "Expenses" }, rows),
        pagination(query, page.count),
      );
      refreshSelection();
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
          h("th", { scope: "col", class: "w-8" }, headerBox),
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
      h("tbody", {}, rows),
    );
    results.replaceChildren(
      h("div", { class: "card relative overflow-x-auto p-0" }, table),
      pagination(query, page.count),
    );
    refreshSelection();
  }

  /**
   * One page of the list; a page past the end (a 404, e.g. after deleting the only row of the
   * last page, or `?page=999`) becomes the last page, and the URL says so.
   */
  async function listPage(params) {
    try {
      return await api.listExpenses(params);
    } catch (error) {
      if (error.status !== 404 || Number(params.page) <= 1) throw error;
    }
    const first = await api.listExpenses({ ...params, page: 1 });
    const last = Math.max(1, Math.ceil(first.count / PAGE_SIZE));
    const data = last === 1 ? first : await api.listExpenses({ ...params, page: last });
    query.set("page", String(last));
    history.replaceState(null, "", hrefFor("/expenses", Object.fromEntries(query.entries())));
    return data;
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
    selected.delete(expense.id);
    showStatus(status, `Deleted “${expense.description}”.`);
    await load();
  }

  await load(firstPage);
}

/** The message for an error; a closed edit window also says when it closed. */
export function editWindowMessage(error) {
  const until = error.body?.editable_until;
  if (error.code === ErrorCode.EDIT_WINDOW_EXPIRED && until) {
    return `${error.message} It could be changed until ${formatDateTime(until)}.`;
  }
  return error.message;
}
