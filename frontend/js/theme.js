// The colour theme, applied before the first paint: a classic script in <head> (not a
// module, which would run after the page is drawn, so a dark-mode user would see a white
// flash). "system" (the default) follows the operating system's setting, live; "light" and
// "dark" are the switch in Settings, remembered in this browser (localStorage) and shared by
// its tabs. Settings calls window.appTheme.

(() => {
  const KEY = "theme";
  const CHOICES = ["system", "light", "dark"];
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  // The browser's own bars (on phones) follow the page: the header's colour in each theme.
  const themeColor = document.querySelector('meta[name="theme-color"]');
  const lightBar = themeColor?.content;
  const DARK_BAR = "#0f172a";

  function stored() {
    try {
      const value = localStorage.getItem(KEY);
      return CHOICES.includes(value) ? value : "system";
    } catch {
      return "system"; // storage blocked: follow the system
    }
  }

  function apply() {
    const choice = stored();
    const dark = choice === "dark" || (choice === "system" && query.matches);
    const root = document.documentElement;
    root.classList.toggle("dark", dark);
    root.dataset.theme = dark ? "dark" : "light";
    if (themeColor) themeColor.content = dark ? DARK_BAR : lightBar;
    // Pages that draw with colours of their own (charts) redraw them.
    window.dispatchEvent(new CustomEvent("themechange", { detail: { dark, choice } }));
  }

  window.appTheme = {
    CHOICES,
    choice: stored,
    isDark: () => document.documentElement.classList.contains("dark"),
    /** Remembers `choice` ("system", "light" or "dark") and applies it at once. */
    set(choice) {
      if (!CHOICES.includes(choice)) return;
      try {
        if (choice === "system") localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, choice);
      } catch {
        // Not remembered (storage blocked); it still applies to this page.
      }
      apply();
    },
  };

  query.addEventListener("change", apply);
  // Another tab changed the switch.
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) apply();
  });
  apply();
})();
