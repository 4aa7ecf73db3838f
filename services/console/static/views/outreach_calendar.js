// 訪問カレンダー: a week of visits, a column per day with who works that day and each visit's time,
// place and two (or more) staff, her answer, and what happened. A visit opens below the week: its
// history, and for coordinators rescheduling and cancelling.

import { describeError } from "../api.js";
import { clear, field, h } from "../dom.js";
import { href } from "../router.js";
import { todayInJapan } from "../time.js";
import { dayLabel, errorLine, hhmm, japanDay, outreach, statusBadge, timeRange, WORDS, word } from "./outreach_common.js";

function monday(day) {
  const d = new Date(`${day}T12:00:00+09:00`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return japanDay(d);
}

function shift(day, days) {
  const d = new Date(`${day}T12:00:00+09:00`);
  d.setUTCDate(d.getUTCDate() + days);
  return japanDay(d);
}

export function renderOutreachCalendar(root, ctx, route) {
  const params = route.params || {};
  const from = monday(params.from || todayInJapan());
  const isCoordinator = ctx.user.role === "outreach_coordinator";
  const errors = errorLine();
  const grid = h("div", { class: "week-grid", role: "list" });
  const detail = h("section", { class: "visit-detail", "aria-live": "polite" });
  const go = (day) => ctx.go({ name: "outreach-week", params: { from: day } });
  root.append(
    h("h1", {}, "訪問カレンダー"),
    params.saved ? h("p", { class: "form-status ok", role: "status" }, "保存しました。ご本人へ確認のメッセージを送ります（通知音なし）。") : null,
    h("div", { class: "row-actions week-nav" },
      h("button", { type: "button", class: "secondary", onclick: () => go(shift(from, -7)) }, "前の週"),
      h("button", { type: "button", class: "secondary", onclick: () => go(todayInJapan()) }, "今週"),
      h("button", { type: "button", class: "secondary", onclick: () => go(shift(from, 7)) }, "次の週")),
    errors, grid, detail);

  async function open(id) {
    clear(detail).append(h("p", {}, "読み込み中…"));
    let visit;
    try {
      visit = (await outreach.visit(id)).visit;
    } catch (err) {
      clear(detail).append(h("p", { class: "error", role: "alert" }, describeError(err)));
      return;
    }
    const items = [
      h("h2", {}, `${dayLabel(visit.starts_at)} ${timeRange(visit.starts_at, visit.ends_at)} ${visit.place.name || ""}`),
      h("p", {}, statusBadge("visitStatus", visit.status), ` ケース ${visit.case_ref}・第${visit.revision}版・職員 ${visit.staff.map((s) => s.name).join("・")}`),
      h("p", {}, `移動 前${visit.travel_before_min}分／後${visit.travel_after_min}分`, visit.accompany_to ? `・同行先 ${word("destination", visit.accompany_to)}${visit.accompany_contact ? `（${visit.accompany_contact}）` : ""}` : ""),
      h("p", {}, `ご本人の回答: ${visit.answer ? word("answer", visit.answer.answer) : "まだありません"}`),
      visit.details ? h("p", { class: "notice" }, `待ち合わせ: ${visit.details}`) : null,
      visit.history?.length ? h("ol", { class: "history" }, visit.history.map((e) => h("li", {}, `${dayLabel(e.at)} ${hhmm(e.at)} ${e.event}${e.revision ? `（第${e.revision}版）` : ""}`))) : null,
    ];
    if (isCoordinator && ["scheduled", "confirmed", "reschedule_requested"].includes(visit.status)) {
      const reason = h("select", { name: "reason" }, Object.entries(WORDS.cancelReason).filter(([c]) => !["case_closed", "consent_withdrawn", "consulter_cancelled"].includes(c)).map(([c, t]) => h("option", { value: c }, t)));
      const whole = h("input", { type: "checkbox", name: "whole_request" });
      const status = errorLine();
      const cancel = h("form", { class: "cancel-form" }, field("取り消す理由", reason), h("label", { class: "check" }, whole, " 依頼そのものも終える（ご本人の担当相談員に伝わります）"),
        h("button", { type: "submit", class: "danger" }, "この訪問を取り消す"), status);
      cancel.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await outreach.cancelVisit(visit.id, { reason: reason.value, whole_request: whole.checked });
          load();
          open(visit.id);
        } catch (err) {
          status.textContent = describeError(err);
        }
      });
      items.push(h("div", { class: "row-actions" }, h("a", { class: "button", href: href({ name: "outreach-schedule", params: { visit: visit.id } }) }, "日時を変える")), cancel);
    }
    clear(detail).append(...items);
  }

  async function load() {
    let week;
    try {
      week = await outreach.week(from);
    } catch (err) {
      if (err.status !== 401) errors.textContent = describeError(err);
      return;
    }
    clear(grid);
    for (const day of week.days) {
      const visits = week.visits.filter((v) => japanDay(v.starts_at) === day);
      const cards = visits.map((v) =>
        h("li", { class: `visit-card status-${v.status}` },
          h("button", { type: "button", class: "link", onclick: () => open(v.id) }, timeRange(v.starts_at, v.ends_at)),
          h("div", {}, v.place.name || "—"),
          h("div", { class: "staff-names" }, v.staff.map((s) => s.name).join("・")),
          statusBadge("visitStatus", v.status),
          v.answer ? h("div", { class: "hint" }, `本人: ${word("answer", v.answer.answer)}`) : null));
      grid.append(h("section", { class: day === week.today ? "day today" : "day", role: "listitem", "aria-label": dayLabel(`${day}T12:00:00+09:00`) },
        h("h2", {}, dayLabel(`${day}T12:00:00+09:00`), day === week.today ? h("span", { class: "badge" }, "今日") : null),
        h("p", { class: "hint working" }, `勤務: ${(week.working[day] || []).map((s) => s.name).join("・") || "なし"}`),
        h("ul", { class: "visits" }, cards.length ? cards : h("li", { class: "empty" }, "訪問なし"))));
    }
    errors.textContent = "";
  }
  load();
  return {};
}
