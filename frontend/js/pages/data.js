// Import and export: download expenses as CSV and the whole account as a backup (JSON, or a
// zip with the receipts), import a CSV or OFX file (imports.js), restore a backup.

import * as api from "../api.js";
import {
  FILE_INPUT_CLASS,
  clearErrors,
  field,
  formAlert,
  h,
  saveFile,
  showErrors,
  showFieldError,
  showFormError,
  showStatus,
  statusLine,
  table,
  whileBusy,
} from "../dom.js";
import { formatCount, today } from "../format.js";
import { csvImportSection } from "./csv-import.js";
import { ofxImportSection } from "./import-flow.js";
import { datesReversed, flagReversedDates } from "./expenses.js";
import { ErrorCode } from "../errors.js";

const KINDS = [
  { key: "expenses", label: "Expenses" },
  { key: "categories", label: "Categories" },
  { key: "tags", label: "Tags" },
  { key: "budgets", label: "Budgets" },
];

async function download(button, alertHolder, fetchFile, fallbackName) {
  clearErrors(alertHolder);
  button.disabled = true;
  try {
    const { blob, filename } = await fetchFile();
    saveFile(blob, filename || fallbackName);
  } catch (error) {
    showFormError(alertHolder, error.message);
  } finally {
    button.disabled = false;
  }
}

function exportSection() {
  const start = field({ label: "From", name: "start", type: "date" });
  const end = field({ label: "To", name: "end", type: "date" });
  const csvForm = h(
    "form",
    { class: "space-y-3", novalidate: true, "aria-labelledby": "export-csv-heading" },
    h("h3", { id: "export-csv-heading", class: "font-medium", text: "Expenses as CSV" }),
    h("p", {
      class: "hint mt-0",
      text: "Opens in any spreadsheet, and imports back here. Leave the dates empty for every expense.",
    }),
    formAlert(),
    h("div", { class: "grid grid-cols-2 gap-3" }, start.wrapper, end.wrapper),
    h("button", { type: "submit", class: "btn btn-primary", text: "Download CSV" }),
  );
  csvForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(csvForm);
    if (datesReversed(start.control.value, end.control.value)) {
      flagReversedDates(csvForm, "end");
      return;
    }
    await whileBusy(csvForm, async () => {
      try {
        const { blob, filename } = await api.exportExpensesCsv({
          start: start.control.value,
          end: end.control.value,
        });
        saveFile(blob, filename || `expenses-${today()}.csv`);
      } catch (error) {
        // The API names the range `start_date`/`end_date` in its errors.
        showErrors(csvForm, error, { start_date: "start", end_date: "end" });
      }
    });
  });

  const backupAlert = h("div", {}, formAlert());
  const backupButton = (kind, label) => {
    const button = h("button", { type: "button", class: "btn", text: label });
    button.addEventListener("click", () =>
      download(
        button,
        backupAlert,
        () => api.exportBackup(kind),
        `expense-tracker-backup-${today()}.${kind}`,
      ),
    );
    return button;
  };

  return h(
    "section",
    { class: "card space-y-6", "aria-labelledby": "export-heading" },
    h("h2", { id: "export-heading", text: "Export" }),
    csvForm,
    h(
      "div",
      { class: "space-y-3 border-t border-slate-100 pt-5" },
      h("h3", { class: "font-medium", text: "Backup" }),
      h("p", {
        class: "hint mt-0",
        text: "Everything in your account: expenses, categories, tags and budgets. The zip also holds your receipts.",
      }),
      backupAlert,
      h(
        "div",
        { class: "flex flex-wrap gap-2" },
        backupButton("json", "Download backup (JSON)"),
        backupButton("zip", "Download backup with receipts (ZIP)"),
      ),
    ),
  );
}

function restoreResult(result) {
  return h(
    "div",
    { class: "space-y-2", dataset: { restoreResult: "" } },
    table({
      caption: "What the restore did",
      showCaption: true,
      columns: [
        { label: "Kind" },
        { label: "Added", numeric: true },
        { label: "Already there", numeric: true },
      ],
      rows: KINDS.map(({ key, label }) => [
        label,
        formatCount(result.created?.[key] ?? 0),
        formatCount(result.skipped?.[key] ?? 0),
      ]),
    }),
    result.receipts_missing
      ? h("p", {
          class: "notice",
          text:
            result.receipts_missing === 1
              ? "1 receipt was not in the backup; its expense was restored without it."
              : `${formatCount(result.receipts_missing)} receipts were not in the backup; their expenses were restored without them.`,
        })
      : null,
  );
}

function backupErrors(body) {
  const errors = body.errors ?? [];
  return h(
    "div",
    { class: "alert space-y-2", role: "alert" },
    // The API's detail points at its own `errors` field; say it in the reader's terms.
    h("p", { class: "font-semibold", text: "The backup was not restored; nothing was changed." }),
    errors.length
      ? h(
          "ul",
          { class: "list-disc space-y-0.5 pl-5" },
          errors.map((error) =>
            h("li", { text: error.path ? `${error.path}: ${error.message}` : error.message }),
          ),
        )
      : null,
    (body.error_count ?? 0) > errors.length
      ? h("p", { text: `Only the first ${formatCount(errors.length)} of ${formatCount(body.error_count)} are listed.` })
      : null,
  );
}

function restoreSection() {
  const status = statusLine();
  const output = h("div", { class: "space-y-3", "aria-live": "polite" });
  const file = field({
    label: "Backup file",
    name: "file",
    type: "file",
    accept: ".json,.zip,application/json,application/zip",
    required: true,
    hint: "A .json or .zip backup from this app, from this or another account.",
  });
  file.control.className = FILE_INPUT_CLASS;
  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-labelledby": "restore-heading" },
    h("p", {
      class: "hint mt-0",
      text: "Adds what the backup has and this account does not; nothing here is changed or removed, so restoring twice adds nothing.",
    }),
    formAlert(),
    file.wrapper,
    h("button", { type: "submit", class: "btn btn-primary", text: "Restore backup" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    showStatus(status, "");
    output.replaceChildren();
    const chosen = file.control.files[0];
    if (!chosen) {
      showFieldError(form, "file", "Choose a backup file.");
      file.control.focus();
      return;
    }
    await whileBusy(form, async () => {
      let result;
      try {
        result = await api.restoreBackup(chosen);
      } catch (error) {
        if (error.code === ErrorCode.INVALID_BACKUP) output.replaceChildren(backupErrors(error.body));
        else if (error.status === 413) showFieldError(form, "file", error.message);
        else showErrors(form, error);
        return;
      }
      const added = KINDS.reduce((sum, { key }) => sum + (result.created?.[key] ?? 0), 0);
      showStatus(
        status,
        added ? "The backup was restored." : "Restored: everything in it was already here.",
      );
      output.replaceChildren(restoreResult(result));
      file.control.value = "";
      status.focus();
    });
  });
  return h(
    "section",
    { class: "card space-y-4", "aria-labelledby": "restore-heading" },
    h("h2", { id: "restore-heading", text: "Restore a backup" }),
    status,
    form,
    output,
  );
}

/** The saved bank profiles, each with a Delete button; `refresh()` reloads the list. */
function profilesSection() {
  const status = statusLine();
  const list = h("ul", { class: "divide-y divide-slate-100", "aria-label": "Saved bank profiles" });
  const section = h(
    "section",
    { class: "card space-y-3", "aria-labelledby": "profiles-heading", hidden: true },
    h("h2", { id: "profiles-heading", text: "Saved bank profiles" }),
    h("p", {
      class: "hint mt-0",
      text: "How your banks' files are read. A file with the same columns as a profile is read its way by itself.",
    }),
    status,
    list,
  );
  async function refresh() {
    let profiles = [];
    try {
      profiles = (await api.importProfiles()).results ?? [];
    } catch {
      profiles = [];
    }
    // Kept in view after the last one is deleted, to say so.
    section.hidden = !profiles.length && !status.textContent;
    list.replaceChildren(
      ...profiles.map((profile) => {
        const remove = h("button", {
          type: "button",
          class: "btn btn-small",
          text: "Delete",
          "aria-label": `Delete the profile ${profile.name}`,
        });
        remove.addEventListener("click", async () => {
          remove.disabled = true;
          try {
            await api.deleteImportProfile(profile.id);
            showStatus(status, `Deleted the profile “${profile.name}”.`);
            await refresh();
          } catch (error) {
            showStatus(status, error.message);
            remove.disabled = false;
          }
        });
        return h(
          "li",
          { class: "flex items-center justify-between gap-3 py-2" },
          h("span", { class: "min-w-0 break-words text-sm font-medium", text: profile.name }),
          remove,
        );
      }),
    );
  }
  refresh();
  return { section, refresh };
}

export function render(container, ctx) {
  const profiles = profilesSection();
  container.append(
    h("h1", { text: "Import and export" }),
    h(
      "div",
      { class: "grid items-start gap-6 lg:grid-cols-3" },
      h(
        "div",
        { class: "min-w-0 space-y-6 lg:col-span-2" },
        csvImportSection({ me: ctx.me, onImported: profiles.refresh }),
        ofxImportSection(),
      ),
      h(
        "div",
        { class: "min-w-0 space-y-6" },
        profiles.section,
        exportSection(),
        restoreSection(),
      ),
    ),
  );
}
