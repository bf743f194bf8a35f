// Importing a CSV of expenses: this app's export as it is, or a bank's layout described by a
// column mapping (presets for the usual layouts; the file's header is read in the browser so
// the column names can be offered), then the shared preview → import flow.

import * as api from "../api.js";
import { checkbox, field, formAlert, h, uniqueId } from "../dom.js";
import { fileField, importFlow, suggestCategoriesField } from "./import-flow.js";

// The expense fields a CSV column can be mapped to.
const MAPPED_FIELDS = [
  { name: "date", label: "Date" },
  { name: "description", label: "Description" },
  { name: "amount", label: "Amount" },
  { name: "debit", label: "Debit (money out)" },
  { name: "credit", label: "Credit (money in)" },
  { name: "fee", label: "Fee" },
  { name: "category", label: "Category" },
  { name: "merchant", label: "Merchant" },
  { name: "payment_method", label: "Payment method" },
  { name: "tags", label: "Tags" },
  { name: "currency", label: "Currency" },
  { name: "notes", label: "Notes" },
];

// What a preset guesses from a bank file's header, first match wins; else the generic name.
const COLUMN_GUESSES = {
  date: [/^(txn |transaction |value |posting )?date$/i, /date/i],
  description: [/description|narration|details|particulars|memo|payee/i],
  amount: [/^amount$/i, /amount/i],
  debit: [/debit|withdrawal|money out|paid out/i],
  credit: [/credit|deposit|money in|paid in/i],
};

const PRESETS = [
  {
    label: "This app's export",
    hint: "No mapping: the columns of this app's CSV export.",
    mapping: {},
  },
  {
    label: "Debit/credit columns",
    hint: "Money out and money in in two columns; rows without a debit are skipped.",
    mapping: { date: "Date", description: "Description", debit: "Debit", credit: "Credit" },
  },
  {
    label: "Signed amount column",
    hint: "One amount column; with negative amounts, those are the expenses.",
    mapping: { date: "Date", description: "Description", amount: "Amount" },
  },
];

/** Splits one CSV line on `delimiter`, honouring double quotes. */
function splitCsvLine(line, delimiter) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

const delimiterOf = (choice) => (choice === "tab" ? "\t" : choice);

/** The header row's column names, read in the browser so the mapping can offer them. */
async function readHeader(file, { skipRows, delimiter }) {
  const text = await file.slice(0, 64 * 1024).text();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const header = lines[skipRows] ?? "";
  const separator =
    delimiter ||
    [",", ";", "\t", "|"].reduce((best, candidate) =>
      header.split(candidate).length > header.split(best).length ? candidate : best,
    );
  return splitCsvLine(header, separator).filter(Boolean);
}

/** The CSV import card. */
export function csvImportSection({ me, onImported }) {
  const listId = uniqueId("csv-columns");
  const columns = h("datalist", { id: listId });
  const columnsNote = h("p", { class: "hint", hidden: true });
  const file = fileField("CSV file", ".csv,text/csv,text/plain", "Up to 20 MB.");
  const mapped = Object.fromEntries(
    MAPPED_FIELDS.map(({ name, label }) => [
      name,
      field({ label, name: `map_${name}`, list: listId, autocomplete: "off" }),
    ]),
  );
  const options = {
    date_format: field({
      label: "Date format",
      name: "date_format",
      placeholder: "%d/%m/%Y",
      hint: "strftime codes; empty for dates like 2026-01-31.",
    }),
    decimal: field({
      label: "Decimal separator",
      name: "decimal",
      element: "select",
      options: [
        { value: "", label: "Detect from the file" },
        { value: ".", label: "Point (1,234.50)" },
        { value: ",", label: "Comma (1.234,50)" },
      ],
    }),
    delimiter: field({
      label: "Delimiter",
      name: "delimiter",
      element: "select",
      options: [
        { value: "", label: "Detect" },
        { value: ",", label: "Comma" },
        { value: ";", label: "Semicolon" },
        { value: "tab", label: "Tab" },
        { value: "|", label: "Pipe" },
      ],
    }),
    skip_rows: field({
      label: "Lines before the header",
      name: "skip_rows",
      type: "number",
      min: 0,
      max: 1000,
      value: "0",
    }),
    amount_sign: field({
      label: "Amount sign",
      name: "amount_sign",
      element: "select",
      options: [
        { value: "auto", label: "Detect" },
        { value: "positive", label: "Expenses are positive" },
        { value: "negative", label: "Expenses are negative" },
      ],
      hint: "For one amount column: rows of the other sign are skipped.",
    }),
    currency: field({
      label: "Default currency",
      name: "currency",
      maxlength: 3,
      autocapitalize: "characters",
      placeholder: me.default_currency,
      hint: "For rows without a currency column.",
    }),
    skip_values: field({
      label: "Skip rows whose column has a value",
      name: "skip_values",
      placeholder: '{"Type": ["CREDIT"]}',
      hint: 'JSON: {"Column": ["value", …]}.',
      wrapperClass: "sm:col-span-2",
    }),
  };
  const skipDuplicates = checkbox({
    label: "Skip duplicates",
    name: "skip_duplicates",
    hint: "Rows with the same date, amount and description as an expense you have.",
  });

  const suggest = suggestCategoriesField();

  function applyPreset(preset, known) {
    for (const { name } of MAPPED_FIELDS) {
      const guesses = COLUMN_GUESSES[name] ?? [];
      let value = preset.mapping[name] ?? "";
      if (value && known.length) {
        const guess = guesses.map((re) => known.find((column) => re.test(column))).find(Boolean);
        if (guess) value = guess;
      }
      mapped[name].control.value = value;
    }
    if (!preset.mapping.amount) options.amount_sign.control.value = "auto";
    form.dispatchEvent(new Event("change"));
  }

  let knownColumns = [];
  async function refreshColumns() {
    const chosen = file.control.files[0];
    knownColumns = [];
    if (chosen) {
      try {
        knownColumns = await readHeader(chosen, {
          skipRows: Number(options.skip_rows.control.value) || 0,
          delimiter: delimiterOf(options.delimiter.control.value),
        });
      } catch {
        knownColumns = []; // Unreadable here: the server will say what is wrong.
      }
    }
    columns.replaceChildren(...knownColumns.map((name) => h("option", { value: name })));
    columnsNote.textContent = knownColumns.length
      ? `Columns in this file: ${knownColumns.join(", ")}.`
      : "";
    columnsNote.hidden = !knownColumns.length;
  }
  file.control.addEventListener("change", refreshColumns);
  options.skip_rows.control.addEventListener("change", refreshColumns);
  options.delimiter.control.addEventListener("change", refreshColumns);

  const presets = h(
    "div",
    { class: "flex flex-wrap gap-2", role: "group", "aria-label": "Column presets" },
    PRESETS.map((preset) =>
      h("button", {
        type: "button",
        class: "btn btn-small",
        text: preset.label,
        title: preset.hint,
        onclick: () => applyPreset(preset, knownColumns),
      }),
    ),
  );

  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-labelledby": "csv-import-heading" },
    formAlert(),
    file.wrapper,
    h(
      "fieldset",
      { class: "space-y-3" },
      h("legend", { class: "label", text: "Columns" }),
      h("p", {
        class: "hint mt-0",
        text: "Which column holds each field. Leave them all empty for a file exported from this app. Map date, description, and amount or debit.",
      }),
      presets,
      columnsNote,
      columns,
      h(
        "div",
        { class: "grid grid-cols-2 gap-3 lg:grid-cols-3" },
        Object.values(mapped).map((entry) => entry.wrapper),
      ),
      h("p", { class: "field-error", hidden: true, dataset: { errorFor: "mapping" } }),
    ),
    h(
      "details",
      { class: "space-y-3" },
      h("summary", { class: "link cursor-pointer text-sm", text: "Dates, numbers and more" }),
      h(
        "div",
        { class: "mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" },
        Object.values(options).map((entry) => entry.wrapper),
      ),
    ),
    skipDuplicates.wrapper,
    suggest.wrapper,
  );

  function fields() {
    const value = (name) => form.elements.namedItem(name).value.trim();
    const mapping = {};
    for (const { name } of MAPPED_FIELDS) {
      if (value(`map_${name}`)) mapping[name] = value(`map_${name}`);
    }
    return {
      mapping: Object.keys(mapping).length ? JSON.stringify(mapping) : "",
      date_format: value("date_format"),
      decimal: value("decimal"),
      delimiter: form.elements.namedItem("delimiter").value,
      skip_rows: value("skip_rows") === "0" ? "" : value("skip_rows"),
      amount_sign: value("amount_sign"),
      skip_values: value("skip_values"),
      currency: value("currency").toUpperCase(),
      skip_duplicates: skipDuplicates.control.checked ? "true" : "",
      auto_categorize: suggest.value(),
    };
  }

  const flow = importFlow(form, {
    noun: "expense",
    send: (dryRun) => api.importCsv(file.control.files[0], fields(), { dryRun }),
    onImported,
  });
  form.append(h("div", { class: "flex gap-2" }, flow.previewButton));

  return h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "csv-import-heading" },
    h("h2", { id: "csv-import-heading", text: "Import a CSV file" }),
    flow.status,
    form,
    flow.output,
  );
}
