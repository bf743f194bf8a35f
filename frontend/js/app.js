// The shell: routes, the signed-in user, the header, and which page is shown.

import * as api from "./api.js";
import { closeDialogs, h } from "./dom.js";
import { prepareFormats } from "./format.js";
import { currentLocation, matchRoute, navigate, startRouter } from "./router.js";
import { isOffline, registerServiceWorker, watchConnection } from "./offline.js";
import "./shortcuts.js"; // n, / and ? everywhere (see the help it opens)

// Each page is its own module, imported when its route is first shown (the browser keeps it
// after that): the sign-in page does not download the importer, the dashboard not the
// expense list. `load` imports the module, `page` names its render function.
const pages = {
  login: () => import("./pages/login.js"),
  dashboard: () => import("./pages/dashboard.js"),
  expenses: () => import("./pages/expenses.js"),
  expenseForm: () => import("./pages/expense-form.js"),
  categories: () => import("./pages/categories.js"),
  budgets: () => import("./pages/budgets.js"),
  reports: () => import("./pages/reports.js"),
  rules: () => import("./pages/rules.js"),
  schedules: () => import("./pages/schedules.js"),
  data: () => import("./pages/data.js"),
  settings: () => import("./pages/settings.js"),
};

const routes = [
  { path: "/login", load: pages.login, page: "renderSignIn", title: "Sign in", public: true },
  {
    path: "/register",
    load: pages.login,
    page: "renderRegister",
    title: "Create an account",
    public: true,
  },
  {
    path: "/dashboard",
    load: pages.dashboard,
    page: "render",
    title: "Dashboard",
    nav: "Dashboard",
  },
  { path: "/expenses", load: pages.expenses, page: "render", title: "Expenses", nav: "Expenses" },
  { path: "/expenses/new", load: pages.expenseForm, page: "renderNew", title: "Add expense" },
  { path: "/expenses/:id", load: pages.expenseForm, page: "renderEdit", title: "Edit expense" },
  {
    path: "/categories",
    load: pages.categories,
    page: "render",
    title: "Categories",
    nav: "Categories",
  },
  { path: "/budgets", load: pages.budgets, page: "render", title: "Budgets", nav: "Budgets" },
  { path: "/reports", load: pages.reports, page: "render", title: "Reports", nav: "Reports" },
  { path: "/rules", load: pages.rules, page: "render", title: "Rules", nav: "Rules" },
  {
    path: "/recurring",
    load: pages.schedules,
    page: "render",
    title: "Recurring expenses",
    nav: "Recurring",
  },
  {
    path: "/data",
    load: pages.data,
    page: "render",
    title: "Import and export",
    nav: "Import & export",
  },
  { path: "/settings", load: pages.settings, page: "render", title: "Settings", nav: "Settings" },
];

// The small shared state: who is signed in, and a message (with any budget alerts) carried
// to the next page.
const state = { me: null, flash: null, alerts: [] };

const main = document.getElementById("main");
const header = document.getElementById("app-header");
const nav = document.getElementById("app-nav");
const userLabel = document.getElementById("app-user");

function renderHeader(path) {
  header.hidden = !state.me;
  if (!state.me) return;
  userLabel.textContent = `Signed in as ${state.me.username}`;
  const link = (route) =>
    h("a", {
      href: `#${route.path}`,
      class: "nav-link",
      text: route.nav,
      "aria-current": path === route.path || path.startsWith(`${route.path}/`) ? "page" : null,
      onclick: () => setMenuOpen(false),
    });
  const entries = routes.filter((route) => route.nav);
  // On a phone the two most used entries stay in sight; the rest open from "Menu". From
  // `sm` up the list is `display: contents`, so all entries share the nav's one row.
  menuList = h(
    "div",
    { id: "app-nav-menu", class: "hidden w-full flex-col gap-1 sm:contents" },
    entries.filter((route) => !PRIMARY_NAV.includes(route.path)).map(link),
  );
  menuButton = h("button", {
    type: "button",
    class: "btn btn-small ml-auto sm:hidden",
    text: "Menu",
    "aria-expanded": "false",
    "aria-controls": "app-nav-menu",
    onclick: () => setMenuOpen(menuButton.getAttribute("aria-expanded") !== "true"),
  });
  nav.replaceChildren(
    ...entries.filter((route) => PRIMARY_NAV.includes(route.path)).map(link),
    menuButton,
    menuList,
  );
}

const PRIMARY_NAV = ["/dashboard", "/expenses"];
let menuButton = null;
let menuList = null;

function setMenuOpen(open) {
  if (!menuButton) return;
  menuButton.setAttribute("aria-expanded", String(open));
  menuList.classList.toggle("hidden", !open);
  menuList.classList.toggle("flex", open);
}

nav.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || menuButton?.getAttribute("aria-expanded") !== "true") return;
  setMenuOpen(false);
  menuButton.focus();
});

/** Context handed to every page. */
function pageContext(params, query) {
  return {
    params,
    query,
    get me() {
      return state.me;
    },
    setMe(me) {
      state.me = me;
      renderHeader(currentLocation().path);
    },
    async signedIn() {
      state.me = await api.getMe();
      navigate("/dashboard");
    },
    /** After the page ended the session (its tokens are forgotten): sign-in, with `message`. */
    signedOut(message) {
      state.me = null;
      state.flash = message;
      navigate("/login");
    },
    flash(message, alerts = []) {
      state.flash = message;
      state.alerts = alerts ?? [];
    },
    takeFlash() {
      const message = state.flash;
      state.flash = null;
      return message;
    },
    /** Budget status rows (warn or exceeded) that came back with the last saved expense. */
    takeAlerts() {
      const alerts = state.alerts;
      state.alerts = [];
      return alerts;
    },
  };
}

let renderCount = 0;
let shownBefore = false;

async function show({ path, query }) {
  if (isOffline()) {
    showOffline();
    return;
  }
  const match = matchRoute(routes, path);
  if (!match) {
    navigate(state.me || api.hasSession() ? "/dashboard" : "/login");
    return;
  }
  const { route, params } = match;
  // The page's module downloads while the session is restored (a failed download is shown
  // once the page is due, as any other error).
  const pageModule = route.load();
  pageModule.catch(() => {});
  if (!state.me && api.hasSession()) {
    // A reload or a new tab: the browser's session signs this tab in (the sign-in page too,
    // so it is not shown to someone signed in). "Loading…" stays until the API answers.
    try {
      state.me = await api.getMe();
    } catch (error) {
      if (error.status !== 401) {
        showFatal(error);
        return;
      }
      // On a 401 the "signed-out" event has already sent the user to sign in.
      if (!route.public) return;
    }
  }
  if (!route.public && !state.me) {
    navigate("/login");
    return;
  }
  if (route.public && state.me) {
    navigate("/dashboard");
    return;
  }

  const thisRender = ++renderCount;
  if (state.me) prepareFormats(state.me.default_currency);
  renderHeader(path);
  document.title = `${route.title} · Smart Expense Tracker`;
  // Each page draws into its own container; a page still loading after the user moved on
  // writes into a detached node and is simply never seen.
  const module = await pageModule;
  if (thisRender !== renderCount) return;
  const container = h("div", { class: "space-y-6" });
  main.replaceChildren(container);
  await module[route.page](container, pageContext(params, query));
  if (thisRender !== renderCount) return;
  // After a navigation the new page's heading takes the focus (a screen reader reads on from
  // there). The first page of a visit leaves it where the browser put it, at the start,
  // unless the page names a control to start in.
  const firstPage = !shownBefore;
  shownBefore = true;
  const heading = firstPage ? null : container.querySelector("h1");
  const target = container.querySelector("[data-autofocus]") ?? heading;
  if (!target) return;
  if (!target.hasAttribute("tabindex") && target.tagName === "H1") target.tabIndex = -1;
  // Focus needs the page laid out: done with the next frame, which lays it out anyway, rather
  // than forcing a layout of its own at the end of this task.
  requestAnimationFrame(() => {
    if (thisRender === renderCount) target.focus({ preventScroll: true });
  });
}

/** Offline: no page and no data (which could be out of date) until the connection is back. */
function showOffline() {
  renderCount += 1; // A page still loading draws into a detached node.
  closeDialogs();
  document.title = "Offline · Smart Expense Tracker";
  main.replaceChildren();
}

function showFatal(error) {
  if (error?.status === 0 && isOffline()) {
    showOffline();
    return;
  }
  header.hidden = true;
  main.replaceChildren(
    h(
      "div",
      { class: "card mx-auto max-w-lg space-y-3" },
      h("h1", { text: "Something went wrong" }),
      h("p", { class: "alert", role: "alert", text: error.message }),
      h("button", {
        type: "button",
        class: "btn",
        text: "Try again",
        onclick: () => show(currentLocation()),
      }),
    ),
  );
}

document.getElementById("sign-out").addEventListener("click", async () => {
  await api.signOut();
  state.me = null;
  state.flash = "You are signed out.";
  navigate("/login");
});

api.authEvents.addEventListener("signed-out", (event) => {
  state.me = null;
  if (matchRoute(routes, currentLocation().path)?.route.public) return;
  state.flash = event.detail?.message ?? "Your session has ended. Please sign in again.";
  navigate("/login");
});

// Another tab signed in: this one follows, on whatever page it shows.
api.authEvents.addEventListener("signed-in", () => {
  state.me = null;
  show(currentLocation()).catch(showFatal);
});

registerServiceWorker();
watchConnection(main, {
  offline: showOffline,
  online: () => show(currentLocation()).catch(showFatal),
});

startRouter((location) => {
  // A dialog belongs to the page that opened it: Back, a link or a redirect cancels it, so
  // its action cannot run on another page.
  closeDialogs();
  show(location).catch(showFatal);
});
