// Chart.js (about 200 KB) is loaded by the first page that draws a chart, not with the shell:
// the sign-in page and the expense list never pay for it.

let loading = null;

const cssColor = (name) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * Chart.js draws its text and grid lines on a canvas, out of reach of the stylesheet: give it
 * the theme's colours (the slate steps turn over in dark mode, see css/tailwind.css) and
 * redraw the charts on the page when the theme changes.
 */
function applyTheme(Chart) {
  Chart.defaults.color = cssColor("--color-slate-600") || Chart.defaults.color;
  Chart.defaults.borderColor = cssColor("--color-slate-200") || Chart.defaults.borderColor;
  // The gaps between a doughnut's slices: the card's own colour, not a white line in the dark.
  const card = cssColor("--color-white");
  if (card) Chart.defaults.elements.arc.borderColor = card;
  for (const chart of Object.values(Chart.instances ?? {})) chart.update("none");
}

window.addEventListener("themechange", () => {
  if (window.Chart) applyTheme(window.Chart);
});

/**
 * Resolves once `element` is on screen or close to it (Chart.js is only loaded, and a chart
 * only drawn, for a chart the reader can see: on a phone they are below the fold).
 */
export function whenVisible(element) {
  if (!("IntersectionObserver" in window)) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: "200px 0px" },
    );
    observer.observe(element);
  });
}

/** Resolves to `window.Chart`, adding its script once; rejects when it cannot be loaded. */
export function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("../vendor/chart.umd.min.js", import.meta.url).href;
      // Drawing starts in a task after the one that ran the script, not in the same long one.
      script.addEventListener("load", () =>
        setTimeout(() => {
          applyTheme(window.Chart);
          resolve(window.Chart);
        }),
      );
      script.addEventListener("error", () => {
        loading = null;
        script.remove();
        reject(new Error("The charts could not be loaded."));
      });
      document.head.append(script);
    });
  }
  return loading;
}
