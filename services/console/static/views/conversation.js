// The conversation: her messages on the left; counselors' replies and what the system sent her on
// the right, each with its real delivery state. Text nodes only; the words a risk rule matched are
// wrapped in <mark> (still text inside).

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { when } from "../time.js";
import { riskBadge } from "./common.js";
import { deliveryState } from "./delivery.js";

/**
 * Where each reason's span sits in `text`, as UTF-16 [start, end) ranges, overlaps merged.
 * The server's start/end count code points of the NFKC-normalised text: used only when the text is
 * already in that form; otherwise the span is looked up in the text as written. A span that cannot
 * be placed is still listed with the reasons, just not highlighted.
 */
export function spanRanges(text, reasons) {
  const ranges = [];
  const points = text.normalize("NFKC") === text ? Array.from(text) : null;
  for (const reason of reasons || []) {
    const span = typeof reason?.span === "string" ? reason.span : "";
    if (!span) continue;
    if (points && Number.isInteger(reason.start) && Number.isInteger(reason.end)) {
      const piece = points.slice(reason.start, reason.end).join("");
      if (piece === span) {
        const start = points.slice(0, reason.start).join("").length;
        ranges.push([start, start + piece.length]);
        continue;
      }
    }
    const at = text.indexOf(span);
    if (at >= 0) ranges.push([at, at + span.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function highlighted(text, reasons) {
  const nodes = [];
  let at = 0;
  for (const [start, end] of spanRanges(text, reasons)) {
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    nodes.push(h("mark", { title: t("case.matched") }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function body(message) {
  const shown = message.edited_text || message.text;
  const parts = [];
  if (message.kind && message.kind !== "text") parts.push(h("span", { class: "kind-label" }, t("case.kindLabel", { kind: label("kind", message.kind) })));
  if (typeof shown === "string" && shown) {
    parts.push(h("p", { class: "msg-text" }, message.direction === "in" ? highlighted(shown, message.risk_reasons) : shown));
  } else if (!message.kind || message.kind === "text") {
    parts.push(h("span", { class: "kind-label" }, t("case.noText")));
  }
  if (message.system && message.gloss) {
    parts.push(h("details", { class: "gloss", open: true }, h("summary", {}, t("case.gloss")), h("p", { class: "msg-text" }, message.gloss)));
  }
  if (message.edited_text && message.text) {
    parts.push(h("details", { class: "original" }, h("summary", {}, t("case.original")), h("p", { class: "msg-text" }, message.text)));
  }
  return parts;
}

function author(message, names) {
  if (message.direction === "in") return t("case.from.her");
  if (message.system) return t("case.from.system", { purpose: label("purpose", message.system) });
  return t("case.from.counselor", { name: names[message.author_id] || message.author_id || "?" });
}

/** One message; `deliveries` maps request id → record; `onResend(message)` for a failed reply. */
export function messageItem(message, { names, deliveries, onResend }) {
  const incoming = message.direction === "in";
  const tags = [];
  if (message.edited_text) tags.push(h("span", { class: "badge" }, t("case.edited")));
  if (message.hidden) tags.push(h("span", { class: "badge" }, t("case.unsent")));
  const level = message.risk?.level;
  if (incoming && level && level !== "low") tags.push(riskBadge(level));
  if (message.system && message.lang && message.lang !== "ja") tags.push(h("span", { class: "badge" }, t("case.langSent", { lang: label("lang", message.lang) })));
  const state = incoming ? null : deliveryState(deliveries[message.request_id], message.author_id ? () => onResend(message) : null);
  const classes = ["msg", incoming ? "msg-in" : "msg-out", message.system ? "msg-system" : "", message.hidden ? "msg-hidden" : ""];
  return h(
    "li",
    { class: classes.filter(Boolean).join(" "), id: message.id ? `msg-${message.id}` : null, tabindex: "-1", dataset: { requestId: message.request_id || "" } },
    h("div", { class: "msg-meta" }, h("span", {}, author(message, names)), " ", h("time", { datetime: message.at || "" }, when(message.at)), " ", tags),
    body(message),
    state,
  );
}
