// Importing a bank statement or this app's CSV export. Choosing the file is enough: the app
// asks the server for a dry run with no settings, and the server works out the delimiter,
// encoding, header line (after any preamble), columns, date format and decimal separator, or
// uses the saved bank profile whose columns match. What it found is shown in plain words, with
// plain choices to correct each; the settings can be saved as a bank profile under a name.
// The preview lists every row with what happens to it (import, duplicate, money in, reverted,
// refunded) and why; then Import. OFX/QFX files chosen here go to the OFX import.

import * as api from "../api.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  showErrors,
  showFieldError,
  showStatus,
  statusLine,
} from "../dom.js";
import { formatCount } from "../format.js";
import { ErrorCode } from "../errors.js";
import {
  countsSummary,
  countsText,
  fileField,
  previewTable,
  rowErrorList,
  skipDuplicatesField,
  suggestCategoriesField,
  turnOffSuggestions,
} from "./import-flow.js";

// The expense fields a column can hold, in the order they are offered.
const MAPPED_FIELDS = [
  { name: "date", label: "Date" },
  { name: "description", label: "Description" },
  { name: "amount", label: "Amount (one column, + and −)" },
  { name: "debit", label: "Money out (debit)" },
  { name: "credit", label: "Money in (credit)" },
  { name: "fee", label: "Fee" },
  { name: "currency", label: "Currency" },
  { name: "state", label: "State (completed, reverted…)" },
  { name: "merchant", label: "Merchant" },
  { name: "category", label: "Category" },
  { name: "notes", label: "Notes" },
  { name: "tags", label: "Tags" },
  { name: "payment_method", label: "Payment method" },
];

// The date formats the server reads, by their example (the API takes these labels).
const DATE_FORMATS = [
  "31/12/2026",
  "12/31/2026",
  "2026-12-31",
  "31.12.2026",
  "31-12-2026",
  "12-31-2026",
  "31 Dec 2026",
  "Dec 31 2026",
  "Dec 31, 2026",
  "2026/12/31",
  "31/12/26",
  "12/31/26",
  "2026-12-31 23:59:59",
  "2026-12-31 23:59",
  "2026-12-31T23:59:59",
];
const DELIMITERS = [
  { value: ",", label: "Commas", word: "comma-separated" },
  { value: ";", label: "Semicolons", word: "semicolon-separated" },
  { value: "\t", label: "Tabs", word: "tab-separated" },
  { value: "|", label: "Pipes (|)", word: "pipe-separated" },
];
const DECIMALS = [
  { value: ".", label: "1,234.56 (decimal point)", word: "decimal point" },
  { value: ",", label: "1.234,56 (decimal comma)", word: "decimal comma" },
];
const ENCODINGS = [
  { value: "utf-8", label: "UTF-8" },
  { value: "windows-1252", label: "Windows (Western European)" },
  { value: "utf-16", label: "UTF-16 (Excel Unicode text)" },
];

/** The encoding choice for the name the server detected ("UTF-16 LE with BOM": utf-16). */
function encodingChoice(name = "") {
  if (name.startsWith("UTF-16")) return "utf-16";
  return name.startsWith("UTF-8") ? "utf-8" : "windows-1252";
}

const isOfx = (file) => /\.(ofx|qfx)$/i.test(file?.name ?? "");

/** "Icici style" from "icici-style.csv": a first suggestion for a profile's name. */
function suggestedName(file) {
  const stem = (file?.name ?? "").replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : "";
}

/** "semicolon-separated, UTF-8, header on line 7, dates like 31/12/2026, decimal comma". */
function detectionText(detection) {
  const delimiter = DELIMITERS.find((d) => d.value === detection.delimiter);
  const decimal = DECIMALS.find((d) => d.value === detection.decimal);
  return [
    delimiter ? delimiter.word : `separated by “${detection.delimiter}”`,
    detection.encoding,
    `header on line ${detection.header_row}`,
    `dates like ${detection.date_format ?? "2026-12-31"}`,
    decimal ? decimal.word : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function select(label, name, options, hint) {
  return field({ label, name, element: "select", options, hint });
}

/** The CSV (and statement) import card. */
export function csvImportSection({ me, onImported }) {
  const status = statusLine();
  const output = h("div", { class: "space-y-3", "aria-live": "polite" });
  const file = fileField(
    "Statement or CSV file",
    ".csv,.tsv,.txt,.ofx,.qfx,text/csv,text/tab-separated-values,text/plain",
    "A bank statement (.csv, .tsv, .txt, .ofx, .qfx) or this app's CSV export, up to 20 MB. We work out how to read it.",
  );

  let profiles = [];
  let header = [];
  let mode = "auto"; // auto: the server detects (or matches a profile); profile; manual
  let lastResult = null;
  // The reading settings that hold a value: shown from the server's detection or chosen by
  // the user. In "manual" mode only these are sent; the server detects the others.
  const known = new Set();

  const profile = select("Bank profile", "profile", [
    { value: "", label: "None: work it out from the file" },
  ]);
  const headerRow = field({
    label: "Header on line",
    name: "header_row",
    type: "number",
    min: 1,
    max: 1001,
    inputmode: "numeric",
  });
  const delimiter = select(
    "Columns separated by",
    "delimiter",
    DELIMITERS.map(({ value, label }) => ({ value, label })),
  );
  const decimal = select(
    "Amounts written like",
    "decimal",
    DECIMALS.map(({ value, label }) => ({ value, label })),
  );
  const encoding = select(
    "Text encoding",
    "encoding",
    ENCODINGS,
    "Change it if letters such as é or ₹ look wrong in the preview.",
  );
  const dateFormat = select(
    "Dates written like",
    "date_format",
    DATE_FORMATS.map((label) => ({ value: label, label })),
  );
  const columns = Object.fromEntries(
    MAPPED_FIELDS.map(({ name, label }) => [name, select(label, `map_${name}`, [])]),
  );
  const currency = field({
    label: "Currency of the file",
    name: "currency",
    maxlength: 3,
    autocapitalize: "characters",
    placeholder: me.default_currency,
    hint: "For rows without a currency column.",
  });
  const saveProfile = field({
    label: "Save these settings as a bank profile",
    name: "save_profile",
    maxlength: 80,
    autocomplete: "off",
    hint: "A name such as “ICICI savings”: the next file with the same columns is read this way by itself. Leave empty to not save.",
  });
  const skipDuplicates = skipDuplicatesField();
  const suggest = suggestCategoriesField();

  const summary = h("div", { class: "space-y-1 text-sm", dataset: { detection: "" } });
  const settings = h(
    "details",
    { class: "space-y-3 rounded-lg border border-slate-200 p-3", hidden: true },
    h("summary", { class: "link cursor-pointer text-sm", text: "Change how the file is read" }),
    h(
      "div",
      { class: "mt-3 space-y-4" },
      profile.wrapper,
      h(
        "div",
        { class: "grid gap-3 sm:grid-cols-2" },
        headerRow.wrapper,
        delimiter.wrapper,
        dateFormat.wrapper,
        decimal.wrapper,
        encoding.wrapper,
        currency.wrapper,
      ),
      h(
        "fieldset",
        { class: "space-y-2" },
        h("legend", { class: "label", text: "Which column holds what" }),
        h("p", {
          class: "hint mt-0",
          text: "A date, a description, and either one amount column or money out (with money in).",
        }),
        h(
          "div",
          { class: "grid gap-3 sm:grid-cols-2 lg:grid-cols-3" },
          Object.values(columns).map((entry) => entry.wrapper),
        ),
        h("p", { class: "field-error", hidden: true, dataset: { errorFor: "mapping" } }),
      ),
    ),
  );
  const reading = h("div", { class: "space-y-3", hidden: true }, summary, settings);
  const previewButton = h("button", { type: "submit", class: "btn", text: "Preview" });

  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-labelledby": "csv-import-heading" },
    formAlert(),
    file.wrapper,
    reading,
    h("div", { class: "grid gap-3 sm:grid-cols-2" }, skipDuplicates.wrapper, suggest.wrapper),
    h("div", { class: "max-w-md" }, saveProfile.wrapper),
    h("div", { class: "flex gap-2" }, previewButton),
  );
  saveProfile.wrapper.parentElement.hidden = true;

  function fillColumns(names, mapping = {}) {
    header = names;
    for (const { name } of MAPPED_FIELDS) {
      const options = [h("option", { value: "", text: "—" })];
      for (const column of header) {
        if (column.trim()) options.push(h("option", { value: column, text: column }));
      }
      columns[name].control.replaceChildren(...options);
      columns[name].control.value = mapping[name] ?? "";
    }
    // No column names (a file not read yet, or refused): no column choices either.
    columns.date.wrapper.closest("fieldset").hidden = !header.some((column) => column.trim());
  }

  function fillProfiles(selected) {
    profile.control.replaceChildren(
      h("option", { value: "", text: "None: work it out from the file" }),
      ...profiles.map((p) => h("option", { value: String(p.id), text: p.name })),
    );
    profile.control.value = selected ? String(selected) : "";
    profile.wrapper.hidden = !profiles.length;
  }

  async function loadProfiles(selected) {
    try {
      profiles = (await api.importProfiles()).results ?? [];
    } catch {
      profiles = []; // The import works without them.
    }
    fillProfiles(selected);
  }

  /** The form's fields for the API: only what the user set (the server detects the rest). */
  function fields({ dryRun }) {
    const base = {
      currency: currency.control.value.trim().toUpperCase(),
      skip_duplicates: skipDuplicates.value(),
      auto_categorize: suggest.value(),
    };
    if (!dryRun && saveProfile.control.value.trim()) {
      base.save_profile = saveProfile.control.value.trim();
    }
    if (mode === "profile") return { ...base, profile: profile.control.value };
    if (mode !== "manual") return base;
    const mapping = {};
    for (const { name } of MAPPED_FIELDS) {
      if (columns[name].control.value) mapping[name] = columns[name].control.value;
    }
    const line = Number(headerRow.control.value);
    const given = (name, value) => (known.has(name) ? value : "");
    return {
      ...base,
      mapping: Object.keys(mapping).length ? JSON.stringify(mapping) : "",
      date_format: given("date_format", dateFormat.control.value),
      decimal: given("decimal", decimal.control.value),
      delimiter: given("delimiter", delimiter.control.value === "\t" ? "tab" : delimiter.control.value),
      skip_rows: given("header_row", Number.isInteger(line) && line >= 1 ? String(line - 1) : ""),
      // Only once the user chose one: a detected Latin-1 file is not sent as Windows text.
      encoding: given("encoding", encoding.control.value),
    };
  }

  function send(dryRun) {
    const chosen = file.control.files[0];
    if (isOfx(chosen)) {
      const { skip_duplicates, auto_categorize } = fields({ dryRun });
      return api.importOfx(chosen, { skip_duplicates, auto_categorize }, { dryRun });
    }
    return api.importCsv(chosen, fields({ dryRun }), { dryRun });
  }

  function showDetection(result) {
    const detection = result.detection;
    if (!detection) {
      reading.hidden = true;
      return;
    }
    reading.hidden = false;
    for (const name of ["header_row", "delimiter", "decimal", "date_format"]) known.add(name);
    headerRow.control.value = String(detection.header_row);
    delimiter.control.value = detection.delimiter;
    decimal.control.value = detection.decimal;
    encoding.control.value = encodingChoice(detection.encoding);
    dateFormat.control.value = detection.date_format ?? "2026-12-31";
    fillColumns(detection.header ?? [], detection.mapping ?? {});
    if (result.profile && !profiles.some((p) => p.id === result.profile.id)) {
      profiles = [...profiles, result.profile];
    }
    fillProfiles(result.profile?.id);
    const ambiguous = (detection.ambiguous ?? []).includes("date_format");
    const lines = [
      result.profile
        ? h("p", {
            class: "font-medium",
            dataset: { profileUsed: "" },
            text: `Using your profile “${result.profile.name}”.`,
          })
        : null,
      h("p", { dataset: { readAs: "" }, text: `We read this file as: ${detectionText(detection)}.` }),
      ambiguous
        ? h("p", {
            class: "notice",
            text: `The dates could be read as ${detection.date_formats.slice(0, 2).join(" or ")}; we chose ${detection.date_format}. Check the dates below, or change it under “Change how the file is read”.`,
          })
        : null,
    ];
    summary.replaceChildren(...lines.filter(Boolean));
    if (ambiguous) settings.open = true;
    const wrapper = saveProfile.wrapper.parentElement;
    wrapper.hidden = false;
    if (!saveProfile.control.dataset.edited) {
      saveProfile.control.value = result.profile ? "" : suggestedName(file.control.files[0]);
    }
  }

  function showPreview(result) {
    const importButton = h("button", {
      type: "button",
      class: "btn btn-primary",
      text: `Import ${formatCount(result.created)} ${result.created === 1 ? "expense" : "expenses"}`,
      disabled: result.created === 0,
    });
    importButton.addEventListener("click", () => run(false, importButton));
    const skip = skipDuplicates.control.checked;
    output.replaceChildren(
      h(
        "div",
        { class: "space-y-1 text-sm", dataset: { importPreview: "" } },
        h("p", {
          class: "font-medium",
          text: result.created
            ? "Nothing is saved until you import."
            : "There is nothing to import in this file.",
        }),
        h("p", { dataset: { counts: "" }, text: `${countsSummary(result, skip)}.` }),
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
      result.rows?.length ? previewTable(result, skip) : null,
      h("div", { class: "flex gap-2" }, importButton),
    );
  }

  function showProblem(error) {
    if (error.fieldErrors?.auto_categorize) turnOffSuggestions(form);
    if (error.code === ErrorCode.INVALID_ROWS) {
      clearErrors(form);
      output.replaceChildren(rowErrorList(error.body));
      return;
    }
    if (error.fieldErrors?.mapping && !header.length) {
      // The columns could not be told apart: offer the file's own column names, read on the
      // header line (and with the separator) chosen, if one is.
      const chosen = known.has("encoding") ? encoding.control.value : "";
      const line = known.has("header_row") ? Number(headerRow.control.value) : null;
      const separator = known.has("delimiter") ? delimiter.control.value : null;
      const mine = runs;
      return readHeader(file.control.files[0], chosen, { line, separator }).then((found) => {
        if (mine !== runs) return; // a newer preview is on its way
        fillColumns(found.names);
        if (!known.has("header_row") && found.line) headerRow.control.value = String(found.line);
        reading.hidden = false;
        settings.hidden = false;
        settings.open = true;
        summary.replaceChildren(h("p", { text: "Choose which column holds what." }));
        showErrors(form, error);
      });
    }
    const fileOnly =
      error.fieldErrors && Object.keys(error.fieldErrors).every((name) => name === "file");
    if (fileOnly) {
      // The file itself was refused (not text, too large…): said plainly, with no columns;
      // the reading settings (its encoding) stay at hand, closed.
      fillColumns([]);
      summary.replaceChildren();
      reading.hidden = false;
      settings.hidden = false;
      settings.open = false;
      saveProfile.wrapper.parentElement.hidden = true;
    } else if (error.fieldErrors) {
      reading.hidden = false;
      settings.hidden = false;
      settings.open = true;
    }
    showErrors(form, error, { skip_rows: "header_row", profile: "profile" });
  }

  // What the chosen file looks like when it is not text ("a PNG image"), else null.
  let refused = null;
  function showRefused() {
    showFieldError(
      form,
      "file",
      `This is not a text statement (it looks like ${refused}). Choose a CSV, TSV, TXT or OFX file.`,
    );
  }

  let runs = 0;
  async function run(dryRun, button) {
    clearErrors(form);
    showStatus(status, "");
    const chosen = file.control.files[0];
    if (!chosen) {
      file.control.focus();
      return;
    }
    if (refused !== null) {
      showRefused();
      file.control.focus();
      return;
    }
    const mine = ++runs;
    if (button) button.disabled = true;
    try {
      const result = await send(dryRun);
      if (mine !== runs) return; // a newer preview is on its way
      if (dryRun) {
        lastResult = result;
        showDetection(result);
        settings.hidden = !result.detection;
        showPreview(result);
      } else {
        output.replaceChildren();
        const skip = skipDuplicates.control.checked;
        const done = [
          `Imported ${formatCount(result.created)} ${result.created === 1 ? "expense" : "expenses"}.`,
          countsText(result, skip),
          result.new_categories.length
            ? `New categories: ${result.new_categories.join(", ")}.`
            : "",
          result.profile && fields({ dryRun: false }).save_profile
            ? `Saved the bank profile “${result.profile.name}”.`
            : "",
        ].filter(Boolean);
        showStatus(status, done.join(" "));
        reset();
        status.focus();
        await loadProfiles();
        onImported?.();
      }
    } catch (error) {
      if (mine === runs) await showProblem(error);
    } finally {
      if (button) button.disabled = false;
      // The latest preview is in: the column choices offer the header it read.
      if (mine === runs) setColumnsBusy(false);
    }
  }

  /**
   * While the header is read again (another header line, separator or encoding), the column
   * choices wait: their names are the old header's until the answer comes in.
   */
  function setColumnsBusy(busy) {
    for (const entry of Object.values(columns)) entry.control.disabled = busy;
    columns.date.wrapper.closest("fieldset").setAttribute("aria-busy", String(busy));
  }

  function reset() {
    file.control.value = "";
    mode = "auto";
    header = [];
    known.clear();
    lastResult = null;
    reading.hidden = true;
    settings.open = false;
    saveProfile.control.value = "";
    delete saveProfile.control.dataset.edited;
    saveProfile.wrapper.parentElement.hidden = true;
  }

  file.control.addEventListener("change", async () => {
    mode = "auto";
    header = [];
    known.clear();
    output.replaceChildren();
    delete saveProfile.control.dataset.edited;
    clearErrors(form);
    refused = null;
    const chosen = file.control.files[0];
    if (!chosen) return;
    refused = await binaryKind(chosen);
    if (refused !== null) {
      // Its bytes are not a statement: nothing is sent, no columns are offered.
      runs += 1; // a preview of the previous file still on its way is dropped
      reading.hidden = true;
      settings.open = false;
      saveProfile.wrapper.parentElement.hidden = true;
      showRefused();
      return;
    }
    await loadProfiles(); // profiles deleted or saved elsewhere since
    run(true, previewButton);
  });
  profile.control.addEventListener("change", () => {
    mode = profile.control.value ? "profile" : "auto";
    run(true, previewButton);
  });
  const readingControls = [
    headerRow.control,
    delimiter.control,
    decimal.control,
    encoding.control,
    dateFormat.control,
    ...Object.values(columns).map((entry) => entry.control),
  ];
  for (const control of readingControls) {
    control.addEventListener("change", () => {
      mode = "manual";
      known.add(control.name);
      if (control === headerRow.control) {
        // Another header line: its columns are detected anew.
        header = [];
        for (const entry of Object.values(columns)) entry.control.value = "";
      }
      if ([headerRow.control, delimiter.control, encoding.control].includes(control)) {
        setColumnsBusy(true);
      }
      run(true, previewButton);
    });
  }
  for (const control of [currency.control, skipDuplicates.control, suggest.control]) {
    control.addEventListener("change", () => lastResult && run(true, previewButton));
  }
  saveProfile.control.addEventListener("input", () => {
    saveProfile.control.dataset.edited = "true";
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true, previewButton);
  });

  loadProfiles();
  return h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "csv-import-heading" },
    h("h2", { id: "csv-import-heading", text: "Import a CSV file" }),
    h("p", {
      class: "hint mt-0",
      text: "Choose your bank's statement: we work out its layout, show what we found, and import nothing until you say so.",
    }),
    status,
    form,
    output,
  );
}

/**
 * The header's column names (`{names, line}`), read in the browser when the server could not
 * tell them: on `line` (1-based) when one is chosen, split on `separator` when one is chosen,
 * else on the first line that looks like a header.
 */
async function readHeader(file, encoding = "", { line = null, separator = null } = {}) {
  if (!file) return { names: [], line: null };
  const bytes = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  const bom =
    bytes[0] === 0xfe && bytes[1] === 0xff
      ? "utf-16be"
      : bytes[0] === 0xff && bytes[1] === 0xfe
        ? "utf-16le"
        : null;
  const label = encoding === "utf-16" ? (bom ?? "utf-16le") : encoding || bom || "utf-8";
  const text = new TextDecoder(label).decode(bytes);
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const split = (text, by) => splitCsvLine(text, by);
  const separators = separator ? [separator] : [",", ";", "\t", "|"];
  if (Number.isInteger(line) && line >= 1) {
    const text = lines[line - 1] ?? "";
    const by = separators.find((candidate) => split(text, candidate).length >= 2) ?? separators[0];
    return { names: text ? split(text, by) : [], line };
  }
  for (const by of separators) {
    for (let i = 0; i + 1 < Math.min(lines.length, 50); i += 1) {
      const cells = split(lines[i], by);
      if (cells.filter(Boolean).length >= 2 && split(lines[i + 1], by).length === cells.length) {
        return { names: cells, line: i + 1 };
      }
    }
  }
  return { names: [], line: null };
}

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

// The first bytes of file types that are not text, and what to call them.
const SIGNATURES = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], kind: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: "a PDF document" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: "a zip archive" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: "a zip archive" },
  { bytes: [0x1f, 0x8b], kind: "a gzip archive" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: "an Excel or Word file" },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: "a RAR archive" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: "a 7-Zip archive" },
];

/**
 * What a file that is not text looks like ("a PNG image"), from its first bytes whatever its
 * name; null for text. NUL bytes on both odd and even places (not UTF-16 without a BOM) make
 * "a binary file"; anything else is left to the server.
 */
async function binaryKind(file) {
  const bytes = new Uint8Array(await file.slice(0, 8 * 1024).arrayBuffer());
  const signature = SIGNATURES.find((s) => s.bytes.every((byte, i) => bytes[i] === byte));
  if (signature) {
    return signature.kind === "a zip archive" && /\.xlsx$/i.test(file.name)
      ? "an Excel workbook"
      : signature.kind;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return null; // UTF-16 with a byte-order mark
  }
  let even = 0;
  let odd = 0;
  bytes.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2) odd += 1;
      else even += 1;
    }
  });
  if (!even && !odd) return null;
  const utf16 = Math.max(even, odd) >= 0.95 * (even + odd);
  return utf16 ? null : "a binary file";
}
