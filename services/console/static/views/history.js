// Closed cases: found again by reference, closing date (Japan time), level and outcome — never by
// what was written. The filters are part of the address, so Back and reload keep the search.

import { api, describeError } from "../api.js";
import { clear, field, h, select } from "../dom.js";
import { t } from "../i18n.js";
import { RISK_LEVELS, label, options } from "../labels.js";
import { href, replace } from "../router.js";
import { whenFull } from "../time.js";
import { caseRef, cell, errorBox, riskBadge, table } from "./common.js";

export function renderHistory(root, ctx, route) {
  const p = route.params || {};
  const any = ["", t("history.any")];
  const ref = h("input", { name: "ref", value: p.ref || "", maxlength: 36, autocomplete: "off", spellcheck: "false" });
  const from = h("input", { name: "from", type: "date", value: p.from || "" });
  const to = h("input", { name: "to", type: "date", value: p.to || "" });
  const level = select("level", [any, ...RISK_LEVELS.map((l) => [l, label("risk", l)])], p.level || "");
  const outcome = select("outcome", [any, ...options("outcome")], p.outcome || "");
  const errors = errorBox();
  const count = h("p", { class: "summary" });
  const columns = [t("list.level"), t("history.closedAt"), t("history.outcome"), t("list.counselor"), t("list.case"), t("list.actions")];
  const { el, body } = table(t("history.title"), columns);
  const form = h(
    "form",
    { class: "search-form", role: "search" },
    field(t("history.ref"), ref),
    field(t("history.from"), from),
    field(t("history.to"), to),
    field(t("list.level"), level),
    field(t("history.outcome"), outcome),
    h("button", { type: "submit" }, t("history.search")),
  );
  root.append(h("h1", {}, t("history.title")), h("p", { class: "hint" }, t(ctx.isSupervisor ? "history.hintSupervisor" : "history.hintCounselor")), form, errors.el, count, el);

  async function search() {
    const params = { ref: ref.value.trim(), from: from.value, to: to.value, level: level.value, outcome: outcome.value };
    if (params.ref && !/^[0-9a-fA-F-]+$/.test(params.ref)) {
      errors.show(t("history.badRef"));
      return ref.focus();
    }
    replace({ name: "history", params });
    let data;
    try {
      data = await api.closed(params);
    } catch (err) {
      if (err.status !== 401) errors.show(describeError(err));
      return;
    }
    errors.clear();
    const cases = data.cases || [];
    clear(body);
    for (const item of cases) {
      body.append(
        h(
          "tr",
          {},
          cell(columns[0], riskBadge(item.risk_level)),
          cell(columns[1], whenFull(item.closed_at)),
          cell(columns[2], label("outcome", item.outcome)),
          cell(columns[3], item.counselor_name || "—"),
          cell(columns[4], h("span", { class: "mono" }, caseRef(item.id))),
          cell(columns[5], h("a", { class: "button secondary", href: href({ name: "case", id: item.id }) }, t("list.open"))),
        ),
      );
    }
    if (!cases.length) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, t("list.empty"))));
    count.textContent = t("list.count", { n: cases.length });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  search();
  return { stop() {} };
}
