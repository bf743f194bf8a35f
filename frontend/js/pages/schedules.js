// Recurring expenses: rent, subscriptions, bills. Each due date becomes a real expense on
// its own (the server creates it the first time the user's data is read on or after that
// day); a date can be skipped, a schedule paused, edited for the dates still to come, or
// deleted (the expenses it created stay).

import * as api from "../api.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  pageOutcome,
  showErrors,
  whileBusy,
} from "../dom.js";
import { formatDate, formatMoney, lazy, parseIsoDate, today } from "../format.js";
import { PAYMENT_METHODS, categoryOptions } from "./expenses.js";
import { scheduleDraftFromExpense } from "./schedule-from-expense.js";

const PERIODS = [
  { value: "monthly", label: "Monthly", unit: ["month", "months"] },
  { value: "weekly", label: "Weekly", unit: ["week", "weeks"] },
  { value: "yearly", label: "Yearly", unit: ["year", "years"] },
  { value: "every_n_days", label: "Every few days", unit: ["day", "days"] },
  { value: "every_n_months", label: "Every few months", unit: ["month", "months"] },
];
const MONTHLY = new Set(["monthly", "every_n_months"]);
// A detected subscription's period → a schedule's period and interval.
const SUBSCRIPTION_PERIODS = {
  weekly: ["weekly", 1],
  monthly: ["monthly", 1],
  quarterly: ["monthly", 3],
  yearly: ["yearly", 1],
};

const weekdayFormat = lazy(() => new Intl.DateTimeFormat(undefined, { weekday: "long" }));
const dayMonthFormat = lazy(
  () => new Intl.DateTimeFormat(undefined, { month: "long", day: "numeric" }),
);

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
export function ordinal(day) {
  const tens = day % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th";
  return `${day}${suffix}`;
}

/** A schedule's rhythm in words: "Monthly on the 1st", "Every 2 weeks", "Daily". */
export function periodWords(schedule) {
  const n = Number(schedule.interval || 1);
  const start = parseIsoDate(schedule.start_date);
  switch (schedule.period) {
    case "weekly":
      return n === 1 ? `Weekly on ${weekdayFormat().format(start)}s` : `Every ${n} weeks`;
    case "yearly":
      return `${n === 1 ? "Yearly" : `Every ${n} years`} on ${dayMonthFormat().format(start)}`;
    case "every_n_days":
      return n === 1 ? "Daily" : `Every ${n} days`;
    default: {
      const day = ordinal(schedule.day_of_month || start.getDate());
      return n === 1 ? `Monthly on the ${day}` : `Every ${n} months on the ${day}`;
    }
  }
}

function nextText(schedule) {
  if (schedule.next_due === null) return "Finished";
  const next = `Next ${formatDate(schedule.next_due)}`;
  return schedule.paused ? `Paused (was ${next.toLowerCase()})` : next;
}

function remainingText(schedule) {
  if (schedule.remaining === null || schedule.next_due === null) return null;
  return schedule.remaining === 1 ? "1 to go" : `${schedule.remaining} to go`;
}

/** The schedule form (new or edit): `onSaved(schedule)` after a successful save. */
function scheduleForm({ schedule, categories, currency, note, onSaved, onCancel }) {
  const isNew = !schedule.id;
  const description = field({
    label: "Description",
    name: "description",
    required: true,
    maxlength: 500,
    autocomplete: "off",
    value: schedule.description ?? "",
    "data-autofocus": "",
  });
  const amount = field({
    label: "Amount",
    name: "amount",
    required: true,
    inputmode: "decimal",
    autocomplete: "off",
    value: schedule.amount ?? "",
  });
  const currencyField = field({
    label: "Currency",
    name: "currency",
    maxlength: 3,
    autocomplete: "off",
    value: schedule.currency ?? currency,
  });
  const category = field({
    label: "Category",
    name: "category",
    element: "select",
    value: schedule.category ? String(schedule.category) : "",
  });
  category.control.append(...categoryOptions(categories, "No category"));
  category.control.value = schedule.category ? String(schedule.category) : "";
  const tags = field({
    label: "Tags",
    name: "tags",
    hint: "Separate with commas.",
    autocomplete: "off",
    value: (schedule.tags ?? []).join(", "),
  });
  const merchant = field({
    label: "Merchant",
    name: "merchant",
    maxlength: 200,
    autocomplete: "off",
    value: schedule.merchant ?? "",
  });
  const payment = field({
    label: "Payment method",
    name: "payment_method",
    element: "select",
    options: [{ value: "", label: "Not set" }, ...PAYMENT_METHODS],
    value: schedule.payment_method ?? "",
  });
  const period = field({
    label: "Repeats",
    name: "period",
    element: "select",
    options: PERIODS,
    value: schedule.period ?? "monthly",
  });
  const interval = field({
    label: "Every",
    name: "interval",
    type: "number",
    min: 1,
    max: 1000,
    step: 1,
    inputmode: "numeric",
    value: String(schedule.interval ?? 1),
  });
  const dayOfMonth = field({
    label: "Day of the month",
    name: "day_of_month",
    type: "number",
    min: 1,
    max: 31,
    step: 1,
    inputmode: "numeric",
    hint: "Empty: the start date's day. A 31 falls on the last day of shorter months.",
    value: schedule.day_of_month ? String(schedule.day_of_month) : "",
  });
  const start = field({
    label: "Starts on",
    name: "start_date",
    type: "date",
    required: true,
    value: schedule.start_date ?? today(),
  });
  const endDate = field({
    label: "Ends on (optional)",
    name: "end_date",
    type: "date",
    value: schedule.end_date ?? "",
  });
  const count = field({
    label: "Number of times (optional)",
    name: "count",
    type: "number",
    min: 1,
    step: 1,
    inputmode: "numeric",
    hint: "Skipped dates count too.",
    value: schedule.count ? String(schedule.count) : "",
  });

  // "Every [2] weeks": the unit follows the number.
  const intervalUnit = h("span", { class: "text-sm text-slate-600" });
  const intervalRow = h("div", { class: "flex items-center gap-2" });
  interval.control.replaceWith(intervalRow);
  interval.control.classList.add("w-24");
  intervalRow.append(interval.control, intervalUnit);
  function syncPeriod() {
    const chosen = PERIODS.find((p) => p.value === period.control.value) ?? PERIODS[0];
    const n = Number(interval.control.value) || 1;
    intervalUnit.textContent = n === 1 ? chosen.unit[0] : chosen.unit[1];
    dayOfMonth.wrapper.hidden = !MONTHLY.has(chosen.value);
  }
  period.control.addEventListener("change", syncPeriod);
  interval.control.addEventListener("input", syncPeriod);
  syncPeriod();

  const form = h(
    "form",
    {
      class: "card space-y-4",
      novalidate: true,
      "aria-label": isNew ? "New recurring expense" : `Edit ${schedule.description}`,
    },
    h("h2", { text: isNew ? "New recurring expense" : `Edit “${schedule.description}”` }),
    note ? h("p", { class: "text-sm text-slate-600", text: note }) : null,
    isNew
      ? null
      : h("p", {
          class: "text-sm text-slate-600",
          text: "Changes apply to the dates still to come; expenses already created stay as they are.",
        }),
    formAlert(),
    h(
      "div",
      { class: "grid gap-4 sm:grid-cols-3" },
      h("div", { class: "sm:col-span-3" }, description.wrapper),
      amount.wrapper,
      currencyField.wrapper,
      category.wrapper,
    ),
    h(
      "fieldset",
      { class: "grid gap-4 sm:grid-cols-3" },
      h("legend", { class: "label sm:col-span-3", text: "When" }),
      period.wrapper,
      interval.wrapper,
      dayOfMonth.wrapper,
      start.wrapper,
      endDate.wrapper,
      count.wrapper,
    ),
    h("div", { class: "grid gap-4 sm:grid-cols-3" }, merchant.wrapper, payment.wrapper, tags.wrapper),
    h(
      "div",
      { class: "flex flex-wrap gap-2" },
      h("button", {
        type: "submit",
        class: "btn btn-primary",
        text: isNew ? "Create recurring expense" : "Save changes",
      }),
      h("button", { type: "button", class: "btn", text: "Cancel", onclick: onCancel }),
    ),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const number = (control) => (control.value.trim() === "" ? null : Number(control.value));
    const monthly = MONTHLY.has(period.control.value);
    const body = {
      description: description.control.value.trim(),
      amount: amount.control.value.trim(),
      currency: currencyField.control.value.trim().toUpperCase() || currency,
      category: category.control.value ? Number(category.control.value) : null,
      tags: tags.control.value
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      merchant: merchant.control.value.trim(),
      payment_method: payment.control.value || null,
      period: period.control.value,
      interval: number(interval.control) ?? 1,
      day_of_month: monthly ? number(dayOfMonth.control) : null,
      start_date: start.control.value,
      end_date: endDate.control.value || null,
      count: number(count.control),
    };
    if (isNew && schedule.notes) body.notes = schedule.notes;
    await whileBusy(form, async () => {
      try {
        const saved = isNew
          ? await api.createSchedule(body)
          : await api.updateSchedule(schedule.id, body);
        await onSaved(saved, isNew);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

/** A new schedule's values from the page's query: `?from_expense=` is handled apart;
 * a detected subscription sends description, merchant, amount, currency, category,
 * period (weekly|monthly|quarterly|yearly) and start_date. */
function draftFromQuery(query) {
  if (!query.get("description")) return null;
  const [period, interval] = SUBSCRIPTION_PERIODS[query.get("period")] ?? ["monthly", 1];
  return {
    description: query.get("description"),
    merchant: query.get("merchant") ?? "",
    amount: query.get("amount") ?? "",
    currency: query.get("currency") ?? undefined,
    category: query.get("category") ? Number(query.get("category")) : null,
    period,
    interval,
    start_date: query.get("start_date") || today(),
  };
}

export async function render(container, ctx) {
  const currency = ctx.me.default_currency;
  const { status, alert: pageAlert, formArea, succeed, fail } = pageOutcome();
  const list = h("section", { class: "card space-y-4", "aria-labelledby": "schedules-heading" });
  let schedules = [];
  let categories = [];

  const newButton = h("button", {
    type: "button",
    class: "btn btn-primary",
    text: "New recurring expense",
    disabled: true, // until the categories it offers are loaded
    onclick: () => openForm({}),
  });
  container.append(
    h("h1", { text: "Recurring expenses" }),
    h("p", {
      class: "text-sm text-slate-600",
      text:
        "Rent, subscriptions and bills that repeat. Each one becomes an expense on its date, " +
        "once, the next time you open the app; skip a date, pause one, or change the dates " +
        "still to come.",
    }),
    status,
    pageAlert,
    h("div", { class: "flex flex-wrap gap-2" }, newButton),
    formArea,
    list,
  );

  function closeForm() {
    formArea.replaceChildren();
    newButton.focus();
  }

  function openForm(schedule, note) {
    const form = scheduleForm({
      schedule,
      categories,
      currency,
      note,
      onCancel: closeForm,
      onSaved: async (saved, isNew) => {
        formArea.replaceChildren();
        const made = isNew && saved.occurrences_created
          ? ` ${saved.occurrences_created} past ${saved.occurrences_created === 1 ? "date was" : "dates were"} added to your expenses.`
          : "";
        succeed(`Saved “${saved.description}”.${made}`);
        await load();
      },
    });
    formArea.replaceChildren(form);
    form.querySelector("[data-autofocus]")?.focus();
  }

  async function act(work, message) {
    clearErrors(pageAlert);
    try {
      await work();
    } catch (error) {
      fail(error.message);
      return;
    }
    succeed(message);
    await load();
  }

  async function skipNext(schedule) {
    const choice = await openDialog({
      title: `Skip ${formatDate(schedule.next_due)}?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: `“${schedule.description}” will not be added on ${formatDate(schedule.next_due)}; the dates after it stay.`,
      }),
      confirmLabel: "Skip it",
    });
    if (choice !== "confirm") return;
    await act(
      () => api.skipSchedule(schedule.id, schedule.next_due),
      `Skipped “${schedule.description}” on ${formatDate(schedule.next_due)}.`,
    );
  }

  async function remove(schedule) {
    const choice = await openDialog({
      title: `Delete “${schedule.description}”?`,
      body: h("p", {
        class: "text-sm text-slate-600",
        text: "No more expenses will be added for it. The expenses it already created stay.",
      }),
      confirmLabel: "Delete",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    await act(() => api.deleteSchedule(schedule.id), `Deleted “${schedule.description}”.`);
  }

  function scheduleRow(schedule) {
    const small = (text, label, onclick, disabled = false) =>
      h("button", {
        type: "button",
        class: "btn btn-small",
        text,
        "aria-label": label,
        onclick,
        disabled,
      });
    const finished = schedule.next_due === null;
    return h(
      "li",
      { class: "space-y-2 py-3", dataset: { scheduleId: String(schedule.id) } },
      h(
        "div",
        { class: "flex flex-wrap items-start gap-3" },
        h(
          "div",
          { class: "min-w-0 flex-1 space-y-1" },
          h("h3", { class: "font-medium break-words", text: schedule.description }),
          h("p", {
            class: "text-sm text-slate-600",
            text: [periodWords(schedule), schedule.category_name, remainingText(schedule)]
              .filter(Boolean)
              .join(" · "),
          }),
          h("p", {
            class: schedule.paused ? "text-sm text-amber-800" : "text-sm text-slate-800",
            dataset: { next: "" },
            text: nextText(schedule),
          }),
        ),
        h("p", {
          class: "shrink-0 font-medium tabular-nums",
          text: formatMoney(schedule.amount, schedule.currency),
        }),
      ),
      h(
        "div",
        { class: "flex flex-wrap gap-2" },
        schedule.paused
          ? small("Resume", `Resume ${schedule.description}`, () =>
              act(
                () => api.updateSchedule(schedule.id, { paused: false }),
                `Resumed “${schedule.description}”.`,
              ),
            )
          : small(
              "Pause",
              `Pause ${schedule.description}`,
              () =>
                act(
                  () => api.updateSchedule(schedule.id, { paused: true }),
                  `Paused “${schedule.description}”.`,
                ),
              finished,
            ),
        small(
          "Skip next",
          `Skip next ${schedule.description}`,
          () => skipNext(schedule),
          finished || schedule.paused,
        ),
        small("Edit", `Edit ${schedule.description}`, () => openForm(schedule)),
        small("Delete", `Delete ${schedule.description}`, () => remove(schedule)),
      ),
    );
  }

  function renderList() {
    list.replaceChildren(
      h("h2", { id: "schedules-heading", text: "Your recurring expenses" }),
      schedules.length
        ? h(
            "ul",
            { class: "divide-y divide-slate-100", "aria-label": "Recurring expenses" },
            schedules.map(scheduleRow),
          )
        : h("p", {
            class: "text-sm text-slate-500",
            text: "None yet. Create one here, from an expense with “Repeat monthly”, or from a subscription on the dashboard.",
          }),
    );
  }

  async function load() {
    try {
      [schedules, categories] = await Promise.all([api.listSchedules(), api.listCategories()]);
    } catch (error) {
      fail(error.message);
      return;
    }
    newButton.disabled = false;
    renderList();
  }

  await load();
  const fromExpense = ctx.query.get("from_expense");
  const fromQuery = draftFromQuery(ctx.query);
  if (fromExpense) {
    try {
      const expense = await api.getExpense(fromExpense);
      openForm(scheduleDraftFromExpense(expense), `Repeats the expense “${expense.description}”.`);
    } catch (error) {
      fail(error.status === 404 ? "That expense does not exist." : error.message);
    }
  } else if (fromQuery) {
    openForm(fromQuery, `From the subscription “${fromQuery.description}” found in your expenses.`);
  }
}
