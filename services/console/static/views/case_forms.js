// Her case's records a counselor keeps: notes, the intake (age band, how she heard of us) and
// whether her phone may be seen (the silent channel). Each form re-reads the case on success.

import { api } from "../api.js";
import { field, h, select, uid } from "../dom.js";
import { t } from "../i18n.js";
import { label, options } from "../labels.js";
import { when } from "../time.js";
import { MAX_TEXT, counted, form, invalid, submit, submitOnCtrlEnter } from "./forms.js";

export function notesList(notes, names) {
  const list = h("ul", { class: "notes" });
  for (const note of notes) {
    const kind = note.kind === "risk_reason" ? `【${t("notes.riskReason")}】` : "";
    list.append(
      h("li", {}, h("div", { class: "msg-meta" }, `${when(note.at)} ${names[note.author_id] || note.author_id || ""} ${kind}`), h("p", { class: "msg-text" }, String(note.text ?? ""))),
    );
  }
  if (!notes.length) list.append(h("li", { class: "empty" }, t("notes.empty")));
  return list;
}

export function noteForm(caseId, after) {
  const text = h("textarea", { name: "text", rows: 3, maxlength: MAX_TEXT, required: true, id: uid("note") });
  const { counter, update } = counted(text);
  submitOnCtrlEnter(text);
  return form(
    "note-form",
    [field(t("notes.add"), text), h("div", { class: "form-row" }, counter, submit(t("notes.submit")))],
    async () => {
      const value = text.value.trim();
      if (!value) throw invalid(t("notes.missing"), text);
      await api.addNote(caseId, value);
      text.value = "";
      update();
      await after();
      return t("notes.added");
    },
    after,
  );
}

export function intakeForm(caseId, current, after) {
  const none = ["", t("intake.none")];
  const age = select("age_band", [none, ...options("age")], current?.age_band || "");
  const channel = select("channel", [none, ...options("channel")], current?.channel || "");
  if (current?.channel && !channel.querySelector(`option[value="${CSS.escape(current.channel)}"]`)) {
    channel.append(h("option", { value: current.channel, selected: true }, current.channel));
  }
  // The registry's channels (seeds/channels.yaml): the same options she is offered on LINE.
  api.intakeOptions().then((registry) => {
    const pairs = [none, ...registry.channels.map((c) => [c.code, c.label])];
    channel.replaceChildren(...pairs.map(([value, label]) => h("option", { value, selected: value === (current?.channel || "") }, label)));
  }).catch(() => {}); // the built-in list stays
  return form(
    "intake-form",
    [field(t("intake.age"), age), field(t("intake.channel"), channel), submit(t("intake.save"))],
    async () => {
      const body = {};
      if (age.value) body.age_band = age.value;
      if (channel.value) body.channel = channel.value;
      if (!Object.keys(body).length) throw invalid(t("intake.missing"), age);
      await api.intake(caseId, body);
      await after();
      return t("intake.saved");
    },
    after,
  );
}

/** Read-only intake for a closed case. */
export function intakeFacts(intake) {
  return h(
    "dl",
    { class: "facts" },
    h("div", {}, h("dt", {}, t("intake.age")), h("dd", {}, label("age", intake?.age_band))),
    h("div", {}, h("dt", {}, t("intake.channel")), h("dd", {}, label("channel", intake?.channel))),
  );
}

const REPLY_LANGUAGES = ["ja", "ja-easy", "en", "zh", "ko", "vi", "tl", "pt", "ne"];

/** Which language her automatic replies go in: hers (as her messages show it) or a counselor's choice. */
export function languageForm(caseId, language, after) {
  const follow = t("language.follow", { lang: label("lang", language?.hers || "ja") });
  const choice = select("language", [["", follow], ...REPLY_LANGUAGES.map((code) => [code, label("lang", code)])], language?.override || "");
  return form(
    "language-form",
    [field(t("language.title"), choice), submit(t("intake.save"), { class: "secondary" })],
    async () => {
      await api.language(caseId, choice.value || null);
      await after();
      return t("language.saved");
    },
    after,
  );
}

export function channelForm(caseId, silent, after) {
  const box = h("input", { type: "checkbox", name: "silent", checked: Boolean(silent) });
  return form(
    "channel-form",
    [h("label", { class: "check" }, box, ` ${t("channel.silent")}`), submit(t("intake.save"), { class: "secondary" })],
    async () => {
      await api.channel(caseId, box.checked);
      await after();
      return t("channel.saved");
    },
    after,
  );
}
