// One case: the conversation and reply box on the left; risk, notes, actions and records on the
// right. The case is read (and audited) once on opening, after each action, and when the case list
// shows that something changed (a new message, status, level or counselor), not on every poll.

import { api } from "../api.js";
import { h, clear, generic, plain } from "../dom.js";
import { statusLabel, outcomeLabel, when } from "../labels.js";
import { poller } from "../poll.js";
import { errorBox, riskBadge } from "./common.js";
import { messageItem, reasonList } from "./conversation.js";
import {
  assignForm,
  closeForm,
  intakeForm,
  noteForm,
  outreachForm,
  referralForm,
  replyForm,
  riskForm,
} from "./case_forms.js";

const WATCH_MS = 5000;
const SHOWN_CASE_FIELDS = new Set([
  "id",
  "status",
  "risk_level",
  "risk_set_by",
  "counselor_id",
  "opened_at",
  "first_response_at",
  "last_message_at",
  "outcome",
  "closed_at",
]);

function section(title, hint, ...children) {
  const heading = h("h2", {}, title, hint ? h("span", { class: "hint", lang: "en" }, ` ${hint}`) : null);
  return h("section", { class: "panel" }, heading, children);
}

function collapsible(title, hint, content) {
  return h("details", { class: "panel action" }, h("summary", {}, title, h("span", { class: "hint", lang: "en" }, ` ${hint}`)), content);
}

function caseHeader(data) {
  const c = data.case || {};
  const facts = [
    ["状態", `${statusLabel(c.status)}${c.outcome ? `（${outcomeLabel(c.outcome)}）` : ""}`],
    ["担当", c.counselor_id || "未割当"],
    ["開始", when(c.opened_at)],
    ["初回応答", when(c.first_response_at)],
    ["最後のメッセージ", when(c.last_message_at)],
    ["危険度の設定者", c.risk_set_by ? plain(c.risk_set_by) : "自動判定"],
  ];
  if (c.closed_at) facts.push(["終了", when(c.closed_at)]);
  const dl = h("dl", { class: "facts" });
  for (const [label, value] of facts) dl.append(h("div", {}, h("dt", {}, label), h("dd", {}, value)));
  const rest = Object.fromEntries(Object.entries(c).filter(([k]) => !SHOWN_CASE_FIELDS.has(k)));
  return h(
    "div",
    { class: "case-header" },
    h("h1", {}, "ケース ", h("span", { class: "mono" }, String(c.id ?? "").slice(0, 8)), " ", riskBadge(c.risk_level)),
    dl,
    h("details", {}, h("summary", {}, "その他の項目 (other fields)"), generic(rest)),
  );
}

function notesList(notes) {
  const list = h("ul", { class: "notes" });
  for (const note of notes) {
    list.append(
      h(
        "li",
        {},
        h("div", { class: "msg-meta" }, `${when(note.at)} ${note.author_id || ""}${note.kind && note.kind !== "note" ? ` [${note.kind}]` : ""}`),
        h("p", { class: "msg-text" }, typeof note.text === "string" ? note.text : plain(note.text)),
      ),
    );
  }
  if (!notes.length) list.append(h("li", { class: "empty" }, "メモはありません (no notes)"));
  return list;
}

function records(title, items) {
  const list = h("ul", { class: "records" });
  for (const item of items) {
    const label = [item.status, item.partner_kind, item.category, item.urgency].filter(Boolean).join(" / ");
    list.append(h("li", {}, h("details", {}, h("summary", {}, `${when(item.requested_at)} ${label || plain(item._id ?? item.id)}`), generic(item))));
  }
  if (!items.length) list.append(h("li", { class: "empty" }, "なし"));
  return h("div", { class: "record-group" }, h("h3", {}, title), list);
}

export function renderCase(root, ctx, route) {
  const caseId = route.id;
  const errors = errorBox();
  const header = h("div");
  const conversation = h("ol", { class: "conversation", role: "log", "aria-label": "会話 (conversation)", tabindex: "0" });
  const reasons = h("div");
  const notes = h("div");
  const recordsBox = h("div");
  const intakeBox = h("div");
  const riskBox = h("div");
  const auditBox = h("div");
  const closedNotice = h("p", { class: "notice", hidden: true }, "このケースは終了しています。(This case is closed.)");
  let data = null;
  let signature = null;
  let stopped = false;

  const back = h(
    "button",
    { type: "button", class: "secondary", onclick: () => ctx.go({ name: ctx.isSupervisor ? "all" : "mine" }) },
    "← 一覧へ戻る",
    h("span", { class: "hint", lang: "en" }, " back"),
  );
  const actionForms = h("fieldset", { class: "actions-fieldset" }, h("legend", { class: "visually-hidden" }, "ケースの操作"));
  const replyFieldset = h("fieldset", { class: "actions-fieldset" }, h("legend", { class: "visually-hidden" }, "返信"), replyForm(caseId, reload));
  actionForms.append(
    collapsible("ケースを終了", "close", closeForm(caseId, reload)),
    collapsible("アウトリーチを依頼", "propose outreach", outreachForm(caseId, reload)),
    collapsible("連携先につなぐ", "refer to partner", referralForm(caseId, reload)),
  );

  const auditButton = h("button", { type: "button", class: "secondary" }, "監査ログを表示", h("span", { class: "hint", lang: "en" }, " audit"));
  auditButton.addEventListener("click", async () => {
    try {
      const result = await api.audit(caseId);
      const entries = Array.isArray(result.entries) ? result.entries : [];
      const list = h("ol", { class: "audit" });
      for (const entry of entries) {
        list.append(h("li", {}, `${when(entry.at)} ${plain(entry.actor_id ?? entry.user_id)} ${plain(entry.action)}`, h("details", {}, h("summary", {}, "詳細"), generic(entry))));
      }
      if (!entries.length) list.append(h("li", { class: "empty" }, "記録なし"));
      clear(auditBox).append(list);
    } catch (err) {
      clear(auditBox).append(h("p", { class: "form-status error", role: "alert" }, ctx.describeError(err)));
    }
  });

  root.append(
    h("div", { class: "case-top" }, back),
    errors.el,
    header,
    closedNotice,
    h(
      "div",
      { class: "case-layout" },
      h("div", { class: "case-main" }, section("会話", "conversation", conversation), replyFieldset),
      h(
        "div",
        { class: "case-side" },
        section("危険度", "risk", riskBox, h("h3", {}, "判定の理由 (reasons)"), reasons),
        section("メモ", "notes", notes, noteForm(caseId, reload)),
        actionForms,
        section("インテーク", "intake", intakeBox),
        section("連携・送信の記録", "records", recordsBox),
        ctx.isSupervisor ? section("スーパーバイザー", "supervisor", assignForm(caseId, reload), auditButton, auditBox) : null,
      ),
    ),
  );

  function render(next) {
    data = next;
    const c = data.case || {};
    const closed = c.status === "closed";
    clear(header).append(caseHeader(data));
    closedNotice.hidden = !closed;
    actionForms.disabled = closed;
    replyFieldset.disabled = closed;

    const atBottom = conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight < 40;
    const messages = Array.isArray(data.messages) ? data.messages : [];
    clear(conversation);
    for (const message of messages) conversation.append(messageItem(message));
    if (!messages.length) conversation.append(h("li", { class: "empty" }, "メッセージはありません"));
    if (atBottom || signature === null) conversation.scrollTop = conversation.scrollHeight;

    // The risk form is rebuilt only when the level changed, so a half-typed reason survives polling.
    if (riskBox.dataset.level !== String(c.risk_level)) {
      riskBox.dataset.level = String(c.risk_level);
      clear(riskBox).append(h("p", {}, "現在: ", riskBadge(c.risk_level)), riskForm(caseId, c.risk_level, reload));
    }
    clear(reasons).append(reasonList(messages));
    clear(notes).append(notesList(Array.isArray(data.notes) ? data.notes : []));
    const intakeKey = JSON.stringify(data.intake ?? null);
    if (intakeBox.dataset.intake !== intakeKey) {
      intakeBox.dataset.intake = intakeKey;
      clear(intakeBox).append(intakeForm(caseId, data.intake || {}, reload));
    }
    clear(recordsBox).append(
      records("連携先への通知 (referrals)", Array.isArray(data.referrals) ? data.referrals : []),
      records("アウトリーチ依頼 (outreach)", Array.isArray(data.outreach) ? data.outreach : []),
      records("LINE送信 (deliveries)", Array.isArray(data.deliveries) ? data.deliveries : []),
    );
    const known = new Set(["case", "intake", "messages", "notes", "deliveries", "referrals", "outreach"]);
    const extra = Object.fromEntries(Object.entries(data).filter(([k]) => !known.has(k)));
    if (Object.keys(extra).length) recordsBox.append(h("h3", {}, "その他 (other)"), generic(extra));
    signature = summarySignature(c, ctx.isSupervisor);
  }

  async function reload() {
    try {
      const next = await api.getCase(caseId);
      if (stopped) return;
      errors.clear();
      render(next);
    } catch (err) {
      if (err.status === 401 || stopped) return;
      errors.show(ctx.describeError(err));
      if (err.status === 404) {
        actionForms.disabled = true;
        replyFieldset.disabled = true;
      }
    }
  }

  // Watch the case list (no text, one small request) and read the case only when its summary changes.
  async function watch() {
    const list = await (ctx.isSupervisor ? api.allCases() : api.mine());
    const found = (Array.isArray(list.cases) ? list.cases : []).find((item) => item.id === caseId);
    const next = found ? summarySignature({ ...found, risk_level: found.level }, ctx.isSupervisor) : "gone";
    if (signature !== null && next !== signature && !(next === "gone" && data?.case?.status === "closed")) {
      await reload();
      if (next === "gone") signature = "gone";
    }
  }

  reload().then(() => {
    const firstText = replyFieldset.querySelector("textarea");
    if (firstText && !replyFieldset.disabled) firstText.focus();
  });
  const watcher = poller(watch, WATCH_MS);
  return {
    stop() {
      stopped = true;
      watcher.stop();
    },
  };
}

/** What the lists and the case both show; the counselor only in the supervisors' list. */
function summarySignature(c, withCounselor) {
  const fields = [c.status, c.risk_level, String(c.last_message_at ?? ""), String(c.first_response_at ?? "")];
  if (withCounselor) fields.push(c.counselor_id ?? null);
  return JSON.stringify(fields);
}
