// Settings: the signed-in user's profile (email, default currency), the look of the app
// (light, dark or the system's), the password, signing out everywhere and deleting the account.

import * as api from "../api.js";
import {
  clearErrors,
  field,
  formAlert,
  h,
  openDialog,
  showErrors,
  showFieldError,
  showFormError,
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
    appearanceSection(),
    passwordForm(),
    signOutEverywhereSection(ctx),
    deleteAccountForm(ctx),
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

const THEMES = [
  ["system", "System", "Follows your device's light or dark setting."],
  ["light", "Light", ""],
  ["dark", "Dark", ""],
];

/**
 * System / Light / Dark, applied at once and remembered in this browser (js/theme.js does
 * the work; it is per device on purpose: a phone and a laptop may well want different ones).
 */
function appearanceSection() {
  const theme = window.appTheme;
  const current = theme?.choice() ?? "system";
  const options = THEMES.map(([value, label, hint]) => {
    const id = `theme-${value}`;
    const input = h("input", {
      type: "radio",
      name: "theme",
      id,
      value,
      checked: value === current,
      class: "mt-0.5 size-4 shrink-0 accent-indigo-600",
      "aria-describedby": hint ? `${id}-hint` : null,
      onchange: () => theme?.set(value),
    });
    return h(
      "div",
      { class: "flex items-start gap-2" },
      input,
      h(
        "div",
        {},
        h("label", { for: id, class: "text-sm font-medium text-slate-700", text: label }),
        hint ? h("p", { class: "hint mt-0", id: `${id}-hint`, text: hint }) : null,
      ),
    );
  });
  return h(
    "section",
    { class: "card max-w-lg space-y-3", "aria-labelledby": "appearance-heading" },
    h("h2", { id: "appearance-heading", text: "Appearance" }),
    h(
      "fieldset",
      { class: "space-y-2" },
      h("legend", { class: "label", text: "Theme" }),
      options,
    ),
    h("p", { class: "hint", text: "Remembered in this browser." }),
  );
}

/** Current, new and confirmed password; this tab stays signed in with the new tokens. */
function passwordForm() {
  const status = statusLine();
  const current = field({
    label: "Current password",
    name: "old_password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const next = field({
    label: "New password",
    name: "new_password",
    type: "password",
    autocomplete: "new-password",
    required: true,
    hint: "At least 8 characters; not only digits, not a common password.",
  });
  const confirm = field({
    label: "Confirm new password",
    name: "confirm_password",
    type: "password",
    autocomplete: "new-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "card max-w-lg space-y-4", novalidate: true, "aria-label": "Change password" },
    h("h2", { text: "Change password" }),
    h("p", {
      class: "text-sm text-slate-600",
      text: "Your other devices are signed out when the password changes; this one stays signed in.",
    }),
    status,
    formAlert(),
    current.wrapper,
    next.wrapper,
    confirm.wrapper,
    h("button", { type: "submit", class: "btn btn-primary", text: "Change password" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    showStatus(status, "");
    if (next.control.value !== confirm.control.value) {
      showFieldError(form, "confirm_password", "The passwords do not match.");
      confirm.control.focus();
      return;
    }
    await whileBusy(form, async () => {
      try {
        await api.changePassword(current.control.value, next.control.value);
        form.reset();
        showStatus(status, "Your password has been changed. Other devices are signed out.");
        status.focus();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

/** Revokes every session of the user, this one included, after a confirmation. */
function signOutEverywhereSection(ctx) {
  const button = h("button", { type: "button", class: "btn", text: "Sign out everywhere" });
  const section = h(
    "section",
    { class: "card max-w-lg space-y-3", "aria-labelledby": "sign-out-everywhere-heading" },
    h("h2", { id: "sign-out-everywhere-heading", text: "Sign out everywhere" }),
    h("p", {
      class: "text-sm text-slate-600",
      text: "Ends your session on every device and browser where you are signed in, this one included.",
    }),
    formAlert(),
    button,
  );
  button.addEventListener("click", async () => {
    clearErrors(section);
    const choice = await openDialog({
      title: "Sign out everywhere?",
      body: h("p", {
        class: "text-sm text-slate-600",
        text: "You will have to sign in again on every device, this one included.",
      }),
      confirmLabel: "Sign out everywhere",
    });
    if (choice !== "confirm") return;
    button.disabled = true;
    try {
      await api.signOutEverywhere();
      ctx.signedOut("You are signed out on every device.");
    } catch (error) {
      showFormError(section, error.message);
      button.disabled = false;
    }
  });
  return section;
}

/** Deletes the account: enabled once the username is typed, then asks for the password. */
function deleteAccountForm(ctx) {
  const me = ctx.me;
  const username = field({
    label: "Type your username to confirm",
    name: "username",
    autocomplete: "off",
    autocapitalize: "none",
    spellcheck: "false",
    hint: `Your username is “${me.username}”.`,
  });
  const button = h("button", {
    type: "submit",
    class: "btn btn-danger",
    text: "Delete account",
    disabled: true,
  });
  const form = h(
    "form",
    { class: "card max-w-lg space-y-4", novalidate: true, "aria-label": "Delete account" },
    h("h2", { text: "Delete account" }),
    h("p", {
      class: "text-sm text-slate-600",
      text:
        "Deletes your account with all of its data: your expenses and their receipt files, " +
        "categories, tags, budgets, rules, recurring expenses and saved import settings. " +
        "You are signed out everywhere. This cannot be undone.",
    }),
    h(
      "p",
      { class: "text-sm text-slate-600" },
      "To keep a copy, ",
      h("a", { href: "#/data", class: "link", text: "export your data" }),
      " first.",
    ),
    formAlert(),
    username.wrapper,
    button,
  );
  const matches = () => username.control.value === me.username;
  username.control.addEventListener("input", () => {
    button.disabled = !matches();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!matches()) return;
    const password = field({
      label: "Password",
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const choice = await openDialog({
      title: "Delete your account?",
      body: h(
        "div",
        { class: "space-y-3" },
        h("p", {
          class: "text-sm text-slate-600",
          text: "Your account and all of its data will be deleted for good. Enter your password to confirm.",
        }),
        password.wrapper,
      ),
      confirmLabel: "Delete my account",
      confirmClass: "btn btn-danger",
    });
    if (choice !== "confirm") return;
    await whileBusy(form, async () => {
      try {
        await api.deleteAccount(username.control.value, password.control.value);
        ctx.signedOut("Your account has been deleted.");
      } catch (error) {
        showErrors(form, error);
      }
    });
    button.disabled = !matches();
  });
  return form;
}
