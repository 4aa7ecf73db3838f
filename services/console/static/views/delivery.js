// What really became of each send, in words: sending, retrying (with when the next try is),
// delivered, failed (with why) — for LINE messages in the conversation and for partner alerts and
// outreach requests in the records. A failed reply has a one-click "send again".

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

export function outreachRecord(item) {
  return h("li", { class: "record" }, h("strong", {}, label("outreach", item.status)), ` ${when(item.requested_at)}`, item.urgency ? `（${label("urgency", item.urgency)}）` : "");
}

export function records(data) {
  const group = (title, items, render) =>
    h("div", { class: "record-group" }, h("h3", {}, title), h("ul", { class: "records" }, items.length ? items.map(render) : h("li", { class: "empty" }, t("records.none"))));
  return [
    group(t("records.referrals"), Array.isArray(data.referrals) ? data.referrals : [], alertRecord),
    group(t("records.outreach"), Array.isArray(data.outreach) ? data.outreach : [], outreachRecord),
  ];
}
