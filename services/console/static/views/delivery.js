// What really became of each send, in words: sending, retrying (with when the next try is),
// delivered, failed (with why) — for LINE messages in the conversation and for partner alerts and
// outreach requests in the records. A failed reply has a one-click "send again".

import { api, describeError } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { clock, when } from "../time.js";

/** The state line of one send record (undefined while its record is not there yet: sending). */
function stateText(record) {
  const status = record?.status || "requested";
  if (status === "retrying") {
    const n = record.attempts || 1;
    return record.next_attempt_at ? t("delivery.retrying", { n, at: clock(record.next_attempt_at) }) : t("delivery.retryingSoon", { n });
  }
  if (status === "failed") return t("delivery.failed", { reason: label("reason", record.reason) });
  if (status === "delivered") return t("delivery.delivered");
  if (status === "requested") return t("delivery.requested");
  return label("delivery", status);
}

export function deliveryState(record, onResend) {
  const status = record?.status || "requested";
  const line = h("p", { class: `delivery delivery-${status}`, role: status === "failed" ? "alert" : null }, stateText(record));
  if (status !== "failed" || !onResend) return line;
  const again = h("button", { type: "button", class: "danger resend" }, t("delivery.resend"));
  again.addEventListener("click", async () => {
    again.disabled = true;
    if (!(await onResend())) again.disabled = false;
  });
  return h("div", { class: "delivery-box" }, line, again);
}

/** A partner by its kind's name when its id says the kind (`on-call-supervisor`), else its id. */
function partnerName(id) {
  const named = label("partner", id.replaceAll("-", "_"));
  return named === id.replaceAll("-", "_") ? id : named;
}

function partnerStates(alert) {
  const partners = Object.entries(alert.partners || {});
  if (!partners.length) return [h("li", {}, stateText(alert.failed ? alert : { status: alert.status }))];
  return partners.map(([id, part]) => h("li", { class: `delivery-${part.status}` }, t("failures.partner", { partner: partnerName(id), status: stateText(part) })));
}

/** A partner alert: what was asked of whom, and each partner's state. */
export function alertRecord(alert) {
  const head = [label("category", alert.category), label("urgency", alert.urgency), alert.partner_kind ? label("partner", alert.partner_kind) : null];
  return h(
    "li",
    { class: alert.failed ? "record failed" : "record" },
    h("div", {}, h("strong", {}, head.filter(Boolean).join("・")), ` ${when(alert.requested_at)}`),
    h("ul", { class: "partner-states" }, partnerStates(alert)),
  );
}

/** An outreach request (or a proposal): its state, her answers to the appointment messages, and —
 * while it is open — the withdrawal of her consent. */
export function outreachRecord(item, { appointments = [], caseId = null, reload = null, open = false } = {}) {
  const answers = appointments.filter((a) => a.request_id === item._id && a.answer);
  const parts = [h("strong", {}, label("outreach", item.status)), ` ${when(item.requested_at)}`, item.urgency ? `（${label("urgency", item.urgency)}）` : ""];
  if (item.reason) parts.push(`・${label("outreachReason", item.reason)}`);
  for (const a of answers) parts.push(h("div", { class: "hint" }, `${t("outreach.answer")}: ${label("appointmentAnswer", a.answer)}（${when(a.answered_at)}）`));
  if (open && caseId && ["requested", "scheduled"].includes(item.status)) {
    const via = h("select", { name: "via", "aria-label": t("outreach.via") }, ["line_chat", "phone", "in_person"].map((v) => h("option", { value: v }, label("via", v))));
    const status = h("p", { class: "form-status", role: "status" });
    const button = h("button", { type: "button", class: "secondary", onclick: async () => {
      button.disabled = true;
      try {
        await api.withdrawOutreach(caseId, item._id, via.value);
        status.textContent = t("outreach.withdrawn");
        await reload?.();
      } catch (err) {
        status.textContent = describeError(err);
        button.disabled = false;
      }
    } }, t("outreach.withdraw"));
    parts.push(h("div", { class: "row-actions" }, via, button), status);
  }
  return h("li", { class: "record" }, parts);
}

export function records(data, context = {}) {
  const group = (title, items, render) =>
    h("div", { class: "record-group" }, h("h3", {}, title), h("ul", { class: "records" }, items.length ? items.map(render) : h("li", { class: "empty" }, t("records.none"))));
  const appointments = Array.isArray(data.appointments) ? data.appointments : [];
  return [
    group(t("records.referrals"), Array.isArray(data.referrals) ? data.referrals : [], alertRecord),
    group(t("records.outreach"), Array.isArray(data.outreach) ? data.outreach : [], (item) => outreachRecord(item, { ...context, appointments })),
  ];
}
