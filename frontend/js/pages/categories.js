// Categories: the standard (system) ones, read-only, and the user's own: create, edit (name,
// colour, icon), delete (moving or clearing the expenses that use one). Any of them can be
// hidden from the lists the user chooses from, and shown again.

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
import {
  CATEGORY_COLORS,
  CATEGORY_ICONS,
  categoryColor,
  categoryIcon,
  iconName,
} from "../format.js";
import { ErrorCode } from "../errors.js";

const swatch = (category) =>
  h("span", {
    class: "swatch size-3",
    style: `background-color: ${categoryColor(category.color_token)}`,
  });

/** A category as the lists show it: colour dot, icon (when it has one) and name. */
const categoryBadge = (category) =>
  h(
    "span",
    { class: "flex min-w-0 flex-1 items-center gap-2" },
    swatch(category),
    categoryIcon(category)
      ? h("span", { "aria-hidden": "true", text: categoryIcon(category) })
      : null,
    h("span", { class: "truncate font-medium", text: category.name }),
  );

/**
 * A group of radio buttons drawn as tiles (colour dots or icons): `{ wrapper, value() }`.
 * `choices` are [value, accessible name, tile content]; the first is the default ("").
 */
function tilePicker({ legend, name, choices, value, tileClass }) {
  const inputs = choices.map(([choice, label, content]) => {
    const input = h("input", {
      type: "radio",
      name,
      value: choice,
      checked: choice === value,
      // Over its tile, transparent: the tile is what shows, the radio is what is clicked.
      class: "peer absolute inset-0 m-0 size-full cursor-pointer opacity-0",
    });
    return h(
      "label",
      { class: "relative block cursor-pointer", title: label },
      input,
      h(
        "span",
        {
          class: `${tileClass} flex items-center justify-center rounded-full border border-slate-300 peer-checked:outline-2 peer-checked:outline-offset-2 peer-checked:outline-slate-900 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600`,
          "aria-hidden": "true",
        },
        content,
      ),
      h("span", { class: "sr-only", text: label }),
    );
  });
  // A stored value outside the set (saved before the API checked it) is drawn as the
  // default, so the default is what the picker shows as chosen.
  if (!choices.some(([choice]) => choice === value)) {
    inputs[0].querySelector("input").checked = true;
  }
  const wrapper = h(
    "fieldset",
    { class: "min-w-0" },
    h("legend", { class: "label", text: legend }),
    h("div", { class: "flex flex-wrap gap-1.5 p-1" }, inputs),
    h("p", { class: "field-error", hidden: true, dataset: { errorFor: name } }),
  );
  const selected = () => wrapper.querySelector(`input[name="${name}"]:checked`)?.value ?? "";
  return { wrapper, value: selected };
}

const dot = (token) =>
  h("span", { class: "swatch size-5", style: `background-color: ${categoryColor(token)}` });

/** The colour picker: the default (the app's neutral colour) and the palette. */
const colorPicker = (value = "") =>
  tilePicker({
    legend: "Colour",
    name: "color_token",
    value,
    tileClass: "size-7",
    choices: [
      ["", "Default colour", dot("")],
      ...CATEGORY_COLORS.map(([token, label]) => [token, label, dot(token)]),
    ],
  });

/** The icon picker: none, or one of the app's emoji icons. */
const iconPicker = (value = "") =>
  tilePicker({
    legend: "Icon",
    name: "icon",
    value,
    tileClass: "size-9 text-lg",
    choices: [
      ["", "No icon", h("span", { class: "text-xs text-slate-600", text: "None" })],
      ...Object.entries(CATEGORY_ICONS).map(([icon, emoji]) => [icon, iconName(icon), emoji]),
    ],
  });

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
  const hiddenGroup = h("section", {
    class: "card space-y-4",
    "aria-labelledby": "hidden-heading",
    hidden: true,
  });
  let categories = [];

  const name = field({
    label: "Name",
    name: "name",
    required: true,
    maxlength: 64,
  });
  let newColor = colorPicker();
  let newIcon = iconPicker();
  const pickers = h("div", { class: "space-y-3" }, newColor.wrapper, newIcon.wrapper);
  const createForm = h(
    "form",
    { class: "space-y-3", novalidate: true, "aria-label": "New category" },
    formAlert(),
    name.wrapper,
    pickers,
    h("button", { type: "submit", class: "btn btn-primary", text: "Add category" }),
  );
  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    // A new outcome replaces the last one: no stale "Added …" next to a new error.
    clearErrors(createForm);
    clearErrors(pageAlert);
    showStatus(status, "");
    await whileBusy(createForm, async () => {
      try {
        const created = await api.createCategory({
          name: name.control.value.trim(),
          color_token: newColor.value(),
          icon: newIcon.value(),
        });
        name.control.value = "";
        newColor = colorPicker();
        newIcon = iconPicker();
        pickers.replaceChildren(newColor.wrapper, newIcon.wrapper);
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
      h("div", { class: "space-y-6" }, system, hiddenGroup),
    ),
  );

  const shown = (list) => list.filter((category) => !category.hidden);

  function renderCustom() {
    const mine = shown(categories.filter((category) => !category.is_system));
    custom.replaceChildren(
      h("h2", { id: "custom-heading", text: "Your categories" }),
      createForm,
      mine.length
        ? h("ul", { class: "divide-y divide-slate-100" }, mine.map(customRow))
        : h("p", {
            class: "text-sm text-slate-600",
            text: "You have no categories of your own yet.",
          }),
    );
  }

  function renderSystem() {
    const standard = shown(categories.filter((category) => category.is_system));
    system.replaceChildren(
      h("h2", { id: "system-heading", text: "Standard categories" }),
      h("p", {
        class: "text-sm text-slate-600",
        text:
          "Everyone has these; they cannot be renamed, but you can hide the ones you do not use.",
      }),
      standard.length
        ? h(
            "ul",
            { class: "divide-y divide-slate-100 text-sm" },
            standard.map((category) =>
              h(
                "li",
                {
                  class: "flex items-center gap-3 py-1.5",
                  dataset: { categoryId: String(category.id) },
                },
                categoryBadge(category),
                hideButton(category, true),
              ),
            ),
          )
        : h("p", { class: "text-sm text-slate-600", text: "You have hidden them all." }),
    );
  }

  function renderHidden() {
    const hidden = categories.filter((category) => category.hidden);
    hiddenGroup.hidden = !hidden.length;
    hiddenGroup.replaceChildren(
      h("h2", { id: "hidden-heading", text: "Hidden" }),
      h("p", {
        class: "text-sm text-slate-600",
        text:
          "Left out of the lists you choose from. Expenses filed under one keep it, " +
          "and reports still count them.",
      }),
      h(
        "ul",
        { class: "divide-y divide-slate-100 text-sm" },
        hidden.map((category) =>
          h(
            "li",
            {
              class: "flex items-center gap-3 py-1.5",
              dataset: { categoryId: String(category.id) },
            },
            categoryBadge(category),
            category.is_system ? null : h("span", { class: "badge", text: "Yours" }),
            hideButton(category, false),
          ),
        ),
      ),
    );
  }

  /** "Hide" (or "Show") for one category: a PATCH of `hidden`, then the lists are redrawn. */
  function hideButton(category, hide) {
    const verb = hide ? "Hide" : "Show";
    return h("button", {
      type: "button",
      class: "btn btn-small",
      text: verb,
      "aria-label": `${verb} ${category.name}`,
      onclick: async (event) => {
        clearErrors(pageAlert);
        showStatus(status, "");
        event.currentTarget.disabled = true;
        try {
          await api.updateCategory(category.id, { hidden: hide });
        } catch (error) {
          event.currentTarget.disabled = false;
          showFormError(pageAlert, error.message);
          return;
        }
        showStatus(
          status,
          hide
            ? `Hid “${category.name}”: it is no longer offered when you choose a category.`
            : `“${category.name}” is offered again.`,
        );
        await load();
        status.focus();
      },
    });
  }

  function customRow(category) {
    const row = h("li", {
      class: "flex flex-wrap items-center gap-3 py-2 text-sm",
      dataset: { categoryId: String(category.id) },
    });
    const showView = () =>
      row.replaceChildren(
        categoryBadge(category),
        h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Edit",
          "aria-label": `Edit ${category.name}`,
          onclick: showEdit,
        }),
        hideButton(category, true),
        h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Delete",
          "aria-label": `Delete ${category.name}`,
          onclick: () => remove(category),
        }),
      );
    function showEdit() {
      const input = field({
        label: `Name of ${category.name}`,
        name: "name",
        value: category.name,
        maxlength: 64,
        wrapperClass: "w-full",
      });
      const color = colorPicker(category.color_token);
      const icon = iconPicker(category.icon);
      const form = h(
        "form",
        {
          class: "flex w-full flex-wrap items-end gap-2",
          novalidate: true,
          "aria-label": `Edit ${category.name}`,
        },
        h("div", { class: "w-full" }, formAlert()),
        input.wrapper,
        h("div", { class: "w-full space-y-3" }, color.wrapper, icon.wrapper),
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
            const saved = await api.updateCategory(category.id, {
              name: input.control.value.trim(),
              color_token: color.value(),
              icon: icon.value(),
            });
            showStatus(
              status,
              saved.name === category.name
                ? `Saved “${saved.name}”.`
                : `Renamed “${category.name}” to “${saved.name}”.`,
            );
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
    renderHidden();
  }

  await load();
}
