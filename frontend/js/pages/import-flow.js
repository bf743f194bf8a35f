// The preview → import flow shared by the import forms: "Preview" is the API's dry run (it
// lists the rows, flags duplicates and new categories and writes nothing), "Import" then
// sends the same form. A file with bad rows is refused whole; its problems are listed by
// line. Also the OFX/QFX statement import, which is that flow on a one-file form.

import * as api from "../api.js";
import {
  FILE_INPUT_CLASS,
  checkbox,
  clearErrors,
  field,
  formAlert,
  h,
  showErrors,
  showFieldError,
  showStatus,
  statusLine,
  table,
} from "../dom.js";
import { formatConfidence, formatCount, formatDate, formatMoney } from "../format.js";
import { ErrorCode } from "../errors.js";

const PREVIEW_ROWS = 200;

/** "Row 4: the amount 'abc' is not a number." items, in line order. */
export function rowErrorList(body) {
  const errors = [...(body.errors ?? [])].sort((a, b) => a.row - b.row);
  const total = body.error_count ?? errors.length;
  return h(
    "div",
    { class: "alert space-y-2", role: "alert", dataset: { rowErrors: "" } },
    h("p", {
      class: "font-semibold",
      text: `Nothing was imported: ${formatCount(total)} ${total === 1 ? "problem" : "problems"} in the file. Fix ${total === 1 ? "it" : "them"} and preview again.`,
    }),
    h(
      "ul",
      { class: "list-disc space-y-0.5 pl-5" },
      // The messages name their row themselves ("Row 7: the date … does not exist").
      errors.map((error) =>
        h("li", {
          text: /^Row \d+:/.test(error.message) ? error.message : `Row ${error.row}: ${error.message}`,
        }),
      ),
    ),
    total > errors.length
      ? h("p", { text: `Only the first ${formatCount(errors.length)} are listed.` })
      : null,
  );
}

const plural = (count, one, many) => `${formatCount(count)} ${count === 1 ? one : many}`;

/**
 * "24 to import, 3 duplicates skipped, 2 money in, 1 reverted, 2 refunded": the rows by what
 * happens to them (`counts` of a CSV answer).
 */
export function countsSummary(result, skipDuplicates) {
  const counts = result.counts ?? {};
  const parts = [`${formatCount(counts.import ?? result.created)} to import`];
  if (counts.duplicate) {
    parts.push(
      skipDuplicates
        ? `${plural(counts.duplicate, "duplicate", "duplicates")} skipped`
        : `${plural(counts.duplicate, "duplicate", "duplicates")} imported again`,
    );
  }
  if (counts.money_in) parts.push(`${formatCount(counts.money_in)} money in`);
  if (counts.reverted) parts.push(`${formatCount(counts.reverted)} reverted`);
  if (counts.refunded) parts.push(`${formatCount(counts.refunded)} refunded`);
  return parts.join(", ");
}

/** "3 rows already imported were skipped. Not imported as spending: 2 money in, 1 reverted." */
function csvCountsText(counts, skipDuplicates) {
  const parts = [];
  if (counts.duplicate && skipDuplicates) {
    const one = counts.duplicate === 1;
    parts.push(`${plural(counts.duplicate, "row", "rows")} already imported ${one ? "was" : "were"} skipped.`);
  }
  const notSpending = [
    counts.money_in ? `${formatCount(counts.money_in)} money in` : "",
    counts.reverted ? `${formatCount(counts.reverted)} reverted` : "",
    counts.refunded ? `${formatCount(counts.refunded)} refunded` : "",
  ].filter(Boolean);
  if (notSpending.length) parts.push(`Not imported as spending: ${notSpending.join(", ")}.`);
  return parts.join(" ");
}

/**
 * What the counts mean. The API's `skipped` also counts the duplicates when they are skipped,
 * so those are told apart here.
 */
export function countsText(result, skipDuplicates) {
  if (result.detection && result.counts) return csvCountsText(result.counts, skipDuplicates);
  const notExpenses = result.skipped - (skipDuplicates ? result.duplicates : 0);
  const parts = [];
  if (notExpenses > 0) {
    parts.push(
      `${formatCount(notExpenses)} ${notExpenses === 1 ? "row is" : "rows are"} not an expense (money in) and skipped`,
    );
  }
  if (result.duplicates && skipDuplicates) {
    const one = result.duplicates === 1;
    parts.push(`${plural(result.duplicates, "row", "rows")} already imported ${one ? "was" : "were"} skipped`);
  } else if (result.duplicates) {
    const one = result.duplicates === 1;
    const what = one ? "row matches an expense" : "rows match expenses";
    parts.push(`${formatCount(result.duplicates)} ${what} you already have`);
  }
  return parts.length ? `${parts.join("; ")}.` : "";
}

const DECIMAL_NAMES = { ".": "a decimal point (1,234.50)", ",": "a decimal comma (1.234,50)" };
const DELIMITER_NAMES = { ",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes" };

/** "Amounts read with a decimal comma (1.234,50), detected from the file." for a CSV. */
function readingText(result) {
  if (!result.decimal) return "";
  const detected = new Set(result.detected ?? []);
  const parts = [`Amounts read with ${DECIMAL_NAMES[result.decimal]}`];
  if (result.delimiter) {
    parts.push(`columns split on ${DELIMITER_NAMES[result.delimiter] ?? `“${result.delimiter}”`}`);
  }
  const which = ["decimal", "delimiter"].filter((name) => detected.has(name));
  const note = which.length ? " (detected from the file; change them under “Dates, numbers and more”)" : "";
  return `${parts.join("; ")}${note}.`;
}

/**
 * The row's category. A suggestion (only ever made for a row without a category of its own,
 * and filled in on import) shows as "Food · 85 %", marked as one.
 */
function categoryCell(row, newCategories) {
  if (row.suggested_category) {
    const confidence =
      row.confidence === null || row.confidence === undefined
        ? ""
        : ` · ${formatConfidence(row.confidence)}`;
    return h(
      "span",
      {
        class:
          "badge whitespace-nowrap border border-dashed border-indigo-300 bg-indigo-50 text-indigo-700",
        title: row.rationale || "Suggested from your expenses; filled in when you import",
        dataset: { suggested: "" },
      },
      h("span", { class: "sr-only", text: "Suggested: " }),
      `${row.suggested_category}${confidence}`,
    );
  }
  if (row.category) {
    return h(
      "span",
      { class: "flex flex-wrap items-center gap-1" },
      row.category,
      newCategories.has(row.category)
        ? h("span", { class: "badge bg-indigo-50 text-indigo-700", text: "new" })
        : null,
    );
  }
  return h("span", { class: "text-slate-400", text: "None" });
}

const STATUS_LABELS = {
  duplicate: { text: "Duplicate, skipped", class: "bg-amber-50 text-amber-900" },
  reverted: { text: "Reverted", class: "bg-slate-100 text-slate-700" },
  refunded: { text: "Refunded", class: "bg-slate-100 text-slate-700" },
  money_in: { text: "Money in", class: "bg-sky-50 text-sky-800" },
};

/** The row's status badge and, for a row not imported as it is, why; nothing for a row that
 * is simply imported. */
function statusCell(row, skipDuplicates) {
  const status = row.status ?? (row.duplicate && skipDuplicates ? "duplicate" : "import");
  if (status === "import" && !row.duplicate) return null;
  const label =
    status === "import" && row.duplicate
      ? { text: "Duplicate", class: "bg-amber-50 text-amber-900" }
      : STATUS_LABELS[status] ?? { text: status, class: "bg-slate-100 text-slate-700" };
  return h(
    "span",
    { class: "mt-1 block", dataset: { status } },
    h("span", { class: `badge whitespace-nowrap ${label.class}`, text: label.text }),
    row.reason ? h("span", { class: "mt-0.5 block text-xs text-slate-600", text: row.reason }) : null,
  );
}

export function previewTable(result, skipDuplicates) {
  const newCategories = new Set(result.new_categories);
  const rows = result.rows.slice(0, PREVIEW_ROWS);
  return h(
    "div",
    { class: "space-y-2" },
    h(
      "div",
      {
        class: "relative max-h-96 overflow-auto rounded-lg border border-slate-200",
        // Focusable and named: a keyboard user can scroll it (axe: scrollable-region-focusable).
        tabindex: "0",
        role: "region",
        "aria-label": "Rows to import",
      },
      table({
        caption: "Rows to import",
        columns: [
          { label: "Line", numeric: true, class: "hidden sm:table-cell" },
          { label: "Date" },
          { label: "Description" },
          { label: "Amount", numeric: true },
          { label: "Category", class: "hidden sm:table-cell" },
        ],
        rows: rows.map((row) => [
          String(row.row),
          h("span", { class: "sm:whitespace-nowrap", text: formatDate(row.date) }),
          h(
            "span",
            // Statement lines such as "UPI/5060123…/Rent" have no spaces: let them wrap so the
            // amount stays in view on a phone.
            { class: "wrap-anywhere" },
            row.description,
            row.merchant
              ? h("span", { class: "block text-xs text-slate-500", text: row.merchant })
              : null,
            // Why a row is not imported sits under its description, in view at every width.
            statusCell(row, skipDuplicates),
          ),
          formatMoney(row.amount, row.currency),
          row.status && !["import", "duplicate"].includes(row.status)
            ? h("span", { class: "text-slate-400", text: "—" })
            : categoryCell(row, newCategories),
        ]),
      }),
    ),
    result.rows.length > rows.length
      ? h("p", {
          class: "hint",
          text: `The first ${formatCount(rows.length)} of ${formatCount(result.rows.length)} rows are shown.`,
        })
      : null,
  );
}

/**
 * The shared preview → import flow of a form. `send(dryRun)` posts the form; the preview
 * shows what the dry run found and an Import button; changing the form drops the preview.
 */
export function importFlow(form, { send, noun, onImported }) {
  const status = statusLine();
  const output = h("div", { class: "space-y-3", "aria-live": "polite" });
  const previewButton = h("button", { type: "submit", class: "btn btn-primary", text: "Preview" });

  const dropPreview = () => output.replaceChildren();
  form.addEventListener("input", dropPreview);
  form.addEventListener("change", dropPreview);

  function showProblem(error) {
    if (error.fieldErrors?.auto_categorize) turnOffSuggestions(form);
    if (error.code === ErrorCode.INVALID_ROWS) {
      clearErrors(form);
      output.replaceChildren(rowErrorList(error.body));
    } else if (error.status === 413) {
      clearErrors(form);
      showFieldError(form, "file", error.message);
    } else {
      showErrors(form, error);
    }
  }

  async function run(dryRun, button) {
    clearErrors(form);
    showStatus(status, "");
    if (!form.elements.namedItem("file").files.length) {
      showFieldError(form, "file", "Choose a file.");
      form.elements.namedItem("file").focus();
      return;
    }
    button.disabled = true;
    try {
      const result = await send(dryRun);
      if (dryRun) showPreview(result);
      else {
        output.replaceChildren();
        // The file is done with; the mapping and options stay for the next one.
        const fileInput = form.elements.namedItem("file");
        fileInput.value = "";
        fileInput.dispatchEvent(new Event("change", { bubbles: true }));
        const created = `Imported ${formatCount(result.created)} ${result.created === 1 ? "expense" : "expenses"}.`;
        const skipDuplicates = Boolean(form.elements.namedItem("skip_duplicates")?.checked);
        const extra = [
          countsText(result, skipDuplicates),
          result.new_categories.length
            ? `New categories: ${result.new_categories.join(", ")}.`
            : "",
        ].filter(Boolean);
        showStatus(status, [created, ...extra].join(" "));
        status.focus();
        onImported?.();
      }
    } catch (error) {
      showProblem(error);
    } finally {
      button.disabled = false;
    }
  }

  function showPreview(result) {
    const importButton = h("button", {
      type: "button",
      class: "btn btn-primary",
      text: `Import ${formatCount(result.created)} ${result.created === 1 ? noun : `${noun}s`}`,
      disabled: result.created === 0,
    });
    importButton.addEventListener("click", () => run(false, importButton));
    const skipDuplicates = Boolean(form.elements.namedItem("skip_duplicates")?.checked);
    const counts = countsText(result, skipDuplicates);
    output.replaceChildren(
      h(
        "div",
        { class: "space-y-1 text-sm", dataset: { importPreview: "" } },
        h("p", {
          class: "font-medium",
          text: result.created
            ? `Ready to import ${formatCount(result.created)} ${result.created === 1 ? noun : `${noun}s`}. Nothing is saved until you import.`
            : "There is nothing to import in this file.",
        }),
        counts ? h("p", { class: "text-slate-600", text: counts }) : null,
        readingText(result)
          ? h("p", { class: "text-slate-600", dataset: { readWith: "" }, text: readingText(result) })
          : null,
        result.duplicates && !skipDuplicates
          ? h("p", {
              class: "notice",
              text: "Duplicates are imported again: tick “Skip duplicates” to leave them out.",
            })
          : null,
        result.new_categories.length
          ? h("p", {
              class: "text-slate-600",
              text: `New categories to be created: ${result.new_categories.join(", ")}.`,
            })
          : null,
        result.rows?.some((row) => row.suggested_category)
          ? h("p", {
              class: "text-slate-600",
              text: "Rows without a category get the suggested one when you import.",
            })
          : null,
      ),
      result.rows?.length ? previewTable(result, skipDuplicates) : null,
      h("div", { class: "flex gap-2" }, importButton),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true, previewButton);
  });
  return { status, output, previewButton };
}

/** "Suggest categories" (`auto_categorize`), on by default; `value()` is the form's field. */
export function suggestCategoriesField() {
  const entry = checkbox({
    label: "Suggest categories",
    name: "auto_categorize",
    checked: true,
    hint: "For rows without a category, from the expenses you already have.",
  });
  return { ...entry, value: () => (entry.control.checked ? "true" : "") };
}

/**
 * The server refused `auto_categorize` (its smart features are off): the box is unticked and
 * disabled so the next Preview goes through; the refusal shows next to it meanwhile.
 */
export function turnOffSuggestions(form) {
  const control = form.elements.namedItem("auto_categorize");
  if (!control) return;
  control.checked = false;
  control.disabled = true;
  const hint = control.getAttribute("aria-describedby")?.split(" ")[0];
  const hintText = hint ? document.getElementById(hint) : null;
  if (hintText?.classList.contains("hint")) {
    hintText.textContent = "Not available: the smart features are switched off on this server.";
  }
}

/** "Skip duplicates", on by default; `value()` is the form's field (sent either way). */
export function skipDuplicatesField() {
  const entry = checkbox({
    label: "Skip duplicates",
    name: "skip_duplicates",
    checked: true,
    hint: "Rows with the same date, amount and description as an expense you have.",
  });
  return { ...entry, value: () => (entry.control.checked ? "true" : "false") };
}

export function fileField(label, accept, hint) {
  const entry = field({ label, name: "file", type: "file", accept, hint, required: true });
  entry.control.className = FILE_INPUT_CLASS;
  return entry;
}

/** The OFX/QFX import card. */
export function ofxImportSection({ onImported } = {}) {
  const file = fileField(
    "OFX or QFX file",
    ".ofx,.qfx,application/x-ofx,application/vnd.intu.qfx",
    "A bank statement; outgoing transactions become expenses.",
  );
  const skipDuplicates = skipDuplicatesField();
  const suggest = suggestCategoriesField();
  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-labelledby": "ofx-import-heading" },
    formAlert(),
    file.wrapper,
    skipDuplicates.wrapper,
    suggest.wrapper,
  );
  const flow = importFlow(form, {
    noun: "expense",
    send: (dryRun) =>
      api.importOfx(
        file.control.files[0],
        {
          skip_duplicates: skipDuplicates.value(),
          auto_categorize: suggest.value(),
        },
        { dryRun },
      ),
    onImported,
  });
  form.append(h("div", { class: "flex gap-2" }, flow.previewButton));
  return h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "ofx-import-heading" },
    h("h2", { id: "ofx-import-heading", text: "Import a bank statement (OFX)" }),
    flow.status,
    form,
    flow.output,
  );
}
