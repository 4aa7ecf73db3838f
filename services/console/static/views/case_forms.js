// What a counselor does with a case: reply, set the risk level, notes, close, propose outreach,
// refer to a partner, intake; and a supervisor's reassignment. Each form calls `after()` on success
// (the case is read again) and shows its own error beside it.

import { api, describeError } from "../api.js";
import { h, field, select, statusLine, uid } from "../dom.js";
import {
  ACCOMPANIMENTS,
  ACTIONS,
  AGE_BANDS,
  CATEGORIES,
  CHANNELS,
  OUTCOMES,
  PARTNER_KINDS,
  RISK_LEVELS,
  URGENCIES,
  outcomeLabel,
  riskLabel,
} from "../labels.js";

export const MAX_TEXT = 5000;

function form(className, children, onSubmit, refresh) {
  const status = statusLine();
  const submitting = { busy: false };
  const el = h("form", { class: className, novalidate: true }, children, status.el);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submitting.busy) return;
    submitting.busy = true;
    const buttons = el.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => (b.disabled = true));
    status.reset();
    try {
      const message = await onSubmit(status);
      if (message) status.ok(message);
    } catch (err) {
      status.fail(err instanceof Invalid ? err.message : describeError(err));
      // 409: the case changed meanwhile (taken, closed, moved): show it as it is now.
      if (err?.status === 409) refresh?.();
    } finally {
      submitting.busy = false;
      buttons.forEach((b) => (b.disabled = false));
      el.dispatchEvent(new Event("input")); // let forms re-check their own enabled state
    }
  });
  return el;
}

class Invalid extends Error {}
function invalid(message, control) {
  if (control) control.focus();
  return new Invalid(message);
}

function submit(label, hint, extra = {}) {
  return h("button", { type: "submit", ...extra }, label, h("span", { class: "hint", lang: "en" }, ` ${hint}`));
}

/** Ctrl+Enter (or ⌘+Enter) in a textarea submits its form. */
function submitOnCtrlEnter(textarea) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      textarea.form?.requestSubmit();
    }
  });
}

function counted(textarea) {
  const counter = h("span", { class: "counter", id: uid("count"), "aria-live": "off" });
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

export function replyForm(caseId, after) {
  const text = h("textarea", { name: "text", rows: 4, maxlength: MAX_TEXT, required: true });
  const { counter, update } = counted(text);
  submitOnCtrlEnter(text);
  return form(
    "reply-form",
    [
      field("返信", text, "reply — Ctrl+Enter で送信"),
      h("div", { class: "form-row" }, counter, submit("送信", "send")),
    ],
    async () => {
      const value = text.value.trim();
      if (!value) throw invalid("返信を入力してください。", text);
      if (value.length > MAX_TEXT) throw invalid(`${MAX_TEXT} 文字以内にしてください。`, text);
      await api.reply(caseId, value);
      text.value = "";
      update();
      await after();
      text.focus();
      return "送信しました (sent)";
    },
    after,
  );
}

export function riskForm(caseId, current, after) {
  const level = select("level", RISK_LEVELS.map((l) => [l, `${riskLabel(l)} (${l})`]), current);
  const reason = h("input", { name: "reason", maxlength: 1000 });
  return form(
    "risk-form",
    [field("危険度を設定", level, "set risk"), field("理由（任意）", reason, "reason, optional"), submit("設定", "set")],
    async () => {
      const body = { level: level.value };
      if (reason.value.trim()) body.reason = reason.value.trim();
      await api.setRisk(caseId, body);
      reason.value = "";
      await after();
      return `危険度を「${riskLabel(body.level)}」にしました`;
    },
    after,
  );
}

export function noteForm(caseId, after) {
  const text = h("textarea", { name: "text", rows: 3, maxlength: MAX_TEXT, required: true });
  const { counter, update } = counted(text);
  submitOnCtrlEnter(text);
  return form(
    "note-form",
    [field("メモを追加", text, "add note — Ctrl+Enter"), h("div", { class: "form-row" }, counter, submit("追加", "add"))],
    async () => {
      const value = text.value.trim();
      if (!value) throw invalid("メモを入力してください。", text);
      await api.addNote(caseId, value);
      text.value = "";
      update();
      await after();
      return "メモを追加しました";
    },
    after,
  );
}

export function closeForm(caseId, after) {
  const outcome = select("outcome", [["", "選択してください"], ...OUTCOMES], "");
  return form(
    "close-form",
    [field("終了理由", outcome, "outcome"), submit("ケースを終了", "close")],
    async () => {
      if (!outcome.value) throw invalid("終了理由を選んでください。", outcome);
      if (!window.confirm(`「${outcomeLabel(outcome.value)}」でケースを終了しますか？`)) return "";
      await api.close(caseId, outcome.value);
      await after();
      return "ケースを終了しました (closed)";
    },
    after,
  );
}

export function outreachForm(caseId, after) {
  const consent = h("input", { type: "checkbox", name: "consent", required: true });
  const urgency = select("urgency", URGENCIES, "normal");
  const accompaniment = select("accompaniment", ACCOMPANIMENTS, "");
  const area = h("input", { name: "area", maxlength: 64, placeholder: "例: 駅周辺（自宅でなくてよい）" });
  const button = submit("アウトリーチを依頼", "propose outreach", { disabled: true });
  const el = form(
    "outreach-form",
    [
      h("label", { class: "check" }, consent, " ご本人の同意を得ました ", h("span", { class: "hint", lang: "en" }, "consent recorded (required)")),
      field("緊急度", urgency, "urgency"),
      field("同行先（任意）", accompaniment, "accompaniment"),
      field("地域（任意・64字まで）", area, "area"),
      button,
    ],
    async () => {
      if (!consent.checked) throw invalid("ご本人の同意が必要です。", consent);
      const body = { consent: true, urgency: urgency.value };
      if (accompaniment.value) body.accompaniment = accompaniment.value;
      if (area.value.trim()) body.area = area.value.trim();
      const result = await api.outreach(caseId, body);
      consent.checked = false;
      await after();
      return `アウトリーチを依頼しました${result.request_id ? ` (${result.request_id})` : ""}`;
    },
    after,
  );
  const sync = () => {
    button.disabled = !consent.checked;
  };
  consent.addEventListener("change", sync);
  el.addEventListener("input", sync);
  return el;
}

const DETAIL_FIELDS = [
  ["name", "氏名"],
  ["contact", "連絡先"],
  ["location", "所在・居場所"],
  ["note", "補足"],
];

export function referralForm(caseId, after) {
  const kind = select("partner_kind", [["", "選択してください"], ...PARTNER_KINDS], "");
  const category = select("category", [["", "選択してください"], ...CATEGORIES], "");
  const urgency = select("urgency", URGENCIES, "normal");
  const action = select("action", [["", "選択してください"], ...ACTIONS], "");
  const include = h("input", { type: "checkbox", name: "include_personal_details" });
  const detailInputs = DETAIL_FIELDS.map(([key, label]) => [key, label, h("input", { name: `details_${key}`, maxlength: 1000 })]);
  const details = h(
    "fieldset",
    { class: "details", hidden: true },
    h("legend", {}, "個人情報 (personal details)"),
    detailInputs.map(([, label, input]) => field(label, input)),
  );
  const warningId = uid("warn");
  include.setAttribute("aria-describedby", warningId);
  include.addEventListener("change", () => {
    details.hidden = !include.checked;
  });
  return form(
    "referral-form",
    [
      field("連携先の種類", kind, "partner kind"),
      field("区分", category, "category"),
      field("緊急度", urgency, "urgency"),
      field("依頼内容", action, "requested action"),
      h(
        "p",
        { class: "warning", id: warningId },
        "通常、連携先にはケース番号・区分・緊急度・依頼内容・担当者のみが送られます。個人情報は、ご本人の同意がある場合か生命・身体の保護に必要な場合に限り含めてください。",
        h("span", { class: "hint", lang: "en" }, " Personal details go only with her consent or to protect life."),
      ),
      h("label", { class: "check" }, include, " 個人情報を含める ", h("span", { class: "hint", lang: "en" }, "include personal details")),
      details,
      submit("連携先に送る", "refer"),
    ],
    async () => {
      for (const [control, name] of [[kind, "連携先の種類"], [category, "区分"], [action, "依頼内容"]]) {
        if (!control.value) throw invalid(`${name}を選んでください。`, control);
      }
      const body = {
        partner_kind: kind.value,
        category: category.value,
        urgency: urgency.value,
        action: action.value,
        include_personal_details: include.checked,
      };
      if (include.checked) {
        const filled = {};
        for (const [key, , input] of detailInputs) if (input.value.trim()) filled[key] = input.value.trim();
        if (!Object.keys(filled).length) throw invalid("含める個人情報を入力してください。", detailInputs[0][2]);
        if (!window.confirm("個人情報を連携先に送ります。ご本人の同意、または生命・身体の保護のためですか？")) return "";
        body.details = filled;
      }
      const result = await api.refer(caseId, body);
      include.checked = false;
      details.hidden = true;
      for (const [, , input] of detailInputs) input.value = "";
      await after();
      return `連携先に送りました${result.alert_id ? ` (${result.alert_id})` : ""}`;
    },
    after,
  );
}

export function intakeForm(caseId, current, after) {
  const age = select("age_band", AGE_BANDS, current?.age_band || "");
  const channel = select("channel", CHANNELS, current?.channel || "");
  if (current?.channel && !CHANNELS.some(([v]) => v === current.channel)) {
    channel.append(h("option", { value: current.channel, selected: true }, current.channel));
  }
  return form(
    "intake-form",
    [field("年代", age, "age band"), field("相談窓口を知ったきっかけ", channel, "publicity channel"), submit("保存", "save")],
    async () => {
      const body = {};
      if (age.value) body.age_band = age.value;
      if (channel.value) body.channel = channel.value;
      if (!Object.keys(body).length) throw invalid("年代かきっかけを選んでください。", age);
      await api.intake(caseId, body);
      await after();
      return "保存しました (saved)";
    },
    after,
  );
}

export function assignForm(caseId, after) {
  const counselor = h("input", { name: "counselor_id", required: true, maxlength: 64 });
  return form(
    "assign-form",
    [field("担当者ID", counselor, "counselor id"), submit("割り当てる", "assign")],
    async () => {
      const target = counselor.value.trim();
      if (!target) throw invalid("担当者IDを入力してください。", counselor);
      await api.assign(caseId, target);
      counselor.value = "";
      await after();
      return `${target} に割り当てました`;
    },
    after,
  );
}
