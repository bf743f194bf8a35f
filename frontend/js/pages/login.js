// Sign in and registration. Sign-up asks for the default currency, preselected from the
// browser's region, so a new account's amounts are in the user's money from the start.

import * as api from "../api.js";
import { field, formAlert, h, showErrors, showFormError, whileBusy } from "../dom.js";
import { ErrorCode } from "../errors.js";

// The currency of common regions (ISO 3166 → ISO 4217), for the sign-up form's first guess.
// A region not listed, or a code the server does not offer, falls back to the server's default.
// prettier-ignore
const EURO_REGIONS = [
  "AT", "BE", "BG", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU",
  "LV", "MT", "NL", "PT", "SI", "SK",
];
// prettier-ignore
const REGION_CURRENCY = {
  ...Object.fromEntries(EURO_REGIONS.map((region) => [region, "EUR"])),
  AE: "AED", AR: "ARS", AU: "AUD", BD: "BDT", BR: "BRL", CA: "CAD", CH: "CHF", CL: "CLP",
  CN: "CNY", CO: "COP", CZ: "CZK", DK: "DKK", EG: "EGP", GB: "GBP", GH: "GHS", HK: "HKD",
  HU: "HUF", ID: "IDR", IL: "ILS", IN: "INR", IS: "ISK", JP: "JPY", KE: "KES", KR: "KRW",
  LI: "CHF", LK: "LKR", MA: "MAD", MX: "MXN", MY: "MYR", NG: "NGN", NO: "NOK", NP: "NPR",
  NZ: "NZD", PE: "PEN", PH: "PHP", PK: "PKR", PL: "PLN", QA: "QAR", RO: "RON", RU: "RUB",
  SA: "SAR", SE: "SEK", SG: "SGD", TH: "THB", TR: "TRY", TW: "TWD", UA: "UAH", US: "USD",
  VN: "VND", ZA: "ZAR",
};

/** The currency of the browser's region ("en-IN" → "INR"), or null when it is not known. */
function localeCurrency(language = navigator.language) {
  try {
    const region = new Intl.Locale(language).maximize().region;
    return REGION_CURRENCY[region] ?? null;
  } catch {
    return null; // A malformed language tag.
  }
}

/** "EUR — Euro", the name in the reader's language when the browser knows it. */
function currencyLabel({ code, name }) {
  let local = null;
  try {
    local = new Intl.DisplayNames([navigator.language], { type: "currency" }).of(code);
  } catch {
    // An old browser: the server's English name will do.
  }
  return `${code} — ${local && local !== code ? local : name}`;
}

/**
 * The currency select, filled when the server says which codes it takes. Until then (or if
 * it cannot say) it is disabled and nothing is sent: the account gets the server's default.
 */
function currencyField(form) {
  const guess = localeCurrency();
  const currency = field({
    label: "Currency",
    name: "default_currency",
    element: "select",
    options: [{ value: "", label: guess ?? "Loading…" }],
    disabled: true,
    hint: "Amounts are shown in it. You can change it later in Settings.",
  });
  api
    .registrationOptions()
    .then(({ default_currency: fallback, currencies }) => {
      const codes = new Set(currencies.map((option) => option.code));
      const chosen = guess && codes.has(guess) ? guess : fallback;
      currency.control.replaceChildren(
        ...currencies.map((option) =>
          h("option", { value: option.code, text: currencyLabel(option) }),
        ),
      );
      currency.control.value = chosen;
      currency.control.disabled = false;
    })
    .catch((error) => {
      // Without the list the server's default applies; Settings can change it later.
      currency.wrapper.hidden = true;
      if (error.code === ErrorCode.REGISTRATION_CLOSED) showFormError(form, error.message);
    });
  return currency;
}

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
  );
  const currency = currencyField(form);
  form.append(
    currency.wrapper,
    h("button", { type: "submit", class: "btn btn-primary w-full", text: "Create account" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await whileBusy(form, async () => {
      const credentials = {
        username: username.control.value.trim(),
        password: password.control.value,
        email: email.control.value.trim(),
        default_currency: currency.control.disabled ? undefined : currency.control.value,
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
