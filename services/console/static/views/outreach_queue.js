// アウトリーチ依頼: the coordinator's queue — requests waiting for a visit, most urgent and oldest
// first, with what her consent allows (how to contact her, where she would or would not meet); the
// visits already planned; the alerts (an overdue check-out first). Supervisors read it.

import { describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { href } from "../router.js";
import { alertsBanner, dayLabel, errorLine, outreach, statusBadge, timeRange, word } from "./outreach_common.js";

function contactLine(consent) {
  if (!consent) return "—";
  const parts = [];
  if (consent.line_only) parts.push("LINEのみ");
  if (consent.never_call) parts.push("電話しない");
  for (const w of consent.windows || []) parts.push(`${w.days.map((d) => word("day", d)).join("・")} ${w.start}〜${w.end}`);
  return parts.join("／") || "指定なし";
}

function placeLine(consent, names) {
  if (!consent) return "—";
  const name = (id) => names[id] || id;
  const parts = [];
  if (consent.meet_at?.length) parts.push(`希望: ${consent.meet_at.map(name).join("、")}`);
  if (consent.avoid?.length) parts.push(`避けたい: ${consent.avoid.map(name).join("、")}`);
  if (consent.home) parts.push("自宅可（相談員が安全確認）");
  return parts.join("／") || "安全な場所ならどこでも";
}

function helpLine(item) {
  const consent = item.consent || {};
  const help = (consent.help || []).map((c) => word("help", c)).join("・");
  const to = consent.accompany_to || item.accompaniment;
  return to ? `${help}（同行先: ${word("destination", to)}）` : help || "—";
}

export function renderOutreachQueue(root, ctx) {
  const isCoordinator = ctx.user.role === "outreach_coordinator";
  const errors = errorLine();
  const waiting = h("tbody");
  const scheduled = h("tbody");
  let names = {};
  const alerts = alertsBanner(ctx, () => load());
  root.append(
    h("h1", {}, "アウトリーチ依頼"),
    h("p", { class: "hint" }, "緊急度の高い順、同じ緊急度では同意を得てからの日数が長い順です。本人の言葉や連絡先はここには出ません。"),
    alerts.el,
    errors,
    h("h2", {}, "日程調整を待っている依頼"),
    h("table", { class: "cases outreach-table" }, h("thead", {}, h("tr", {}, ["緊急度", "待ち日数", "ケース", "支援の内容", "連絡の方法", "会う場所", "状態", "操作"].map((c) => h("th", { scope: "col" }, c)))), waiting),
    h("h2", {}, "訪問予定のある依頼"),
    h("table", { class: "cases outreach-table" }, h("thead", {}, h("tr", {}, ["ケース", "支援の内容", "状態", "訪問"].map((c) => h("th", { scope: "col" }, c)))), scheduled),
  );

  function row(item) {
    const action = isCoordinator
      ? item.visit_id
        ? h("a", { class: "button", href: href({ name: "outreach-schedule", params: { visit: item.visit_id } }) }, "日時を変える")
        : h("a", { class: "button", href: href({ name: "outreach-schedule", params: { request: item.id } }) }, "日程を決める")
      : "—";
    return h("tr", { class: `row-${item.urgency}`, dataset: { requestId: item.id } },
      h("td", { "data-label": "緊急度" }, h("span", { class: `badge urgency-${item.urgency}` }, word("urgency", item.urgency))),
      h("td", { "data-label": "待ち日数" }, `${item.waiting_days ?? "—"}日`),
      h("td", { "data-label": "ケース", class: "mono" }, item.case_ref),
      h("td", { "data-label": "支援の内容" }, helpLine(item), item.area ? h("div", { class: "hint" }, `地域: ${item.area}`) : null),
      h("td", { "data-label": "連絡の方法" }, contactLine(item.consent)),
      h("td", { "data-label": "会う場所" }, placeLine(item.consent, names)),
      h("td", { "data-label": "状態" }, statusBadge("requestStatus", item.status)),
      h("td", { "data-label": "操作" }, action));
  }

  async function scheduledRow(item) {
    let visitText = "—";
    try {
      const { visit } = await outreach.visit(item.visit_id);
      visitText = `${dayLabel(visit.starts_at)} ${timeRange(visit.starts_at, visit.ends_at)} ${visit.place.name || ""}（${visit.staff.map((s) => s.name).join("・")}）`;
    } catch (err) {
      // shown as — ; the calendar has it
    }
    return h("tr", {}, h("td", { class: "mono", "data-label": "ケース" }, item.case_ref), h("td", { "data-label": "支援の内容" }, helpLine(item)),
      h("td", { "data-label": "状態" }, statusBadge("requestStatus", item.status)), h("td", { "data-label": "訪問" }, visitText));
  }

  async function load() {
    try {
      const [data, places] = await Promise.all([outreach.requests(), outreach.places()]);
      names = Object.fromEntries(places.places.map((p) => [p.id, p.name]));
      clear(waiting).append(...(data.waiting.length ? data.waiting.map(row) : [h("tr", {}, h("td", { colspan: 8, class: "empty" }, "日程調整を待っている依頼はありません。"))]));
      const rows = await Promise.all(data.scheduled.map(scheduledRow));
      clear(scheduled).append(...(rows.length ? rows : [h("tr", {}, h("td", { colspan: 4, class: "empty" }, "訪問予定はありません。"))]));
      errors.textContent = "";
    } catch (err) {
      if (err.status !== 401) errors.textContent = describeError(err);
    }
  }
  load();
  const timer = window.setInterval(() => document.hidden || (load(), alerts.load()), 30000);
  return { stop: () => window.clearInterval(timer) };
}
