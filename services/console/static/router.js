// Addresses of the screens: `#/queue`, `#/cases/<id>`, `#/history?from=2026-12-01` ... so Back,
// reload and a bookmark land on the same screen. The hash never carries message text or names.

/** `#/cases/abc?x=1` → {name: "case", id: "abc", params: {x: "1"}}; empty → the default screen. */
export function parse(hash, fallback = "queue") {
  const raw = String(hash || "").replace(/^#\/?/, "");
  const [path, search = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
  const params = Object.fromEntries(new URLSearchParams(search));
  if (!parts.length) return { name: fallback, params };
  if (parts[0] === "cases" && parts[1]) return { name: "case", id: parts[1], params };
  return { name: parts[0], params, extra: parts.slice(1) };
}

export function href(route) {
  const search = new URLSearchParams(Object.entries(route.params || {}).filter(([, v]) => v)).toString();
  const path = route.name === "case" ? `cases/${encodeURIComponent(route.id)}` : route.name;
  return `#/${path}${search ? `?${search}` : ""}`;
}

/** Go to a screen: a new history entry, so Back returns here. */
export function go(route) {
  const target = href(route);
  if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else window.location.hash = target;
}

/** Change the address without a new history entry (a search form's filters). */
export function replace(route) {
  window.history.replaceState(null, "", href(route));
}
