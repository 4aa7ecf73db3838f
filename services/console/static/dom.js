// Building the page without innerHTML: every piece of data becomes a text node (textContent), so a
// consulter's message can never become markup or script.

/**
 * h("button", {type: "button", class: "x", onclick: fn, dataset: {id}}, "text", childNode, ...)
 * Attributes are set with setAttribute/properties; children that are not nodes become text.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "class") {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A field: a visible label tied to its control. */
export function field(labelText, control, hintText) {
  if (!control.id) control.id = uid("f");
  const hint = hintText ? h("span", { class: "hint", lang: "en" }, ` ${hintText}`) : null;
  return h("div", { class: "field" }, h("label", { for: control.id }, labelText, hint), control);
}

export function select(name, options, selected) {
  const el = h("select", { name });
  for (const [value, label] of options) {
    el.append(h("option", { value, selected: value === selected }, label));
  }
  return el;
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A key/value list for any object: fields the console does not know are still shown, as text. */
export function generic(obj, labels = {}) {
  const dl = h("dl", { class: "generic" });
  for (const [key, value] of Object.entries(obj || {})) {
    if (value === undefined) continue;
    dl.append(h("dt", {}, labels[key] || key), h("dd", {}, plain(value)));
  }
  return dl;
}

export function plain(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

let announcer = null;
/** Tell screen-reader users what changed (a polite live region). */
export function announce(text) {
  announcer = announcer || document.getElementById("announcer");
  if (!announcer) return;
  announcer.textContent = "";
  window.setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

/** A status line under a form: role=status for success, role=alert for failure. */
export function statusLine() {
  const el = h("p", { class: "form-status", role: "status" });
  return {
    el,
    ok(text) {
      el.className = "form-status ok";
      el.setAttribute("role", "status");
      el.textContent = text;
    },
    fail(text) {
      el.className = "form-status error";
      el.setAttribute("role", "alert");
      el.textContent = text;
    },
    reset() {
      el.className = "form-status";
      el.textContent = "";
    },
  };
}
