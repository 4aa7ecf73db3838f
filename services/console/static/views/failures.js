// Supervisors: LINE sends and partner alerts that failed, and those still being retried (partner
// alerts are retried for about three days) — each with its state, what it was, and its case.

import { api, describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { coalesce } from "../live.js";
import { href } from "../router.js";
import { whenFull } from "../time.js";
import { caseRef, errorBox } from "./common.js";
import { alertRecord, deliveryState } from "./delivery.js";

function lineItem(item) {
  return h(
    "li",
    { class: `failure attention-${item.attention}` },
    h("div", {}, h("strong", {}, label("purpose", item.purpose)), ` ${whenFull(item.updated_at || item.requested_at)}`),
    deliveryState(item, null),
  );
}

export function renderFailures(root, ctx) {
  const errors = errorBox();
  const list = h("ul", { class: "records failures" });
  root.append(h("h1", {}, t("failures.title")), h("p", { class: "hint" }, t("failures.hint")), errors.el, list);

  async function load() {
    let data;
    try {
      data = await api.failures();
    } catch (err) {
      if (err.status !== 401) errors.show(describeError(err));
      return;
    }
    errors.clear();
    const failures = Array.isArray(data.failures) ? data.failures : [];
    clear(list);
    for (const item of failures) {
      const entry = item.kind === "alert" ? alertRecord(item) : lineItem(item);
      if (item.case_id) {
        entry.append(h("a", { class: "button secondary", href: href({ name: "case", id: item.case_id }) }, `${t("failures.openCase")} ${caseRef(item.case_id)}`));
      }
      list.append(entry);
    }
    if (!failures.length) list.append(h("li", { class: "empty" }, t("failures.empty")));
  }

  const refresh = coalesce(load, 500);
  const off = ctx.live.on((n) => ["delivery", "alert", "refresh"].includes(n.kind) && refresh());
  load();
  return { stop: off };
}
