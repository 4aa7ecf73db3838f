// The conversation: her messages on the left, the service's on the right, as text nodes only.
// The words a risk rule matched are wrapped in <mark> (still text nodes inside).

import { h } from "../dom.js";
import { flagLabel, kindLabel, when } from "../labels.js";
import { riskBadge } from "./common.js";

/**
 * Where each reason's span sits in `text`, as UTF-16 [start, end) ranges, overlaps merged.
 * The server's start/end count code points of the NFKC-normalised text: used only when the text is
 * already in that form; otherwise the span is looked up in the text as written. A span that cannot
 * be placed is still listed with the reasons, just not highlighted.
 */
export function spanRanges(text, reasons) {
  const ranges = [];
  const normalised = text.normalize("NFKC") === text;
  const points = normalised ? Array.from(text) : null;
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
    nodes.push(h("mark", { title: "危険度の判定に使われた語 (matched words)" }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function body(message) {
  const shown = typeof message.edited_text === "string" && message.edited_text ? message.edited_text : message.text;
  const parts = [];
  if (message.kind && message.kind !== "text") {
    parts.push(h("span", { class: "kind-label" }, `「${kindLabel(message.kind)}」`));
  }
  if (typeof shown === "string" && shown) {
    parts.push(h("p", { class: "msg-text" }, message.direction === "in" ? highlighted(shown, message.risk_reasons) : shown));
  } else if (!message.kind || message.kind === "text") {
    parts.push(h("span", { class: "kind-label" }, "（本文なし）"));
  }
  if (shown !== message.text && typeof message.text === "string" && message.text) {
    parts.push(h("details", { class: "original" }, h("summary", {}, "編集前の文 (original)"), h("p", { class: "msg-text" }, message.text)));
  }
  return parts;
}

export function messageItem(message) {
  const incoming = message.direction === "in";
  const level = message.risk && typeof message.risk === "object" ? message.risk.level : null;
  const tags = [];
  if (message.edited_text) tags.push(h("span", { class: "badge" }, "編集済み"));
  if (message.hidden) tags.push(h("span", { class: "badge" }, "送信取消 (unsent)"));
  if (incoming && level && level !== "low") tags.push(riskBadge(level));
  return h(
    "li",
    {
      class: `msg ${incoming ? "msg-in" : "msg-out"}${message.hidden ? " msg-hidden" : ""}`,
      id: message.id ? `msg-${message.id}` : null,
      tabindex: "-1",
    },
    h(
      "div",
      { class: "msg-meta" },
      h("span", {}, incoming ? "相談者" : `相談員${message.author_id ? ` (${message.author_id})` : ""}`),
      " ",
      h("time", { datetime: message.at || "" }, when(message.at)),
      " ",
      tags,
    ),
    body(message),
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
    const flags = Array.isArray(reason.flags) && reason.flags.length ? reason.flags.map(flagLabel).join("、") : "";
    list.append(
      h(
        "li",
        {},
        riskBadge(reason.level),
        " ",
        h("code", {}, reason.rule_id ?? "?"),
        reason.description ? h("span", {}, ` ${reason.description}`) : null,
        reason.span ? h("span", {}, " 一致: ", h("mark", {}, reason.span)) : null,
        flags ? h("span", { class: "hint" }, ` [${flags}]`) : null,
        " ",
        message.id
          ? h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: () => document.getElementById(`msg-${message.id}`)?.focus(),
              },
              `${when(message.at)} のメッセージへ`,
            )
          : null,
      ),
    );
  }
  if (!items.length) list.append(h("li", { class: "empty" }, "自動判定の理由はありません (no automatic reasons)"));
  return list;
}
