// Installable and offline (issue 14): `sw.js` keeps the app's shell so it opens without a
// connection, never API data. Offline, the page says so and shows nothing rather than data
// that may be out of date; back online, the shell loads the page again.

import { h } from "./dom.js";

export const OFFLINE_MESSAGE = "You are offline: showing nothing until the connection is back";

/**
 * Registers the service worker once the page has loaded and the browser is idle (it has
 * nothing to do for the first screen); without one the app works online.
 */
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const now = () => navigator.serviceWorker.register("sw.js").catch(() => {});
  const register = () =>
    "requestIdleCallback" in window ? requestIdleCallback(now, { timeout: 3000 }) : now();
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

/** True when the browser has no connection. */
export function isOffline() {
  return navigator.onLine === false;
}

/**
 * Shows the offline banner (an alert placed before `main`, there only while offline) while
 * the browser has no connection, and calls `offline` and `online` as the connection goes and
 * comes back.
 */
export function watchConnection(main, { offline, online }) {
  const banner = h(
    "div",
    { id: "offline-banner", role: "alert", class: "mx-auto max-w-6xl px-4 pt-4" },
    h("p", { class: "notice", text: OFFLINE_MESSAGE }),
  );
  const update = () => {
    if (isOffline()) main.before(banner);
    else banner.remove();
  };
  window.addEventListener("offline", () => {
    update();
    offline();
  });
  window.addEventListener("online", () => {
    update();
    online();
  });
  update();
}
