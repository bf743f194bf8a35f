// The service worker (issue 14 "Installable"): keeps the app's shell (this page, its CSS,
// modules, Chart.js and icons) so the app opens without a connection. It answers only for
// those files, network first with the cached copy when offline, and never for anything
// else: API data (under /api/ here, or on the API's own origin) always goes to the network
// and is never stored. CACHE_VERSION renames the cache (old ones are dropped); add any new
// module to SHELL (tests/browser/test_installable.py checks every module is). Chart.js is
// not kept: offline the app shows no data, so it draws no chart.
// The page names its stylesheet and touch icon with a content hash (`css/app.css?v=<hash>`, see
// config/appserver.py); the copy is kept under the plain URL, so it is found whatever the
// hash, and replaced by the current file each time one is fetched online.

const CACHE_VERSION = "2";
const CACHE = `set-shell-v${CACHE_VERSION}`;

const SHELL = [
  "./",
  "./index.html",
  "./manifest.webmanifest",
  "./css/app.css",
  "./icons/icon-192.png",
  "./icons/icon-512.png",
  "./icons/icon-maskable-512.png",
  "./icons/apple-touch-icon.png",
  "./js/api.js",
  "./js/app.js",
  "./js/budget-status.js",
  "./js/chart-loader.js",
  "./js/dom.js",
  "./js/errors.js",
  "./js/format.js",
  "./js/offline.js",
  "./js/pages/budget-forms.js",
  "./js/pages/budgets.js",
  "./js/pages/categories.js",
  "./js/pages/category-suggestion.js",
  "./js/pages/csv-import.js",
  "./js/pages/dashboard-first-run.js",
  "./js/pages/dashboard-insights.js",
  "./js/pages/dashboard.js",
  "./js/pages/data.js",
  "./js/pages/expense-form.js",
  "./js/pages/expenses.js",
  "./js/pages/import-flow.js",
  "./js/pages/login.js",
  "./js/pages/report-charts.js",
  "./js/pages/reports.js",
  "./js/pages/rule-from-expense.js",
  "./js/pages/rules.js",
  "./js/pages/schedule-from-expense.js",
  "./js/pages/schedules.js",
  "./js/pages/settings.js",
  "./js/router.js",
  "./js/shortcuts.js",
  "./js/theme.js",
];

const SHELL_URLS = new Set(SHELL.map((path) => new URL(path, self.registration.scope).href));
const INDEX = new URL("./", self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: the server's current files, not whatever the HTTP cache holds.
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("set-shell-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});

/** The cached copy's key for a request of the shell, or null: anything else is not ours. */
function shellKey(request) {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.includes("/api/")) return null;
  if (request.mode === "navigate") {
    url.search = "";
    url.hash = "";
    return url.href === INDEX || url.href === `${INDEX}index.html` ? INDEX : null;
  }
  url.hash = "";
  // Only the content hash may be in the query: it names a version, not another file.
  if ([...url.searchParams.keys()].every((name) => name === "v")) url.search = "";
  return url.search === "" && SHELL_URLS.has(url.href) ? url.href : null;
}

self.addEventListener("fetch", (event) => {
  const key = shellKey(event.request);
  if (key === null) return; // The browser fetches it as if there were no service worker.
  // Network first: online, the server's current file (kept as the offline copy), so an
  // upgrade is never hidden behind an old cache; offline, the copy.
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      try {
        const response = await fetch(event.request);
        if (response.ok) await cache.put(key, response.clone());
        return response;
      } catch (error) {
        const copy = await cache.match(key);
        if (copy) return copy;
        throw error;
      }
    }),
  );
});
