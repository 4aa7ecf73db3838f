// Risk: the case's level, the counselor's own setting (her level wins from then on), and every
// automatic reason — what it is about in words, the words it matched, and a link to the message.

import { api } from "../api.js";
import { field, h, select } from "../dom.js";
import { currentLang, t } from "../i18n.js";
import { RISK_LEVELS, label, listOf, ruleFamily } from "../labels.js";
import { when } from "../time.js";
import { riskBadge } from "./common.js";
import { form, submit } from "./forms.js";

export function riskForm(caseId, current, after) {
  const level = select("level", RISK_LEVELS.map((l) => [l, label("risk", l)]), current);
  const reason = h("input", { name: "reason", maxlength: 1000 });
  return form(
    "risk-form",
    [field(t("risk.set"), level), field(t("risk.reason"), reason), submit(t("risk.submit"))],
    async () => {
      const body = { level: level.value };
      if (reason.value.trim()) body.reason = reason.value.trim();
      await api.setRisk(caseId, body);
      reason.value = "";
      await after();
      return t("risk.done", { level: label("risk", body.level) });
    },
    after,
  );
}

/** Every reason from every message, newest first, each with a link to its message. */
export function reasonList(messages) {
  const list = h("ul", { class: "reasons" });
  const items = [];
  for (const message of messages) {
    for (const reason of Array.isArray(message.risk_reasons) ? message.risk_reasons : []) items.push([message, reason]);
  }
  items.reverse();
  for (const [message, reason] of items) {
    const flags = Array.isArray(reason.flags) && reason.flags.length ? listOf("flag", reason.flags) : "";
    // Rule authors wrote some descriptions in English: the Japanese UI shows only those in Japanese.
    const text = reason.description || "";
    const shown = text && (currentLang() === "en" || !/^[\x00-\x7f]/.test(text));
    const detail = shown ? h("span", { class: "hint" }, ` ${text}`) : null;
    list.append(
      h(
        "li",
        {},
        riskBadge(reason.level),
        " ",
        h("strong", {}, ruleFamily(reason.rule_id)),
        detail,
        reason.span ? h("span", {}, " 「", h("mark", {}, reason.span), "」") : null,
        flags ? h("span", { class: "hint" }, `（${flags}）`) : null,
        " ",
        message.id
          ? h("button", { type: "button", class: "link", onclick: () => document.getElementById(`msg-${message.id}`)?.focus() }, t("risk.toMessage", { at: when(message.at) }))
          : null,
      ),
    );
  }
  if (!items.length) list.append(h("li", { class: "empty" }, t("risk.noReasons")));
  return list;
}
