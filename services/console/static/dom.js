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

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A field: a visible label tied to its control. */
export function field(labelText, control) {
  if (!control.id) control.id = uid("f");
  return h("div", { class: "field" }, h("label", { for: control.id }, labelText), control);
}

export function select(name, options, selected) {
  const el = h("select", { name });
  for (const [value, text] of options) el.append(h("option", { value, selected: value === selected }, text));
  return el;
}

/** Tell screen-reader users what changed; `urgent` uses the assertive region (an emergency). */
export function announce(text, urgent = false) {
  const region = document.getElementById(urgent ? "alarm" : "announcer");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/** A status line under a form: role=status for success, role=alert for failure. */
export function statusLine() {
  const el = h("p", { class: "form-status", role: "status" });
  const set = (cls, role, text) => {
    el.className = `form-status ${cls}`;
    el.setAttribute("role", role);
    el.textContent = text;
  };
  return {
    el,
    ok: (text) => set("ok", "status", text),
    fail: (text) => set("error", "alert", text),
    reset: () => set("", "status", ""),
  };
}
