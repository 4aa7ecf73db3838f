// Pieces shared by the list screens: the risk badge, the waiting-time cell, the table shell.

import { h } from "../dom.js";
import { mmss, riskLabel } from "../labels.js";

export function riskBadge(level) {
  const known = ["emergency", "high", "medium", "low"].includes(level) ? level : "unknown";
  return h("span", { class: `risk-badge risk-${known}` }, riskLabel(level), h("span", { class: "hint", lang: "en" }, ` ${level ?? "?"}`));
}

/**
 * A cell that counts up from the server's `waiting_seconds`, measured from when the list was fetched
 * (the browser's clock may be wrong; only its elapsed time is used).
 */
export function waitingCell(seconds, fetchedAt, suffix = "") {
  const cell = h("td", { class: "waiting" });
  if (typeof seconds !== "number") {
    cell.textContent = `—${suffix}`;
    return { cell, update() {} };
  }
  const update = () => {
    cell.textContent = mmss(seconds + (performance.now() - fetchedAt) / 1000) + suffix;
  };
  update();
  return { cell, update };
}

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

/**
 * Rebuild rows but give focus (and what was being typed) back to the same control of the same case
 * after a refresh, so polling never steals the keyboard.
 */
export function keepFocus(container, rebuild) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  const typed = key && "value" in active ? active.value : undefined;
  rebuild();
  if (key) {
    const again = container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (again) {
      if (typed !== undefined) again.value = typed;
      again.focus();
    }
  }
}

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

/** A list of cases from `fetch`, or null when it failed (shown in `errors`; a 401 brings back the
 *  login on its own, so it is not shown twice). */
export async function fetchCases(fetch, errors, describeError) {
  let data;
  try {
    data = await fetch();
  } catch (err) {
    if (err.status !== 401) errors.show(describeError(err));
    return null;
  }
  errors.clear();
  return Array.isArray(data.cases) ? data.cases : [];
}
