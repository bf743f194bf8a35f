// Categories: the standard (system) ones, read-only, and the user's own: create, rename,
// delete (moving or clearing the expenses that use one).

import * as api from "../api.js";
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
  whileBusy,
} from "../dom.js";
import { categoryColor } from "../format.js";
import { ErrorCode } from "../errors.js";

const swatch = (category) =>
  h("span", { class: "swatch", style: `background-color: ${categoryColor(category.color_token)}` });

// What uses a category, as the 409 counts it: "3 expenses and 1 rule use this category."
const USES = [
  ["expense_count", "expense", "expenses"],
  ["rule_count", "rule", "rules"],
  ["schedule_count", "recurring expense", "recurring expenses"],
];

function inUseText(conflict) {
  const body = conflict.body ?? {};
  const parts = USES.filter(([key]) => typeof body[key] === "number" && body[key] > 0).map(
    ([key, one, many]) => `${body[key]} ${body[key] === 1 ? one : many}`,
  );
  if (!parts.length) return "This category is in use. Choose where its expenses go; then it is deleted.";
  const total = USES.reduce((sum, [key]) => sum + (Number(body[key]) || 0), 0);
  const who = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${who} ${total === 1 ? "uses" : "use"} this category. Choose where they go; then the category is deleted.`;
}

export async function render(container) {
  const status = statusLine();
  const pageAlert = h("div", {}, formAlert());
  const custom = h("section", { class: "card space-y-4", "aria-labelledby": "custom-heading" });
  const system = h("section", { class: "card space-y-4", "aria-labelledby": "system-heading" });
  let categories = [];

  const name = field({
    label: "Name",
    name: "name",
    required: true,
    maxlength: 64,
    wrapperClass: "flex-1",
  });
  const createForm = h(
    "form",
    { class: "space-y-3", novalidate: true, "aria-label": "New category" },
    formAlert(),
    h(
      "div",
      { class: "flex flex-wrap items-end gap-3" },
      name.wrapper,
      h("button", { type: "submit", class: "btn btn-primary", text: "Add category" }),
    ),
  );
  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    // A new outcome replaces the last one: no stale "Added …" next to a new error.
    clearErrors(createForm);
    clearErrors(pageAlert);
    showStatus(status, "");
    await whileBusy(createForm, async () => {
      try {
        const created = await api.createCategory({ name: name.control.value.trim() });
        name.control.value = "";
        showStatus(status, `Added “${created.name}”.`);
        await load();
      } catch (error) {
        showErrors(createForm, error);
      }
    });
  });

  container.append(
    h("h1", { text: "Categories" }),
    status,
    pageAlert,
    h(
      "div",
      { class: "grid gap-6 lg:grid-cols-2" },
      h("div", { class: "space-y-6" }, custom),
      system,
    ),
  );

  function renderCustom() {
    const mine = categories.filter((category) => !category.is_system);
    custom.replaceChildren(
      h("h2", { id: "custom-heading", text: "Your categories" }),
      createForm,
      mine.length
        ? h("ul", { class: "divide-y divide-slate-100" }, mine.map(customRow))
        : h("p", {
            class: "text-sm text-slate-500",
            text: "You have no categories of your own yet.",
          }),
    );
  }

  function renderSystem() {
    system.replaceChildren(
      h("h2", { id: "system-heading", text: "Standard categories" }),
      h("p", {
        class: "text-sm text-slate-600",
        text: "Everyone has these; they cannot be changed.",
      }),
      h(
        "ul",
        { class: "grid grid-cols-2 gap-2 text-sm" },
        categories
          .filter((category) => category.is_system)
          .map((category) =>
            h("li", { class: "flex items-center gap-2" }, swatch(category), category.name),
          ),
      ),
    );
  }

  function customRow(category) {
    const row = h("li", {
      class: "flex flex-wrap items-center gap-3 py-2 text-sm",
      dataset: { categoryId: String(category.id) },
    });
    const showView = () =>
      row.replaceChildren(
        swatch(category),
        h("span", { class: "flex-1 font-medium", text: category.name }),
        h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Rename",
          "aria-label": `Rename ${category.name}`,
          onclick: showRename,
        }),
        h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Delete",
          "aria-label": `Delete ${category.name}`,
          onclick: () => remove(category),
        }),
      );
    function showRename() {
      const input = field({
        label: `New name for ${category.name}`,
        name: "name",
        value: category.name,
        maxlength: 64,
        wrapperClass: "flex-1",
      });
      const form = h(
        "form",
        {
          class: "flex w-full flex-wrap items-end gap-2",
          novalidate: true,
          "aria-label": `Rename ${category.name}`,
        },
        h("div", { class: "w-full" }, formAlert()),
        input.wrapper,
        h("button", { type: "submit", class: "btn btn-primary btn-small", text: "Save" }),
        h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Cancel",
          onclick: () => {
            showView();
            row.querySelector("button")?.focus();
          },
        }),
      );
      form.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          showView();
          row.querySelector("button")?.focus();
        }
      });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearErrors(form);
        clearErrors(pageAlert);
        showStatus(status, "");
        await whileBusy(form, async () => {
          try {
            const renamed = await api.updateCategory(category.id, {
              name: input.control.value.trim(),
            });
            showStatus(status, `Renamed “${category.name}” to “${renamed.name}”.`);
            await load();
            status.focus();
          } catch (error) {
            showErrors(form, error);
          }
        });
      });
      row.replaceChildren(form);
      input.control.focus();
      input.control.select();
    }
    showView();
    return row;
  }

  async function remove(category) {
    clearErrors(pageAlert);
    showStatus(status, "");
    const confirmed = await openDialog({
      title: `Delete “${category.name}”?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: "The category is removed from your list.",
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (confirmed !== "confirm") return;
    try {
      await api.deleteCategory(category.id);
    } catch (error) {
      if (error.code !== ErrorCode.CATEGORY_IN_USE) {
        showFormError(pageAlert, error.message);
        return;
      }
      if (!(await removeInUse(category, error))) return;
    }
    showStatus(status, `Deleted “${category.name}”.`);
    await load();
    status.focus();
  }

  /** A category that expenses use: ask where they go, then delete. True when deleted. */
  async function removeInUse(category, conflict) {
    const target = field({ label: "Move its expenses to", name: "reassign_to", element: "select" });
    target.control.append(
      h("option", { value: "none", text: "No category (leave them uncategorised)" }),
      ...categories
        .filter((other) => other.id !== category.id)
        .map((other) =>
          h("option", {
            value: String(other.id),
            text: other.is_system ? other.name : `${other.name} (yours)`,
          }),
        ),
    );
    const choice = await openDialog({
      title: `“${category.name}” is in use`,
      body: h(
        "div",
        { class: "space-y-3" },
        h("p", { class: "text-sm text-slate-600", text: inUseText(conflict) }),
        target.wrapper,
      ),
      confirmLabel: "Move and delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return false;
    try {
      await api.deleteCategory(category.id, target.control.value);
      return true;
    } catch (error) {
      showFormError(pageAlert, error.message);
      return false;
    }
  }

  async function load() {
    try {
      categories = await api.listCategories();
    } catch (error) {
      showFormError(pageAlert, error.message);
      return;
    }
    renderCustom();
    renderSystem();
  }

  await load();
}
