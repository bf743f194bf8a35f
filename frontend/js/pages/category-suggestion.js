// The expense form's category suggestion: while the user types a description (and merchant),
// the API's categorizer is asked for a category, shown under the Category select with a
// "Use …" button (or Alt+S). It never overrides a category the user picked, and it stays
// quiet when the smart features are off or unreachable.

import * as api from "../api.js";
import { h, uniqueId } from "../dom.js";
import { ErrorCode } from "../errors.js";
import { formatConfidence } from "../format.js";

const DEBOUNCE_MS = 300;
const MIN_DESCRIPTION = 3;
const MIN_CONFIDENCE = 0.3;
// Alt+S accepts, by the key's position ("KeyS"), not its character: Alt+S types "ß" on some
// layouts.
const ACCEPT_KEY = "KeyS";
// Only a plain amount goes with the request; anything else would be a 400 for nothing.
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

/**
 * Wires the suggestion to a form's controls: `description`, `merchant`, `amount` (inputs)
 * and `category` (the select). The suggestion box is placed right after the select.
 */
export function attachCategorySuggestion(form, { description, merchant, amount, category }) {
  const boxId = uniqueId("category-suggestion");
  // Always in the page (empty when there is nothing to say), so screen readers announce it.
  const box = h("div", { id: boxId, "aria-live": "polite", dataset: { categorySuggestion: "" } });
  category.after(box);
  category.setAttribute(
    "aria-describedby",
    [category.getAttribute("aria-describedby"), boxId].filter(Boolean).join(" "),
  );

  // Set only by the user's own change of the select (or accepting a suggestion): from then on
  // the form's category is theirs.
  let userChoseCategory = false;
  let aiOff = false;
  let timer = null;
  let latest = 0; // The newest request's number: an older answer arriving late is dropped.
  let current = null; // The suggestion on show.

  const wanted = () => !aiOff && !userChoseCategory && category.value === "";

  function hide() {
    current = null;
    box.replaceChildren();
  }

  function show(suggestion) {
    const option = [...category.options].find(
      // A category the user hid (a hidden option) is not suggested either.
      (candidate) => candidate.value === String(suggestion.category) && !candidate.hidden,
    );
    if (!option) {
      hide();
      return;
    }
    const name = suggestion.category_name || option.textContent;
    current = { value: option.value, name };
    const use = h("button", {
      type: "button",
      class: "btn btn-small",
      text: `Use ${name}`,
      "aria-keyshortcuts": "Alt+S",
      title: "Alt+S",
      onclick: accept,
    });
    box.replaceChildren(
      h(
        "div",
        { class: "mt-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm" },
        h("p", {
          class: "font-medium text-indigo-900",
          text: `Suggested: ${name} (${formatConfidence(suggestion.confidence)})`,
        }),
        suggestion.rationale
          ? h("p", { class: "text-xs text-slate-600", text: suggestion.rationale })
          : null,
        h(
          "div",
          { class: "mt-2 flex flex-wrap items-center gap-2" },
          use,
          h("span", { class: "text-xs text-slate-500", text: "or press Alt+S" }),
        ),
      ),
    );
  }

  function accept() {
    if (!current) return;
    const hadFocus = box.contains(document.activeElement);
    category.value = current.value;
    userChoseCategory = true;
    latest += 1;
    hide();
    // The button is gone: keep the keyboard user where the choice landed.
    if (hadFocus) category.focus();
  }

  async function ask() {
    const text = description.value.trim();
    const number = (latest += 1);
    if (!wanted() || text.length < MIN_DESCRIPTION) {
      hide();
      return;
    }
    const typedAmount = amount.value.trim();
    let suggestion;
    try {
      suggestion = await api.categorize({
        description: text,
        merchant: merchant.value.trim(),
        amount: AMOUNT.test(typedAmount) ? typedAmount : undefined,
      });
    } catch (error) {
      if (error.code === ErrorCode.AI_DISABLED) aiOff = true;
      if (number === latest) hide();
      return;
    }
    if (number !== latest || !wanted()) return;
    if (suggestion?.category == null || !(Number(suggestion.confidence) >= MIN_CONFIDENCE)) {
      hide();
      return;
    }
    show(suggestion);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(ask, DEBOUNCE_MS);
  }

  description.addEventListener("input", schedule);
  merchant.addEventListener("input", schedule);
  // Nothing in the app dispatches "change" on the select: each one is the user's own choice.
  category.addEventListener("change", () => {
    userChoseCategory = true;
    clearTimeout(timer);
    latest += 1;
    hide();
  });
  form.addEventListener("keydown", (event) => {
    if (!current || !event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.code !== ACCEPT_KEY) return;
    event.preventDefault();
    accept();
  });
}
