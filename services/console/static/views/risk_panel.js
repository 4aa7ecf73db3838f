// Risk: the case's level, the counselor's own setting (her level wins from then on), and every
// automatic reason — what it is about in words, the words it matched, and a link to the message.

import { api } from "../api.js";
import { field, h, select } from "../dom.js";
import { currentLang, t } from "../i18n.js";
import { RISK_LEVELS, flagLabel, label, ruleFamily } from "../labels.js";
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

/**
 * When the automatic assessment of her latest message was unsure between two levels, it took the
 * higher for the queue: say so, and let the counselor confirm it or lower it in one click (her
 * choice is kept as a counselor setting, and counted to improve the assessment — never her words).
 */
export function uncertainBox(caseId, c, messages, after) {
  if (c.risk_set_by === "counselor") return null;
  const latest = [...messages].reverse().find((m) => m.direction === "in" && m.risk);
  if (!latest?.risk?.uncertain) return null;
  const higher = c.risk_level;
  const lower = latest.risk.alternative && latest.risk.alternative !== higher ? latest.risk.alternative : null;
  const choose = (level, code) => async () => {
    await api.setRisk(caseId, { level, reason_code: code });
    await after();
    return t("risk.done", { level: label("risk", level) });
  };
  const buttons = [submit(t("risk.confirm", { level: label("risk", higher) }), { value: "confirm" })];
  if (lower) buttons.push(submit(t("risk.lower", { level: label("risk", lower) }), { value: "lower", class: "secondary" }));
  const el = form("risk-uncertain", [h("p", {}, t("risk.uncertain", { higher: label("risk", higher), lower: label("risk", lower || higher) })), h("div", { class: "row-actions" }, buttons)], (status, event) => {
    const which = event?.submitter?.value;
    return which === "lower" ? choose(lower, "other")() : choose(higher, "confirmed")();
  }, after);
  return el;
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
    const flags = Array.isArray(reason.flags) && reason.flags.length ? reason.flags.map(flagLabel).join("、") : "";
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
