// DOM helpers. Everything is built with createElement and textContent: data never goes
// through innerHTML.

import { flattenMessages } from "./api.js";

/** The "Add expense" button: on a phone it floats at the bottom right, always in reach. */
export const ADD_BUTTON_CLASS =
  "fixed right-4 bottom-4 z-30 shadow-lg sm:static sm:z-auto sm:shadow-xs";

/**
 * Creates an element. `props`: "class", "text", "on<event>" handlers, "dataset", "value"
 * (set after the children, so a <select> can pick one of them); anything else is an attribute
 * (true → present, false/null/undefined → absent).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [key, prop] of Object.entries(props ?? {})) {
    if (prop === undefined || prop === null || prop === false) continue;
    if (key === "class") el.className = prop;
    else if (key === "text") el.textContent = prop;
    else if (key === "value") value = prop;
    else if (key === "dataset") Object.assign(el.dataset, prop);
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    else if (key === "style") el.style.cssText = prop;
    else if (key.startsWith("on") && typeof prop === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), prop);
    } else el.setAttribute(key, prop === true ? "" : String(prop));
  }
  append(el, children);
  if (value !== undefined) el.value = value;
  return el;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** The look of an <input type="file">: its button styled like the app's buttons. */
export const FILE_INPUT_CLASS =
  "block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-medium file:text-indigo-700 hover:file:bg-indigo-100";

let nextId = 0;
export const uniqueId = (prefix) => `${prefix}-${++nextId}`;

/**
 * A labelled form field with a hint and an error slot: `{ wrapper, control }`.
 * `control` defaults to an <input>; pass `element: "select" | "textarea"` and `options`
 * ([{value, label}]) for the others. The error slot is found by the field's `name`.
 */
export function field({ label, name, element = "input", options, hint, wrapperClass, ...attrs }) {
  const id = uniqueId(`f-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  const children = (options ?? []).map((option) =>
    h("option", { value: option.value, text: option.label }),
  );
  const control = h(
    element,
    { id, name, class: "input", "aria-describedby": describedBy, ...attrs },
    ...children,
  );
  const wrapper = h(
    "div",
    { class: wrapperClass ?? "" },
    h("label", { class: "label", for: id, text: label }),
    control,
    hint ? h("p", { class: "hint", id: hintId, text: hint }) : null,
    h("p", { class: "field-error", id: errorId, hidden: true, dataset: { errorFor: name } }),
  );
  return { wrapper, control };
}

/** A form-level message box; shown by showFormError. */
export function formAlert() {
  return h("div", { class: "alert", role: "alert", hidden: true, dataset: { formAlert: "" } });
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
  }
  const alert = form.querySelector("[data-form-alert]");
  if (alert) {
    alert.hidden = true;
    alert.textContent = "";
  }
}

/** Shows an alert message on a form (or any element holding a [data-form-alert]). */
export function showFormError(form, message) {
  const alert = form.querySelector("[data-form-alert]");
  if (!alert) return;
  alert.textContent = message;
  alert.hidden = false;
}

/**
 * Puts an API error on the form: a 400's messages next to their fields (`fieldNames` maps
 * API field names to form names when they differ), anything else in the form's alert.
 * Focuses the first field in error so keyboard and screen-reader users land on it.
 */
export function showErrors(form, error, fieldNames = {}) {
  clearErrors(form);
  const fields = error?.fieldErrors;
  if (!fields) {
    showFormError(form, error?.message ?? String(error));
    return;
  }
  const leftover = [];
  let first = null;
  for (const [apiName, messages] of Object.entries(fields)) {
    const name = fieldNames[apiName] ?? apiName;
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const text = flattenMessages(messages).join(" ");
    if (!slot) {
      leftover.push(text);
      continue;
    }
    slot.textContent = text;
    slot.hidden = false;
    const control = form.elements.namedItem(name);
    if (control instanceof Element) {
      control.setAttribute("aria-invalid", "true");
      first ??= control;
    }
  }
  if (leftover.length) showFormError(form, leftover.join(" "));
  first?.focus();
}

/** Shows one message next to the field named `name` (for errors that are not a 400). */
export function showFieldError(form, name, message) {
  const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (!slot) {
    showFormError(form, message);
    return;
  }
  slot.textContent = message;
  slot.hidden = false;
  form.elements.namedItem(name)?.setAttribute?.("aria-invalid", "true");
}

/** Disables a form's submit button while `work` runs. */
export async function whileBusy(form, work) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    return await work();
  } finally {
    if (button) button.disabled = false;
  }
}

/** The dialogs openDialog has open, for closeDialogs. */
const openDialogs = new Set();

/**
 * Closes every open dialog as cancelled (its promise resolves to null, so its action does not
 * run). The shell calls it on every route change: a dialog is about the page that opened it.
 */
export function closeDialogs() {
  for (const dialog of openDialogs) dialog.close("cancel");
}

/**
 * A modal <dialog> (keyboard friendly: focus moves in, Escape cancels). `body` is a node or
 * null; resolves to the name of the button pressed, or null when cancelled (also when the
 * route changes: see closeDialogs). `onConfirm` may return false to keep the dialog open.
 */
export function openDialog({ title, body, confirmLabel, confirmClass = "btn btn-primary" }) {
  return new Promise((resolve) => {
    const titleId = uniqueId("dialog-title");
    const confirm = h("button", { type: "submit", class: confirmClass, value: "confirm" });
    confirm.textContent = confirmLabel;
    const cancel = h("button", { type: "button", class: "btn", text: "Cancel" });
    const dialog = h(
      "dialog",
      {
        "aria-labelledby": titleId,
        class: "m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40",
      },
      h(
        "form",
        { method: "dialog", class: "space-y-4 p-6" },
        h("h2", { id: titleId, text: title }),
        body,
        h("div", { class: "flex justify-end gap-2" }, cancel, confirm),
      ),
    );
    cancel.addEventListener("click", () => dialog.close("cancel"));
    dialog.addEventListener("close", () => {
      openDialogs.delete(dialog);
      dialog.remove();
      resolve(dialog.returnValue === "confirm" ? "confirm" : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    openDialogs.add(dialog);
  });
}

/** A polite status line for success messages (announced by screen readers). */
export function statusLine() {
  return h("p", {
    class: "success focus:outline-none",
    role: "status",
    tabindex: "-1",
    hidden: true,
  });
}

export function showStatus(line, message) {
  line.textContent = message;
  line.hidden = !message;
}

/** A labelled checkbox with an optional hint and an error slot: `{ wrapper, control }`. */
export function checkbox({ label, name, checked = false, hint, wrapperClass }) {
  const id = uniqueId(`f-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const control = h("input", {
    id,
    name,
    type: "checkbox",
    checked,
    class: "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-indigo-600",
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
  });
  const wrapper = h(
    "div",
    { class: wrapperClass ?? "" },
    h(
      "div",
      { class: "flex items-start gap-2" },
      control,
      h(
        "div",
        {},
        h("label", { for: id, class: "text-sm font-medium text-slate-700", text: label }),
        hint ? h("p", { class: "hint mt-0", id: hintId, text: hint }) : null,
      ),
    ),
    h("p", { class: "field-error", id: errorId, hidden: true, dataset: { errorFor: name } }),
  );
  return { wrapper, control };
}

/** Saves a Blob as a file through a temporary object-URL link (the way downloads work). */
export function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename || "download", hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A table: `columns` [{label, numeric?, class?}] and `rows`, each a list of cells (text or
 * nodes); a column's `class` goes on its header and cells. The caption names the table for
 * screen readers; `showCaption` also shows it.
 */
export function table({ caption, showCaption = false, columns, rows }) {
  const classes = (...names) => names.filter(Boolean).join(" ") || null;
  const cellClass = (column) =>
    classes(column?.numeric && "text-right tabular-nums whitespace-nowrap", column?.class);
  return h(
    "table",
    { class: "table" },
    h("caption", {
      class: showCaption ? "mb-2 text-left text-sm text-slate-600" : "sr-only",
      text: caption,
    }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((column) =>
          h("th", {
            scope: "col",
            class: classes(column.numeric && "text-right", column.class),
            text: column.label,
          }),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((cells) =>
        h(
          "tr",
          {},
          cells.map((cell, index) => h("td", { class: cellClass(columns[index]) }, cell)),
        ),
      ),
    ),
  );
}

/**
 * A page's outcome: a status line for successes and an alert for errors, one shown at a time
 * (a success clears the last error, an error the last success), and an area for the page's
 * form, whose saving is a new outcome too (its errors show in the form, alone).
 */
export function pageOutcome() {
  const status = statusLine();
  const alert = h("div", {}, formAlert());
  const formArea = h("div");
  const succeed = (message) => {
    clearErrors(alert);
    showStatus(status, message);
  };
  const fail = (message) => {
    showStatus(status, "");
    showFormError(alert, message);
  };
  formArea.addEventListener("submit", () => {
    showStatus(status, "");
    clearErrors(alert);
  });
  return { status, alert, formArea, succeed, fail };
}

/**
 * Resolves in a task after the next frame is painted (what is on the page now shows first),
 * or after 100 ms where no frame comes (a tab in the background paints none).
 */
export function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}
