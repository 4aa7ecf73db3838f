// The top of a case: its reference and level, the facts a counselor checks first (status, who has
// it, times in Japan time), her two flags, and the hand-off summary of her earlier cases.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { when, whenFull } from "../time.js";
import { caseRef, riskBadge } from "./common.js";

export function caseHeader(data) {
  const c = data.case || {};
  const names = data.staff || {};
  const facts = [
    [t("case.status"), `${label("status", c.status)}${c.outcome ? `（${label("outcome", c.outcome)}）` : ""}`],
    [t("case.counselor"), c.counselor_id ? names[c.counselor_id] || c.counselor_id : t("list.unassigned")],
    [t("case.opened"), when(c.opened_at)],
    [t("case.firstReply"), when(c.first_response_at)],
    [t("case.lastMessage"), when(c.last_message_at)],
    [t("case.riskSetBy"), label("riskSetBy", c.risk_set_by)],
  ];
  if (c.assignment_reason) facts.push([t("case.assignedBy"), label("assignment", c.assignment_reason)]);
  if (c.closed_at) facts.push([t("case.closedAt"), whenFull(c.closed_at)]);
  if (c.satisfaction?.answer) facts.push([t("case.satisfaction"), label("satisfaction", c.satisfaction.answer)]);
  const dl = h("dl", { class: "facts" });
  for (const [name, value] of facts) dl.append(h("div", {}, h("dt", {}, name), h("dd", {}, value)));
  const flags = [];
  if (data.consulter?.silent_channel) flags.push(h("span", { class: "badge warn" }, t("case.silentFlag")));
  if (data.consulter?.abusive) flags.push(h("span", { class: "badge" }, t("case.abusiveFlag")));
  return h(
    "div",
    { class: "case-header" },
    h("h1", {}, t("case.title", { ref: caseRef(c.id) }), " ", riskBadge(c.risk_level)),
    flags.length ? h("p", { class: "flags" }, flags) : null,
    dl,
  );
}

/** Her earlier cases and their notes, for whoever has her now (returning or reassigned). */
export function handoff(data) {
  const earlier = Array.isArray(data.earlier_cases) ? data.earlier_cases : [];
  if (!earlier.length) return null;
  const names = data.staff || {};
  const items = earlier.map((c) => {
    const line = t("handoff.case", {
      opened: when(c.opened_at),
      closed: when(c.closed_at),
      outcome: label("outcome", c.outcome),
      name: names[c.counselor_id] || c.counselor_id || "—",
    });
    const notes = (c.notes || []).map((n) => h("li", {}, h("span", { class: "msg-meta" }, `${when(n.at)} ${names[n.author_id] || n.author_id || ""}`), h("p", { class: "msg-text" }, n.text)));
    return h(
      "li",
      {},
      h("div", {}, riskBadge(c.risk_level), " ", h("span", { class: "mono" }, caseRef(c.id)), " ", line),
      h("ul", { class: "notes" }, notes.length ? notes : h("li", { class: "empty" }, t("handoff.noNotes"))),
    );
  });
  return h("details", { class: "panel handoff", open: true }, h("summary", {}, h("strong", {}, t("handoff.title"))), h("ul", { class: "handoff-list" }, items));
}
