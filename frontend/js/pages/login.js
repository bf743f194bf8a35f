// Sign in and registration.

import * as api from "../api.js";
import { field, formAlert, h, showErrors, whileBusy } from "../dom.js";

function authCard(title, intro, form, footer) {
  return h(
    "div",
    { class: "mx-auto mt-10 max-w-sm space-y-6" },
    h(
      "div",
      { class: "space-y-1 text-center" },
      h("p", { class: "text-sm font-semibold text-indigo-700", text: "Smart Expense Tracker" }),
      h("h1", { text: title }),
      h("p", { class: "text-sm text-slate-600", text: intro }),
    ),
    h("div", { class: "card" }, form),
    footer,
  );
}

export function renderSignIn(container, ctx) {
  const flash = ctx.takeFlash();
  const username = field({
    label: "Username",
    name: "username",
    autocomplete: "username",
    required: true,
    "data-autofocus": true,
  });
  const password = field({
    label: "Password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-label": "Sign in" },
    flash ? h("p", { class: "notice", role: "status", text: flash }) : null,
    formAlert(),
    username.wrapper,
    password.wrapper,
    h("button", { type: "submit", class: "btn btn-primary w-full", text: "Sign in" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await whileBusy(form, async () => {
      try {
        await api.signIn(username.control.value.trim(), password.control.value);
        await ctx.signedIn();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  container.append(
    authCard(
      "Sign in",
      "Track where your money goes.",
      form,
      h(
        "p",
        { class: "text-center text-sm text-slate-600" },
        "New here? ",
        h("a", { href: "#/register", class: "link", text: "Create an account" }),
      ),
    ),
  );
}

export function renderRegister(container, ctx) {
  const username = field({
    label: "Username",
    name: "username",
    autocomplete: "username",
    required: true,
    "data-autofocus": true,
  });
  const email = field({
    label: "Email (optional)",
    name: "email",
    type: "email",
    autocomplete: "email",
  });
  const password = field({
    label: "Password",
    name: "password",
    type: "password",
    autocomplete: "new-password",
    required: true,
    hint: "At least 8 characters; not only digits, not a common password.",
  });
  const form = h(
    "form",
    { class: "space-y-4", novalidate: true, "aria-label": "Create an account" },
    formAlert(),
    username.wrapper,
    email.wrapper,
    password.wrapper,
    h("button", { type: "submit", class: "btn btn-primary w-full", text: "Create account" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await whileBusy(form, async () => {
      const credentials = {
        username: username.control.value.trim(),
        password: password.control.value,
        email: email.control.value.trim(),
      };
      try {
        await api.register(credentials);
        await api.signIn(credentials.username, credentials.password);
        await ctx.signedIn();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  container.append(
    authCard(
      "Create an account",
      "It takes a few seconds.",
      form,
      h(
        "p",
        { class: "text-center text-sm text-slate-600" },
        "Already have an account? ",
        h("a", { href: "#/login", class: "link", text: "Sign in" }),
      ),
    ),
  );
}
