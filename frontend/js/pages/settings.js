// Settings: the signed-in user's profile (email, default currency).

import * as api from "../api.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  showErrors,
  showStatus,
  statusLine,
  whileBusy,
} from "../dom.js";

export function render(container, ctx) {
  const me = ctx.me;
  const status = statusLine();
  const email = field({
    label: "Email",
    name: "email",
    type: "email",
    autocomplete: "email",
    value: me.email ?? "",
  });
  const currency = field({
    label: "Default currency",
    name: "default_currency",
    maxlength: 3,
    autocapitalize: "characters",
    value: me.default_currency ?? "",
    hint: "ISO 4217 code (INR, USD, EUR…). New expenses use it unless you choose another.",
  });
  const form = h(
    "form",
    { class: "card max-w-lg space-y-4", novalidate: true, "aria-label": "Profile" },
    h("h2", { text: "Profile" }),
    h(
      "dl",
      { class: "grid grid-cols-3 gap-2 text-sm" },
      h("dt", { class: "text-slate-500", text: "Username" }),
      h("dd", { class: "col-span-2 font-medium", text: me.username }),
      h("dt", { class: "text-slate-500", text: "Roles" }),
      h("dd", { class: "col-span-2", text: (me.roles ?? []).join(", ") || "None" }),
    ),
    formAlert(),
    email.wrapper,
    currency.wrapper,
    h("button", { type: "submit", class: "btn btn-primary", text: "Save settings" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    showStatus(status, "");
    await whileBusy(form, async () => {
      try {
        const updated = await api.updateMe({
          email: email.control.value.trim(),
          default_currency: currency.control.value.trim().toUpperCase(),
        });
        ctx.setMe(updated);
        currency.control.value = updated.default_currency;
        showStatus(status, "Settings saved.");
      } catch (error) {
        showErrors(form, error);
      }
    });
  });

  container.append(
    h("h1", { text: "Settings" }),
    status,
    form,
    h(
      "section",
      { class: "card max-w-lg space-y-1 text-sm", "aria-labelledby": "connection-heading" },
      h("h2", { id: "connection-heading", text: "Connection" }),
      h(
        "p",
        { class: "text-slate-600" },
        "API: ",
        h("code", { class: "break-all", text: api.API_BASE }),
      ),
    ),
  );
}
