// The reply box: a template can be inserted and edited before sending; in a silent channel the
// server refuses a text with safe-messaging words until she confirms, and the page asks her here.
// "Accepted" is all it says on success: delivery is shown in the conversation as it happens.

import { api, describeError } from "../api.js";
import { field, h, uid } from "../dom.js";
import { t } from "../i18n.js";
import { MAX_TEXT, counted, form, invalid, submit, submitOnCtrlEnter } from "./forms.js";

export function replyForm(caseId, after) {
  const text = h("textarea", { name: "text", rows: 4, maxlength: MAX_TEXT, required: true, id: uid("reply") });
  const { counter, update } = counted(text);
  submitOnCtrlEnter(text);
  const templates = h("select", { name: "template", "aria-label": t("reply.templates") }, h("option", { value: "" }, t("reply.noTemplate")));
  const insert = h("button", { type: "button", class: "secondary" }, t("reply.insert"));
  const silentNote = h("p", { class: "notice silent-note", hidden: true }, t("reply.silent"));
  const warning = h("div", { class: "warning unsafe", role: "alert", hidden: true });
  let texts = {};

  api
    .templates()
    .then((data) => {
      for (const item of data.templates || []) {
        texts[item.id] = item.text;
        templates.append(h("option", { value: item.id }, item.title));
      }
    })
    .catch(() => {});
  insert.addEventListener("click", () => {
    if (!templates.value) return templates.focus();
    const at = text.selectionStart ?? text.value.length;
    text.value = text.value.slice(0, at) + texts[templates.value] + text.value.slice(text.selectionEnd ?? at);
    update();
    text.focus();
  });

  async function send(value, confirmUnsafe) {
    const sent = await api.reply(caseId, value, confirmUnsafe);
    text.value = "";
    warning.hidden = true;
    update();
    await after();
    text.focus();
    return sent.took ? `${t("reply.took")} ${t("reply.accepted")}` : t("reply.accepted");
  }

  const el = form(
    "reply-form",
    [
      h("div", { class: "template-row" }, field(t("reply.templates"), templates), insert),
      silentNote,
      field(t("reply.label"), text),
      warning,
      h("div", { class: "form-row" }, counter, submit(t("reply.send"))),
    ],
    async (status) => {
      const value = text.value.trim();
      if (!value) throw invalid(t("reply.empty"), text);
      if (value.length > MAX_TEXT) throw invalid(t("reply.tooLong", { n: MAX_TEXT }), text);
      try {
        return await send(value, false);
      } catch (err) {
        if (err.code !== "unsafe_words") throw err;
        showWarning(err.extra.words || [], value, status);
        return "";
      }
    },
    after,
  );

  function showWarning(words, value, status) {
    const anyway = h("button", { type: "button", class: "danger" }, t("reply.sendAnyway"));
    const rewrite = h("button", { type: "button", class: "secondary" }, t("reply.rewrite"));
    warning.replaceChildren(
      h("p", {}, h("strong", {}, t("reply.unsafeTitle"))),
      h("p", {}, t("reply.unsafeWords", { words: words.join("、") })),
      h("div", { class: "row-actions" }, anyway, rewrite),
    );
    warning.hidden = false;
    anyway.addEventListener("click", async () => {
      anyway.disabled = true;
      try {
        status.ok(await send(value, true));
      } catch (err) {
        status.fail(describeError(err));
        anyway.disabled = false;
      }
    });
    rewrite.addEventListener("click", () => {
      warning.hidden = true;
      text.focus();
    });
    anyway.focus();
  }

  return {
    el,
    setSilent(silent) {
      silentNote.hidden = !silent;
    },
  };
}
