// Supervisors keep the reply templates counselors insert (and edit) before sending.

import { api, describeError } from "../api.js";
import { clear, field, h, statusLine } from "../dom.js";
import { t } from "../i18n.js";
import { whenFull } from "../time.js";
import { MAX_TEXT, confirmInPage, form, invalid, submit } from "./forms.js";

function editor(initial, onSave) {
  const title = h("input", { name: "title", maxlength: 80, value: initial?.title || "" });
  const text = h("textarea", { name: "text", rows: 4, maxlength: MAX_TEXT });
  text.value = initial?.text || "";
  return form(
    "template-form",
    [field(t("templates.name"), title), field(t("templates.text"), text), submit(initial ? t("templates.save") : t("templates.add"))],
    async () => {
      if (!title.value.trim()) throw invalid(t("templates.name"), title);
      if (!text.value.trim()) throw invalid(t("templates.text"), text);
      await onSave({ title: title.value.trim(), text: text.value.trim() });
      if (!initial) {
        title.value = "";
        text.value = "";
      }
      return t("templates.saved");
    },
  );
}

export function renderTemplates(root) {
  const list = h("ul", { class: "templates" });
  const status = statusLine();
  root.append(h("h1", {}, t("templates.title")), h("p", { class: "hint" }, t("templates.hint")), status.el, list, h("h2", {}, t("templates.add")), editor(null, add));

  async function add(body) {
    await api.addTemplate(body);
    await load();
  }

  function item(template) {
    const edit = h("button", { type: "button", class: "secondary" }, t("templates.edit"));
    const remove = h("button", { type: "button", class: "danger" }, t("templates.remove"));
    const box = h("li", { class: "panel" }, h("h3", {}, template.title), h("p", { class: "msg-text" }, template.text), h("p", { class: "hint" }, whenFull(template.updated_at)), h("div", { class: "row-actions" }, edit, remove));
    edit.addEventListener("click", () => {
      box.replaceChildren(editor(template, async (body) => {
        await api.changeTemplate(template.id, body);
        await load();
      }));
    });
    remove.addEventListener("click", async () => {
      if (!(await confirmInPage(box, t("templates.confirmRemove", { title: template.title })))) return;
      try {
        await api.removeTemplate(template.id);
        status.ok(t("templates.removed"));
        await load();
      } catch (err) {
        status.fail(describeError(err));
      }
    });
    return box;
  }

  async function load() {
    try {
      const templates = (await api.templates()).templates || [];
      clear(list).append(...templates.map(item));
      if (!templates.length) list.append(h("li", { class: "empty" }, t("templates.empty")));
    } catch (err) {
      if (err.status !== 401) status.fail(describeError(err));
    }
  }

  load();
  return { stop() {} };
}
