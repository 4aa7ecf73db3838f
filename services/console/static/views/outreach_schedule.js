// 訪問の日程: the coordinator's scheduling form for a request (or rescheduling a visit) — date and
// time, a place from the catalogue her consent allows, at least two staff from the roster (their
// working days shown), the accompaniment destination and its contact, travel time either side.
// Every change asks the server what is wrong and who clashes, shown before saving; saving can still
// be refused (another coordinator was faster) and says so.

import { describeError } from "../api.js";
import { clear, field, h } from "../dom.js";
import { todayInJapan } from "../time.js";
import { dayLabel, errorLine, hhmm, japanDay, japanIso, outreach, timeRange, WORDS, word } from "./outreach_common.js";

const TRAVEL = [0, 15, 30, 45, 60, 90, 120];
const DAY_CODES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function addDays(day, n) {
  const d = new Date(`${day}T12:00:00+09:00`);
  d.setUTCDate(d.getUTCDate() + n);
  return japanDay(d);
}

function weekdayCode(day) {
  return DAY_CODES[new Date(`${day}T12:00:00+09:00`).getUTCDay()];
}

function travelSelect(name, value) {
  return h("select", { name }, TRAVEL.map((m) => h("option", { value: m, selected: m === value }, `${m}分`)));
}

export function renderOutreachSchedule(root, ctx, route) {
  const params = route.params || {};
  const visitId = params.visit || null;
  root.append(h("h1", {}, visitId ? "訪問の日時を変える" : "訪問の日程を決める"));
  const body = h("div", { class: "outreach-schedule" }, h("p", {}, "読み込み中…"));
  root.append(body);
  let stopped = false;

  (async () => {
    let request, visit, places, roster;
    try {
      if (visitId) {
        visit = (await outreach.visit(visitId)).visit;
        request = (await outreach.request(visit.request_id)).request;
      } else {
        request = (await outreach.request(params.request)).request;
      }
      [places, roster] = await Promise.all([outreach.places(), outreach.staff()]);
    } catch (err) {
      clear(body).append(h("p", { class: "error", role: "alert" }, describeError(err)));
      return;
    }
    if (!stopped) draw(request, visit, places, roster.staff);
  })();

  function draw(request, visit, catalogue, staff) {
    const consent = request.consent || {};
    const day = h("input", { type: "date", name: "day", required: true, value: visit ? japanDay(visit.starts_at) : addDays(todayInJapan(), 1) });
    const start = h("input", { type: "time", name: "start", step: 900, required: true, value: visit ? hhmm(visit.starts_at) : "14:00" });
    const end = h("input", { type: "time", name: "end", step: 900, required: true, value: visit ? hhmm(visit.ends_at) : "15:30" });
    const before = travelSelect("travel_before", visit?.travel_before_min ?? 30);
    const after = travelSelect("travel_after", visit?.travel_after_min ?? 30);
    const place = h("select", { name: "place" }, h("option", { value: "" }, "選んでください"),
      catalogue.places.map((p) => {
        const avoided = consent.avoid?.includes(p.id);
        const home = p.kind === "home";
        const wished = consent.meet_at?.includes(p.id);
        const note = avoided ? "（本人が避けたい）" : home && !consent.home ? "（本人の希望と安全確認がないため不可）" : wished ? "（本人の希望）" : "";
        return h("option", { value: p.id, disabled: avoided || (home && !consent.home), selected: visit?.place?.id === p.id }, `${p.name}${note}`);
      }));
    const chosen = new Set(visit ? visit.staff.map((s) => s.id) : []);
    const staffBoxes = staff.map((s) => {
      const box = h("input", { type: "checkbox", name: "staff", value: s.id, checked: chosen.has(s.id) });
      const off = h("span", { class: "hint off-day" });
      return { s, box, off, el: h("label", { class: "check staff-choice" }, box, ` ${s.name}`, h("span", { class: "hint" }, `（${s.role === "outreach_coordinator" ? "調整担当" : "訪問員"}・${s.languages.join("/")}・${s.days.map((d) => word("day", d)).join("")} ${s.hours}）`), off) };
    });
    const destination = h("select", { name: "accompany_to" }, h("option", { value: "" }, "同行なし"),
      Object.entries(WORDS.destination).map(([code, text]) => h("option", { value: code, selected: (visit?.accompany_to ?? consent.accompany_to) === code }, text)));
    const contact = h("input", { name: "accompany_contact", maxlength: 200, value: visit?.accompany_contact || "", placeholder: "同行先の窓口と電話番号（本人の連絡先は書かない）" });
    const details = h("textarea", { name: "details", rows: 2, maxlength: 2000, placeholder: "待ち合わせの方法など（職員だけが読みます。暗号化して保存）" });
    const problems = h("ul", { class: "problems", "aria-live": "polite" });
    const clashes = h("ul", { class: "clashes", "aria-live": "polite" });
    const status = errorLine();
    const save = h("button", { type: "submit" }, visit ? "この日時に変える" : "この日程で決める");
    const names = Object.fromEntries(staff.map((s) => [s.id, s.name]));

    const summary = h("section", { class: "request-summary" }, h("h2", {}, `依頼 ${request.case_ref}（${word("urgency", request.urgency)}）`),
      h("p", {}, `支援: ${(consent.help || []).map((c) => word("help", c)).join("・")}${consent.accompany_to ? `（同行先: ${word("destination", consent.accompany_to)}）` : ""}`),
      h("p", {}, `連絡: ${[consent.line_only ? "LINEのみ" : "", consent.never_call ? "電話しない" : ""].filter(Boolean).join("・") || "指定なし"}`),
      visit ? h("p", {}, `いまの予定: ${dayLabel(visit.starts_at)} ${timeRange(visit.starts_at, visit.ends_at)}（第${visit.revision}版）`) : null);

    function plan() {
      return {
        starts_at: japanIso(day.value, start.value),
        ends_at: japanIso(day.value, end.value),
        staff_ids: staffBoxes.filter((b) => b.box.checked).map((b) => b.s.id),
        place_id: place.value,
        travel_before_min: Number(before.value),
        travel_after_min: Number(after.value),
        accompany_to: destination.value || null,
        accompany_contact: contact.value.trim() || null,
      };
    }

    let pending = 0;
    async function check() {
      const weekday = day.value ? weekdayCode(day.value) : null;
      for (const b of staffBoxes) b.off.textContent = weekday && !b.s.days.includes(weekday) ? " この日は勤務外" : "";
      if (!day.value || !start.value || !end.value || !place.value) {
        clear(problems).append(h("li", {}, "日付・時間・場所を選ぶと、重なりを確かめます。"));
        clear(clashes);
        return;
      }
      const ticket = ++pending;
      try {
        const answer = await outreach.check({ ...plan(), request_id: request.id, visit_id: visit?.id || null });
        if (ticket !== pending) return;
        clear(problems).append(...answer.problems.map((p) => h("li", { class: "error" }, word("problem", p.code), p.staff_id ? `（${names[p.staff_id] || p.staff_id}）` : "")));
        clear(clashes).append(...answer.clashes.map((c) => h("li", { class: "error" }, `${names[c.staff_id] || c.staff_id}さんは ${timeRange(c.starts_at, c.ends_at)} に別の訪問があります（移動時間を含めて重なります）。`)));
        if (answer.ok) problems.append(h("li", { class: "ok" }, "重なりはありません。保存できます。"));
      } catch (err) {
        if (ticket === pending) clear(problems).append(h("li", { class: "error" }, describeError(err)));
      }
    }

    const form = h("form", { class: "schedule-form", novalidate: true },
      summary,
      h("div", { class: "form-grid" }, field("日付", day), field("開始", start), field("終了", end), field("移動（前）", before), field("移動（後）", after)),
      field("場所", place),
      h("fieldset", { class: "staff-list" }, h("legend", {}, "職員（2人以上）"), staffBoxes.map((b) => b.el)),
      h("div", { class: "form-grid" }, field("同行先", destination), field("同行先の連絡先", contact)),
      field("待ち合わせの方法", details),
      h("section", { class: "check-result" }, h("h2", {}, "保存する前の確認"), problems, clashes),
      save, status);
    form.addEventListener("input", () => check());
    form.addEventListener("change", () => check());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      save.disabled = true;
      status.textContent = "";
      try {
        const bodyOut = { ...plan(), details: details.value.trim() || null };
        if (visit) await outreach.reschedule(visit.id, { ...bodyOut, revision: visit.revision });
        else await outreach.schedule({ ...bodyOut, request_id: request.id });
        ctx.go({ name: "outreach-week", params: { from: day.value, saved: "1" } });
      } catch (err) {
        if (err.code === "staff_booked") status.textContent = `${names[err.extra.staff_id] || "職員"}さんは、いま別の予定が入りました。別の時間か職員を選んでください。`;
        else if (err.code === "visit_changed") status.textContent = "ほかの人がこの訪問を変更しました。読み込み直してください。";
        else if (err.extra?.problems) status.textContent = err.extra.problems.map((p) => word("problem", p.code)).join(" ");
        else status.textContent = describeError(err);
        check();
      } finally {
        save.disabled = false;
      }
    });
    clear(body).append(form);
    check();
  }
  return { stop: () => { stopped = true; } };
}
