// How every form of the case screen behaves: one request at a time (the button is disabled while
// it runs: a double click would be two replies), the outcome said beside it (role=status or
// role=alert, never alert()), a confirmation asked in the page itself, Ctrl+Enter in a textarea.

import { describeError } from "../api.js";
import { h, statusLine, uid } from "../dom.js";
import { t } from "../i18n.js";

export class Invalid extends Error {}

/** A refusal of what she entered, with the focus put where the fix is. */
export function invalid(message, control) {
  control?.focus();
  return new Invalid(message);
}

/** `onSubmit(status)` returns the success text (or "" to say nothing); a 409 re-reads the case. */
export function form(className, children, onSubmit, refresh) {
  const status = statusLine();
  let busy = false;
  const el = h("form", { class: className, novalidate: true }, children, status.el);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = el.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => (b.disabled = true));
    status.reset();
    try {
      const message = await onSubmit(status, event);
      if (message) status.ok(message);
    } catch (err) {
      if (!(err instanceof Invalid) && err?.status === 401) return;
      status.fail(err instanceof Invalid ? err.message : describeError(err));
      if (err?.status === 409) refresh?.();
    } finally {
      busy = false;
      buttons.forEach((b) => (b.disabled = false));
      el.dispatchEvent(new Event("input")); // let forms re-check their own enabled state
    }
  });
  return el;
}

export function submit(text, extra = {}) {
  return h("button", { type: "submit", ...extra }, text);
}

/**
 * Ask in the page: shows `question` with "yes" and "cancel" inside `host`; resolves true or false.
 * Used instead of window.confirm, which blocks the page and its live updates.
 */
export function confirmInPage(host, question, yesText = t("common.confirm")) {
  return new Promise((resolve) => {
    const yes = h("button", { type: "button", class: "danger" }, yesText);
    const no = h("button", { type: "button", class: "secondary" }, t("common.cancel"));
    const box = h("div", { class: "confirm", role: "alertdialog", "aria-label": question }, h("p", {}, question), h("div", { class: "row-actions" }, yes, no));
    const done = (answer) => {
      box.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    host.querySelector(".confirm")?.remove();
    host.append(box);
    yes.focus();
  });
}

/** Ctrl+Enter (or ⌘+Enter) in a textarea submits its form. */
export function submitOnCtrlEnter(textarea) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      textarea.form?.requestSubmit();
    }
  });
}

export const MAX_TEXT = 5000;

/** A character counter tied to its textarea. */
export function counted(textarea) {
  const counter = h("span", { class: "counter", "aria-live": "off" });
  counter.id = uid("count");
  const update = () => {
    const n = textarea.value.length;
    counter.textContent = `${n} / ${MAX_TEXT}`;
    counter.classList.toggle("over", n > MAX_TEXT);
  };
  textarea.setAttribute("aria-describedby", counter.id);
  textarea.addEventListener("input", update);
  update();
  return { counter, update };
}
