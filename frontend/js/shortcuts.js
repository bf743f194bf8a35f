// Keyboard shortcuts for the whole app: `n` adds an expense, `/` searches the expense list,
// `?` lists the shortcuts. Keys typed into a field are the user's text, never a shortcut.

import { h, uniqueId } from "./dom.js";
import { currentLocation, navigate } from "./router.js";

export const SHORTCUTS = [
  { key: "n", label: "Add an expense" },
  { key: "/", label: "Search the expense list" },
  { key: "?", label: "Show these shortcuts" },
];

/** The look of a key name (`<kbd>`), also used by the list's hint. */
export const KBD_CLASS =
  "inline-block min-w-6 rounded border border-slate-300 bg-slate-50 px-1.5 text-center font-mono text-xs leading-5 text-slate-800";

// Set by `/` pressed away from the list: the list focuses its search box once it is drawn.
let searchWanted = false;

/** True once after `/` led to the expense list: the list should focus its search box. */
export function takeSearchRequest() {
  const wanted = searchWanted;
  searchWanted = false;
  return wanted;
}

/** Somewhere the user is typing: an input, a select, a text area or editable content. */
function isTyping(target) {
  if (!(target instanceof Element)) return false;
  const fields = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";
  return Boolean(target.closest(fields));
}

// The header is shown only to a signed-in user: shortcuts to their pages are for them only.
const signedIn = () => document.getElementById("app-header")?.hidden === false;

let helpDialog = null;

/** The dialog that lists the shortcuts (a modal <dialog>: focus moves in, Escape closes). */
export function openShortcutHelp() {
  if (helpDialog) return;
  const titleId = uniqueId("shortcuts-title");
  const dialog = h(
    "dialog",
    {
      "aria-labelledby": titleId,
      class: "m-auto w-full max-w-sm rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40",
    },
    h(
      "form",
      { method: "dialog", class: "space-y-4 p-6" },
      h("h2", { id: titleId, text: "Keyboard shortcuts" }),
      h(
        "dl",
        { class: "space-y-2 text-sm" },
        SHORTCUTS.map((shortcut) =>
          h(
            "div",
            { class: "flex items-center gap-3" },
            h("dt", {}, h("kbd", { class: KBD_CLASS, text: shortcut.key })),
            h("dd", { class: "text-slate-700", text: shortcut.label }),
          ),
        ),
      ),
      h("p", {
        class: "hint",
        text: "They work anywhere in the app, except while you are typing in a field.",
      }),
      h(
        "div",
        { class: "flex justify-end" },
        h("button", { type: "submit", class: "btn btn-primary", text: "Close", autofocus: true }),
      ),
    ),
  );
  dialog.addEventListener("close", () => {
    dialog.remove();
    helpDialog = null;
  });
  document.body.append(dialog);
  dialog.showModal();
  helpDialog = dialog;
}

/** `/`: the list's search box, from wherever the user is. */
function focusSearch() {
  const box = document.querySelector("[data-shortcut-search]");
  if (currentLocation().path !== "/expenses") {
    searchWanted = true;
    navigate("/expenses");
  } else if (box) {
    box.dispatchEvent(new CustomEvent("shortcut-focus"));
  } else {
    searchWanted = true; // the list is still loading: it focuses the box once drawn
  }
}

function onKeydown(event) {
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
  if (isTyping(event.target) || !signedIn()) return;
  // A dialog open (a confirmation, this help) owns the keyboard until it closes.
  if (document.querySelector("dialog[open]")) return;
  if (event.key === "n") navigate("/expenses/new");
  else if (event.key === "/") focusSearch();
  else if (event.key === "?") openShortcutHelp();
  else return;
  event.preventDefault();
}

document.addEventListener("keydown", onKeydown);
// The help is about no page in particular, but it should not outlive a change of page.
window.addEventListener("hashchange", () => helpDialog?.close());
