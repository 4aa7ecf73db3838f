// One case. Wide screen: the case list | the conversation and reply | risk, notes and actions;
// narrower, one column. Read (and audited) on opening, after each action, and when the live stream
// says this case changed. A closed case is shown read-only: no form is offered at all.

import { api, describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { coalesce } from "../live.js";
import { href } from "../router.js";
import { errorBox, riskBadge } from "./common.js";
import { closeForm, outreachForm, outreachSuggestion, referralForm } from "./case_actions.js";
import { channelForm, intakeFacts, intakeForm, languageForm, noteForm, notesList } from "./case_forms.js";
import { caseHeader, handoff } from "./case_header.js";
import { messageItem } from "./conversation.js";
import { records } from "./delivery.js";
import { replyForm } from "./reply_form.js";
import { reasonList, riskForm, uncertainBox } from "./risk_panel.js";
import { sideList } from "./side_list.js";
import { supervisorPanel } from "./supervise.js";

const panel = (title, ...children) => h("section", { class: "panel" }, h("h2", {}, title), children);
const foldable = (title, content) => h("details", { class: "panel action" }, h("summary", {}, title), content);

export function renderCase(root, ctx, route) {
  const caseId = route.id;
  const errors = errorBox();
  const notice = h("p", { class: "form-status ok", role: "status" });
  const parts = Object.fromEntries(["header", "handoff", "conversation", "reply", "risk", "reasons", "notes", "noteForm", "suggestion", "actions", "intake", "channel", "records", "supervisor"].map((k) => [k, h("div")]));
  const conversation = h("ol", { class: "conversation", role: "log", "aria-label": t("case.conversation"), tabindex: "0" });
  const closedNotice = h("p", { class: "notice closed-notice", hidden: true }, t("case.closedNotice"));
  const side = sideList(ctx, caseId);
  const keys = {};
  let data = null;
  let stopped = false;
  let reply = null;

  const back = h("a", { class: "button secondary back-link", href: href({ name: ctx.isSupervisor ? "all" : "mine" }) }, `← ${t("common.back")}`);
  root.append(
    h(
      "div",
      { class: "workspace" },
      side.el,
      h(
        "div",
        { class: "case-area" },
        back,
        errors.el,
        notice,
        parts.header,
        closedNotice,
        parts.suggestion,
        parts.handoff,
        h(
          "div",
          { class: "case-layout" },
          h("div", { class: "case-main" }, panel(t("case.conversation"), conversation), parts.reply),
          h(
            "div",
            { class: "case-side" },
            panel(t("risk.title"), parts.risk, h("h3", {}, t("risk.reasons")), parts.reasons),
            panel(t("notes.title"), parts.notes, parts.noteForm),
            parts.actions,
            panel(t("intake.title"), parts.intake),
            panel(t("channel.title"), parts.channel),
            panel(t("records.title"), parts.records),
            ctx.isSupervisor ? panel(t("supervise.title"), parts.supervisor) : null,
          ),
        ),
      ),
    ),
  );

  /** Rebuild `part` only when `key` changed, so what she is typing survives a live update. */
  function once(part, key, build) {
    const k = JSON.stringify(key);
    if (keys[part] === k) return;
    keys[part] = k;
    clear(parts[part]).append(...[build()].flat().filter(Boolean));
  }

  async function resend(message) {
    try {
      await api.resend(caseId, message.id);
      notice.textContent = t("delivery.resent");
      await reload();
      return true;
    } catch (err) {
      errors.show(describeError(err));
      return false;
    }
  }

  function render(next) {
    data = next;
    const c = data.case || {};
    const open = c.status !== "closed";
    const names = data.staff || {};
    clear(parts.header).append(caseHeader(data));
    clear(parts.handoff).append(...[handoff(data)].filter(Boolean));
    closedNotice.hidden = open;
    const deliveries = Object.fromEntries((data.deliveries || []).map((d) => [d._id, d]));
    const atBottom = conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight < 40;
    const messages = Array.isArray(data.messages) ? data.messages : [];
    clear(conversation).append(...messages.map((m) => messageItem(m, { names, deliveries, onResend: open ? resend : null })));
    if (!messages.length) conversation.append(h("li", { class: "empty" }, t("case.noMessages")));
    if (atBottom || !keys.conversation) conversation.scrollTop = conversation.scrollHeight;
    keys.conversation = "shown";
    if (open && !reply) reply = replyForm(caseId, reload);
    if (!open) reply = null;
    once("reply", open, () => (open ? reply.el : null));
    reply?.setSilent(Boolean(data.consulter?.silent_channel));
    const latestRisk = [...messages].reverse().find((m) => m.direction === "in" && m.risk)?.risk;
    once("risk", [c.risk_level, c.risk_set_by, open, latestRisk?.uncertain ?? false], () => [
      h("p", {}, `${t("risk.current")}: `, riskBadge(c.risk_level)),
      open ? uncertainBox(caseId, c, messages, reload) : null,
      open ? riskForm(caseId, c.risk_level, reload) : null,
    ]);
    clear(parts.reasons).append(reasonList(messages));
    clear(parts.notes).append(notesList(data.notes || [], names));
    once("noteForm", open, () => (open ? noteForm(caseId, reload) : null));
    const suggested = (data.outreach_suggestion || []).map((s) => s.code);
    // Read when she submits (the form is not rebuilt, so what is typed and its outcome stay).
    const context = {
      suggested: () => (data.outreach_suggestion || []).map((s) => s.code),
      undecided: () => (data.outreach || []).filter((r) => r.status === "undecided").map((r) => r._id).at(-1) || null,
    };
    once("actions", open, () =>
      open ? [foldable(t("close.title"), closeForm(caseId, reload)), foldable(t("outreach.title"), outreachForm(caseId, reload, context)), foldable(t("referral.title"), referralForm(caseId, reload))] : null,
    );
    once("suggestion", [open, suggested], () =>
      open ? outreachSuggestion(data.outreach_suggestion, () => {
        const details = parts.actions.querySelectorAll("details")[1];
        if (details) {
          details.open = true;
          details.scrollIntoView({ block: "start" });
        }
      }) : null,
    );
    once("intake", [data.intake ?? null, open], () => (open ? intakeForm(caseId, data.intake || {}, reload) : intakeFacts(data.intake)));
    once("channel", [data.consulter?.silent_channel, data.language, open], () =>
      open ? [channelForm(caseId, data.consulter?.silent_channel, reload), languageForm(caseId, data.language, reload)] : t(data.consulter?.silent_channel ? "case.silentFlag" : "common.none"),
    );
    clear(parts.records).append(...records(data, { caseId, reload, open }));
    if (ctx.isSupervisor) {
      const key = JSON.stringify([c.counselor_id, c.status, data.consulter?.abusive]);
      if (keys.supervisor !== key) {
        keys.supervisor = key;
        supervisorPanel(data, reload).then((items) => !stopped && clear(parts.supervisor).append(...items));
      }
    }
  }

  async function reload() {
    try {
      const next = await api.getCase(caseId);
      if (stopped) return;
      errors.clear();
      render(next);
    } catch (err) {
      if (err.status === 401 || stopped) return;
      errors.show(describeError(err));
    }
  }

  const refresh = coalesce(reload, 150);
  const off = ctx.live.on((n) => (n.kind === "refresh" || n.case_id === caseId) && refresh());
  reload().then(() => reply?.el.querySelector("textarea")?.focus());
  return {
    stop() {
      stopped = true;
      off();
      side.stop();
    },
  };
}
