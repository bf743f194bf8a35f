// A tiny router on location.hash: "#/expenses/12?page=2" → path "/expenses/12", params, query.

/** The current location: `{ path, query }`, query being a URLSearchParams. */
export function currentLocation() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, search = ""] = raw.split("?", 2);
  return { path: path.startsWith("/") ? path : `/${path}`, query: new URLSearchParams(search) };
}

/** A hash URL for a path and a query object; empty values are left out. */
export function hrefFor(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ""}`;
}

export function navigate(path, query = {}) {
  const target = hrefFor(path, query);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

/** Finds the route whose pattern ("/expenses/:id") matches the path, with its params. */
export function matchRoute(routes, path) {
  const parts = path.split("/").filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params = {};
    const matches = pattern.every((segment, index) => {
      if (segment.startsWith(":")) {
        params[segment.slice(1)] = decodeURIComponent(parts[index]);
        return true;
      }
      return segment === parts[index];
    });
    if (matches) return { route, params };
  }
  return null;
}

/** Calls `onChange(location)` now and on every hash change. */
export function startRouter(onChange) {
  window.addEventListener("hashchange", () => onChange(currentLocation()));
  onChange(currentLocation());
}
