// Pieces shared by the list screens: the risk badge, the waiting-time cell, the table shell (which
// becomes one card per case on a phone: each cell carries its column's name), an error line.

import { h } from "../dom.js";
import { label } from "../labels.js";
import { mmss } from "../time.js";

export function riskBadge(level) {
  const known = ["emergency", "high", "medium", "low"].includes(level) ? level : "unknown";
  return h("span", { class: `risk-badge risk-${known}` }, label("risk", level));
}

/**
 * A cell that counts up from the server's seconds, measured from when the list was fetched (the
 * browser's clock may be wrong; only its elapsed time is used). `suffix`: e.g. " / 02:00".
 */
export function waitingCell(seconds, fetchedAt, column, suffix = "") {
  const cell = h("td", { class: "waiting", "data-label": column });
  if (typeof seconds !== "number") {
    cell.textContent = "—";
    return { cell, update() {} };
  }
  const update = () => {
    cell.textContent = mmss(seconds + (performance.now() - fetchedAt) / 1000) + suffix;
  };
  update();
  return { cell, update };
}

/** A table whose cells say which column they are in (`cell(column, ...)`), for the phone layout. */
export function table(caption, headers) {
  const body = h("tbody");
  const el = h(
    "table",
    { class: "cases" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    body,
  );
  return { el, body };
}

export function cell(column, ...children) {
  return h("td", { "data-label": column }, ...children);
}

/** Rebuild rows but give focus back to the same control of the same case after a refresh. */
export function keepFocus(container, rebuild) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  rebuild();
  if (key) container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

/** An error line that stays until cleared (a list refresh must not wipe a message she needs). */
export function errorBox() {
  const el = h("p", { class: "form-status error", role: "alert" });
  return {
    el,
    show(text) {
      el.textContent = text;
    },
    clear() {
      el.textContent = "";
    },
  };
}

/** The short case reference everyone quotes (the first 8 characters of the id). */
export function caseRef(id) {
  return String(id ?? "").slice(0, 8);
}
