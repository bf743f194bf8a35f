// The API client: the only module that calls fetch.
// The access token lives in memory only. The refresh token is an HttpOnly cookie that the
// API sets for its auth/session/ endpoints (no script can read it), so every tab of the
// browser shares one session and a reload keeps it. A tab without an access token (a reload,
// a new tab) or with an expired one asks auth/session/refresh/ for one; the browser's tabs
// take turns (the cookie rotates on each refresh), and a 401 is retried once after it.

// "This browser may have a session": lets a signed-out page load ask the API nothing. It is
// no credential (the cookie is); a stale flag costs one refused refresh.
const SESSION_FLAG = "set.session";
// Where earlier versions kept the refresh token; removed on load.
const LEGACY_REFRESH_KEY = "set.refreshToken";
const CSRF_COOKIE = "csrftoken";
const REFRESH_LOCK = "set.session-refresh";

function storageGet(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function storageSet(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // Storage can be unavailable (privacy modes); the app still works for this page load.
  }
}

/**
 * The API's address comes from the page itself (`<meta name="api-base">`, written by whoever
 * serves the app), never from the URL or storage: a link must not be able to send the user's
 * password elsewhere. The Content-Security-Policy beside it blocks every other origin anyway.
 */
function resolveApiBase() {
  // Earlier versions remembered a `?api=` address here; forget any that a link planted.
  storageSet(localStorage, "apiBase", null);
  const declared = document.querySelector('meta[name="api-base"]')?.content || "/api/v1";
  return new URL(declared, location.href).href.replace(/\/+$/, "");
}

export const API_BASE = resolveApiBase();

let accessToken = null;
let refreshInFlight = null;
// The token auth/session/csrf/ answered: an API on another host sets its csrftoken cookie
// where this page cannot read it.
let csrfToken = null;

storageSet(sessionStorage, LEGACY_REFRESH_KEY, null);

/**
 * "signed-out" (a CustomEvent; `detail.message` says why) when the session ends without
 * this tab asking: a refused refresh, or a sign-out in another tab. "signed-in" when
 * another tab of the browser signed in.
 */
export const authEvents = new EventTarget();

// The other tabs of the browser hear of a sign-in or sign-out at once; without
// BroadcastChannel, the session flag's change in localStorage tells them.
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("set.session") : null;

function announce(type, message = null) {
  channel?.postMessage({ type, message });
}

// A sign-in heard from another tab: the session flag it wrote may reach this tab's
// localStorage after the message does, so the message alone says there is a session to
// restore (until a refresh tells).
let announcedSession = false;

function heard(type, message) {
  if (type === "signed-in") {
    // The cookie is the new session's now (perhaps another user's): use it from here on.
    accessToken = null;
    announcedSession = true;
    authEvents.dispatchEvent(new Event("signed-in"));
  } else if (type === "signed-out") {
    accessToken = null;
    announcedSession = false;
    sessionEnded(message || "You signed out in another tab.");
  }
}

if (channel) {
  channel.addEventListener("message", (event) => heard(event.data?.type, event.data?.message));
} else {
  window.addEventListener("storage", (event) => {
    if (event.key === SESSION_FLAG) heard(event.newValue ? "signed-in" : "signed-out");
  });
}

function sessionEnded(message = "Your session has ended. Please sign in again.") {
  authEvents.dispatchEvent(new CustomEvent("signed-out", { detail: { message } }));
}

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message || messageFor(status, body));
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.code = body && typeof body === "object" ? (body.code ?? null) : null;
  }

  /** DRF's `{field: [messages]}` for a 400, else null. */
  get fieldErrors() {
    const body = this.body;
    if (this.status !== 400 || !body || typeof body !== "object" || Array.isArray(body)) {
      return null;
    }
    return body;
  }
}

/** Flattens DRF's nested error values (lists, dicts of lists) into plain strings. */
export function flattenMessages(value) {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(flattenMessages);
  if (typeof value === "object") return Object.values(value).flatMap(flattenMessages);
  return [String(value)];
}

function messageFor(status, body) {
  if (body && typeof body === "object" && typeof body.detail === "string") return body.detail;
  if (status === 400 && body && typeof body === "object") {
    return flattenMessages(body).join(" ") || "The request was not valid.";
  }
  if (status === 413) return "The file is too large.";
  if (status >= 500) return "The server had a problem. Please try again.";
  return `The request failed (HTTP ${status}).`;
}

function signedIn(access) {
  accessToken = access;
  storageSet(localStorage, SESSION_FLAG, "1");
}

function forgetSession() {
  accessToken = null;
  announcedSession = false;
  storageSet(localStorage, SESSION_FLAG, null);
}

/** True when this tab is signed in or the browser's session may be restored. */
export function hasSession() {
  return (
    accessToken !== null || announcedSession || storageGet(localStorage, SESSION_FLAG) !== null
  );
}

function buildUrl(path, query) {
  const url = new URL(`${API_BASE}/${path.replace(/^\/+/, "")}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  return url;
}

/**
 * `session`: a call to auth/session/, which sends the cookies (also to an API on another
 * origin of the same site) and the CSRF token `csrf`.
 */
async function send(method, path, { query, json, form, auth = true, session = false, csrf } = {}) {
  const headers = { Accept: "application/json" };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form; // The browser sets the multipart boundary.
  }
  if (auth && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (csrf) headers["X-CSRFToken"] = csrf;
  const credentials = session ? "include" : "same-origin";
  try {
    return await fetch(buildUrl(path, query), { method, headers, body, credentials });
  } catch {
    throw new ApiError(0, null, `Cannot reach the server at ${API_BASE}. Is it running?`);
  }
}

/** The csrftoken cookie, when the API shares this page's host; else null. */
function csrfCookie() {
  const entry = document.cookie.split("; ").find((item) => item.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : null;
}

async function fetchCsrfToken() {
  const data = await parse(await send("GET", "auth/session/csrf/", { auth: false, session: true }));
  csrfToken = data.csrf_token;
  return csrfToken;
}

/**
 * POSTs to a session endpoint with the CSRF token: the one fetched before, else the cookie's
 * (no round trip), else a fetched one. A refusal (403: the cookie was cleared, or the page's
 * host has a csrftoken cookie of its own) is retried once with a freshly fetched token.
 */
async function sessionPost(path, json) {
  const token = csrfToken ?? csrfCookie() ?? (await fetchCsrfToken());
  const response = await send("POST", path, { json, auth: false, session: true, csrf: token });
  if (response.status !== 403) return response;
  await response.arrayBuffer().catch(() => null);
  const fresh = await fetchCsrfToken();
  return send("POST", path, { json, auth: false, session: true, csrf: fresh });
}

/**
 * Runs `task` while no other tab of the browser refreshes: each refresh rotates the cookie,
 * and a tab sending the cookie another just rotated out would be refused. Waiting its turn,
 * a tab then sends the cookie as it is by then, the other's successor. Without Web Locks
 * (an insecure origin, an old browser) the task runs at once; `refreshOnce` retries instead.
 */
function inTurn(task) {
  if (navigator.locks?.request) return navigator.locks.request(REFRESH_LOCK, () => task());
  return task();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One refresh: true with a new access token, false when the session is over. */
async function refreshOnce() {
  // While this tab waited its turn, another may have signed out.
  if (!hasSession()) return false;
  let response = await sessionPost("auth/session/refresh/");
  for (let retry = 0; retry < 2 && response.status === 401 && !navigator.locks?.request; retry++) {
    // No locks: a tab that refreshed at the same moment may have won; its successor cookie
    // reaches the browser with its answer. Random waits keep the losers from colliding again.
    await response.arrayBuffer().catch(() => null);
    await sleep(200 + Math.random() * 400);
    response = await sessionPost("auth/session/refresh/");
  }
  if (response.ok) {
    signedIn((await response.json()).access);
    return true;
  }
  if (response.status === 401) {
    await response.arrayBuffer().catch(() => null);
    forgetSession();
    return false;
  }
  return parse(response); // Throws: the server failed, or refused the page (CSRF, origin).
}

/**
 * A new access token from the session cookie; concurrent callers in this tab share one
 * attempt, and the browser's tabs take turns. True on success, false when the session is
 * over; an unreachable server throws (that is no reason to forget the session).
 */
function refreshAccessToken() {
  if (!refreshInFlight) {
    refreshInFlight = inTurn(refreshOnce).finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

/** The access token's expiry (seconds since the epoch), or 0 if it cannot be read. */
function accessExpiry() {
  try {
    const payload = accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp || 0;
  } catch {
    return 0;
  }
}

/** The file name a download's Content-Disposition header suggests (RFC 6266), if any. */
function filenameFrom(disposition) {
  if (!disposition) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // Fall through to the plain form.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = plain ? (plain[1] ?? plain[2]).trim() : "";
  // Only a base name: the browser would strip a path anyway.
  return name.split(/[\\/]/).pop() || null;
}

/**
 * The answer's body. `expect`: "blob" (the body as a Blob), "download" (`{blob, filename}`),
 * "status" (`{status, data}`, for answers whose status carries meaning such as an upsert's
 * 201 or 200); anything else is JSON (or null).
 */
async function parse(response, expect) {
  if (response.ok && expect === "blob") return response.blob();
  if (response.ok && expect === "download") {
    const filename = filenameFrom(response.headers.get("Content-Disposition"));
    return { blob: await response.blob(), filename };
  }
  if (response.status === 204 || response.status === 205) {
    // Read the (empty) body all the same: Chromium cancels a body left unread and reports
    // the request as failed (net::ERR_ABORTED), as it did for every sign-out's 205.
    await response.arrayBuffer().catch(() => null);
    return null;
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return expect === "status" ? { status: response.status, data } : data;
}

/** The session is over: forget it, tell the app, and fail the call as the API would. */
function signedOutError() {
  forgetSession();
  sessionEnded();
  return new ApiError(401, {
    detail: "Your session has ended. Please sign in again.",
    code: "not_authenticated",
  });
}

async function request(method, path, options = {}) {
  const auth = options.auth ?? true;
  if (auth && !accessToken) {
    // A reload or a new tab: the session cookie gives this tab its access token. Without
    // one the answer would be a 401 anyway, so none is asked for.
    if (!hasSession() || !(await refreshAccessToken())) throw signedOutError();
  }
  let response = await send(method, path, { ...options, auth });
  if (auth && response.status === 401 && options.refresh !== false) {
    await response.arrayBuffer().catch(() => null);
    if (!(await refreshAccessToken())) throw signedOutError();
    response = await send(method, path, { ...options, auth });
  }
  if (auth && response.status === 401) {
    forgetSession();
    sessionEnded();
  }
  return parse(response, options.expect);
}

/**
 * The pages of a list, for the small lists the app shows whole (categories, a month):
 * `{ count, results }`; `results` stops after `maxPages` pages of 500, so compare with `count`.
 */
async function listAll(path, query = {}, maxPages = 20) {
  const results = [];
  let count = 0;
  for (let page = 1; page <= maxPages; page += 1) {
    const data = await request("GET", path, { query: { ...query, page, page_size: 500 } });
    count = data.count;
    results.push(...data.results);
    if (!data.next) break;
  }
  return { count, results };
}

// --- Auth and account -------------------------------------------------------------------

/** Signs in for this browser: every tab shares the session, and a reload keeps it. */
export async function signIn(username, password) {
  const data = await parse(await sessionPost("auth/session/", { username, password }));
  signedIn(data.access);
  announce("signed-in");
}

export function register({ username, password, email, default_currency }) {
  const json = { username, password, email, default_currency };
  return request("POST", "auth/register/", { json, auth: false });
}

/** What sign-up offers: `{default_currency, currencies: [{code, name}]}`. */
export const registrationOptions = () => request("GET", "auth/register/", { auth: false });

/** Ends the browser's session cookie (best effort) and forgets the session in every tab. */
async function endBrowserSession(message) {
  try {
    await parse(await sessionPost("auth/session/logout/"));
  } catch {
    // The local session ends whatever the server says.
  } finally {
    forgetSession();
    announce("signed-out", message);
  }
}

/** Revokes the session on the server (best effort) and signs out every tab. */
export function signOut() {
  return endBrowserSession("You signed out in another tab.");
}

export const getMe = () => request("GET", "auth/me/");
export const updateMe = (changes) => request("PATCH", "auth/me/", { json: changes });

/**
 * Changes the password. Every earlier token stops working, the session cookie's included,
 * so the new pair's refresh token goes into the cookie: this browser stays signed in. The
 * other tabs wait (their refreshes would be refused in between), then use the new cookie.
 */
export async function changePassword(oldPassword, newPassword) {
  // The tab holds the refresh turn below and cannot refresh while it does: a token about to
  // expire is replaced first.
  if (!accessToken || accessExpiry() - Date.now() / 1000 < 60) {
    if (!(await refreshAccessToken())) throw signedOutError();
  }
  await inTurn(async () => {
    const pair = await request("POST", "auth/password/", {
      json: { old_password: oldPassword, new_password: newPassword },
      refresh: false,
    });
    signedIn(pair.access);
    const data = await parse(await sessionPost("auth/session/refresh/", { refresh: pair.refresh }));
    signedIn(data.access);
  });
}

/** Revokes every refresh token of the user ("sign out everywhere"), then this browser's. */
export async function signOutEverywhere() {
  await request("POST", "auth/logout-all/");
  await endBrowserSession("You signed out everywhere in another tab.");
}

/** Deletes the account with all its data; `username` and `password` confirm it. */
export async function deleteAccount(username, password) {
  await request("POST", "auth/delete-account/", { json: { username, password } });
  await endBrowserSession("The account was deleted in another tab.");
}

// --- Expenses -----------------------------------------------------------------------------

export const listExpenses = (query) => request("GET", "expenses/", { query });
export const listAllExpenses = (query) => listAll("expenses/", query);
/** What the list's filters match on every page: `{count, totals: [{currency, total, count}]}`. */
export const expenseTotals = (query) => request("GET", "expenses/totals/", { query });
export const getExpense = (id) => request("GET", `expenses/${encodeURIComponent(id)}/`);
export const createExpense = (data) => request("POST", "expenses/", { json: data });
export const updateExpense = (id, data) =>
  request("PATCH", `expenses/${encodeURIComponent(id)}/`, { json: data });
export const deleteExpense = (id) => request("DELETE", `expenses/${encodeURIComponent(id)}/`);
/** Bulk classification: `{ids}` or `{filter}` plus set_category/add_tags/remove_tags. */
export const bulkUpdateExpenses = (body) => request("POST", "expenses/bulk/", { json: body });
/** Bulk delete: `{ids}` or `{filter}` → `{matched, deleted, refused: [{id, editable_until}]}`. */
export const bulkDeleteExpenses = (body) =>
  request("POST", "expenses/bulk-delete/", { json: body });

/** The API's receipt size cap in bytes, from `<meta name="receipt-max-bytes">`; null if unknown. */
export const RECEIPT_MAX_BYTES = (() => {
  const bytes = Number(document.querySelector('meta[name="receipt-max-bytes"]')?.content);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
})();

const MB = 1024 * 1024;

/** A size in megabytes as people read it: "5", "7.2" (more digits only where needed). */
function megabytes(bytes, decimals = 1) {
  const mb = bytes / MB;
  return String(mb >= 0.1 ? Number(mb.toFixed(decimals)) : Number(mb.toPrecision(2)));
}

/** Why `file` is too large to be a receipt, or null: the check made before uploading it. */
export function receiptSizeProblem(file) {
  if (RECEIPT_MAX_BYTES === null || file.size <= RECEIPT_MAX_BYTES) return null;
  const limit = megabytes(RECEIPT_MAX_BYTES);
  let size = megabytes(file.size);
  // Just over the cap: never say "5 MB" of a file that is too big for 5 MB.
  if (Number(size) <= Number(limit)) size = String(Math.ceil((file.size / MB) * 100) / 100);
  return `This file is ${size} MB; receipts can be at most ${limit} MB.`;
}

/** The cap for hints ("up to 5 MB"), or null if unknown. */
export const receiptLimitText = () =>
  RECEIPT_MAX_BYTES === null ? null : `${megabytes(RECEIPT_MAX_BYTES)} MB`;

/** Uploads a receipt; one over the size cap is refused here, without sending it (a 413). */
export async function uploadReceipt(id, file) {
  const problem = receiptSizeProblem(file);
  if (problem) throw new ApiError(413, null, problem);
  const form = new FormData();
  form.append("file", file);
  return request("PUT", `expenses/${encodeURIComponent(id)}/receipt/`, { form });
}

export const deleteReceipt = (id) =>
  request("DELETE", `expenses/${encodeURIComponent(id)}/receipt/`);
export const fetchReceipt = (id) =>
  request("GET", `expenses/${encodeURIComponent(id)}/receipt/`, { expect: "blob" });

// --- Categories ------------------------------------------------------------------------

export const listCategories = async () => (await listAll("categories/")).results;
/** The user's tags (`{name, expense_count}`), first 500 by name: enough to suggest. */
export const listTags = async () =>
  (await request("GET", "tags/", { query: { page_size: 500 } })).results;
export const createCategory = (data) => request("POST", "categories/", { json: data });
export const updateCategory = (id, data) =>
  request("PATCH", `categories/${encodeURIComponent(id)}/`, { json: data });

/** `reassignTo`: undefined (refuse if in use), a category id, or "none" to clear them. */
export const deleteCategory = (id, reassignTo) =>
  request("DELETE", `categories/${encodeURIComponent(id)}/`, {
    query: { reassign_to: reassignTo },
  });

// --- Rules -------------------------------------------------------------------------------

/** The user's rules, in the order they run. */
export const listRules = async () => (await listAll("rules/")).results;
export const createRule = (data) => request("POST", "rules/", { json: data });
export const updateRule = (id, data) =>
  request("PATCH", `rules/${encodeURIComponent(id)}/`, { json: data });
export const deleteRule = (id) => request("DELETE", `rules/${encodeURIComponent(id)}/`);
/** Puts the rules in this order (every rule's id once) → the rules in order. */
export const reorderRules = (ids) => request("POST", "rules/reorder/", { json: { ids } });
/**
 * Applies one rule (`id`) or every enabled rule (no id) to the expenses already recorded.
 * With `dryRun`: `{dry_run, matched}` and nothing changes; else also `changed` and
 * `merchant_skipped` (old expenses keep their merchant).
 */
export const applyRules = (id, { dryRun = false } = {}) =>
  request("POST", id ? `rules/${encodeURIComponent(id)}/apply/` : "rules/apply/", {
    query: { dry_run: dryRun ? "true" : undefined },
  });

// --- Budgets ---------------------------------------------------------------------------

/** A month's budgets (`month`: "YYYY-MM"). */
export const listBudgets = async (month) => (await listAll("budgets/", { month })).results;

/** One row per budget of the month: spent, available, percent_used, status (ok|warn|exceeded). */
export const budgetStatus = (month) => request("GET", "budgets/status/", { query: { month } });

/** Creates or updates the budget for (month, scope, category): `{status: 201|200, data}`. */
export const saveBudget = (data) =>
  request("POST", "budgets/", { json: data, expect: "status" });
export const updateBudget = (id, data) =>
  request("PATCH", `budgets/${encodeURIComponent(id)}/`, { json: data });
export const deleteBudget = (id) => request("DELETE", `budgets/${encodeURIComponent(id)}/`);

/** Copies one month's budgets into another: `{created: [...], skipped: N}`. */
export const copyBudgets = (from, to) =>
  request("POST", "budgets/copy/", { json: { from, to } });

// --- Recurring expenses (schedules) -------------------------------------------------------

export const listSchedules = async () => (await listAll("schedules/")).results;
export const createSchedule = (data) => request("POST", "schedules/", { json: data });
export const updateSchedule = (id, data) =>
  request("PATCH", `schedules/${encodeURIComponent(id)}/`, { json: data });
export const deleteSchedule = (id) => request("DELETE", `schedules/${encodeURIComponent(id)}/`);
/** Skips the next occurrence (or the one on `date`, "YYYY-MM-DD"). */
export const skipSchedule = (id, date) =>
  request("POST", `schedules/${encodeURIComponent(id)}/skip/`, { json: date ? { date } : {} });
/** Occurrences still to come: `{start, end, results: [...], totals: [{currency, total, count}]}`. */
export const upcomingBills = (query = {}) => request("GET", "schedules/upcoming/", { query });

// --- Reports ---------------------------------------------------------------------------

export const reportSummary = (query) => request("GET", "reports/summary/", { query });
export const reportTrends = (query) => request("GET", "reports/trends/", { query });
export const reportTimeseries = (query) => request("GET", "reports/timeseries/", { query });

// --- Smart features ------------------------------------------------------------------------

/**
 * A category suggestion for an expense being typed: `{category, category_name, confidence,
 * rationale, provider}` (`category` null when there is none). `merchant` and `amount` are sent
 * only when given; 503 `ai_disabled` when the server has the smart features off.
 */
export function categorize({ description, merchant, amount }) {
  const json = { description };
  if (merchant) json.merchant = merchant;
  if (amount !== undefined && amount !== null && amount !== "") json.amount = amount;
  return request("POST", "ai/categorize/", { json });
}

/**
 * A month's insights (`month`: "YYYY-MM"; amounts in `currency`, default the user's):
 * anomalies, forecast, subscriptions and tips.
 */
export const insights = (month, currency) =>
  request("GET", "ai/insights/", { query: { month, currency } });

// --- Export and import -------------------------------------------------------------------

/** `{blob, filename}` of an export (they need the token, so no plain link can fetch them). */
export const exportExpensesCsv = (query) =>
  request("GET", "export/expenses.csv", { query, expect: "download" });
export const exportBackup = (kind) =>
  request("GET", kind === "zip" ? "export/backup.zip" : "export/backup.json", {
    expect: "download",
  });

/** A multipart form from a file and plain fields; empty fields are left out (server defaults). */
function uploadForm(file, fields = {}) {
  const form = new FormData();
  form.append("file", file);
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== "") form.append(name, String(value));
  }
  return form;
}

/**
 * Imports a CSV of expenses. `fields`: mapping (JSON text), date_format, decimal, delimiter,
 * skip_rows, encoding, amount_sign, skip_values (JSON text), currency, skip_duplicates, profile,
 * save_profile; any left out is detected from the file. With `dryRun` nothing is written and
 * the answer lists the rows and says how the file was read (`detection`).
 */
export const importCsv = (file, fields, { dryRun = false } = {}) =>
  request("POST", "import/expenses.csv", {
    query: { dry_run: dryRun ? "true" : undefined },
    form: uploadForm(file, fields),
  });

/** The saved bank profiles (how a bank's CSV files are read), every one of them. */
export const importProfiles = () =>
  request("GET", "import/profiles/", { query: { page_size: 500 } });
export const deleteImportProfile = (id) =>
  request("DELETE", `import/profiles/${encodeURIComponent(id)}/`);

export const importOfx = (file, fields, { dryRun = false } = {}) =>
  request("POST", "import/expenses.ofx", {
    query: { dry_run: dryRun ? "true" : undefined },
    form: uploadForm(file, fields),
  });

/** Restores a backup, a .zip (with receipts) or the .json document, into this account. */
export const restoreBackup = (file) =>
  request("POST", isZip(file) ? "import/backup.zip" : "import/backup.json", {
    form: uploadForm(file),
  });

const isZip = (file) => /zip/i.test(file.type) || /\.zip$/i.test(file.name);
