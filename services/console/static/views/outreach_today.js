// 今日の訪問: a worker's visits today (a coordinator's: all of today's) — where, with whom, how to
// meet, where she is accompanied; the check-in when they arrive and the check-out when they leave
// (a missing check-out alerts the coordinator: staff safety); and the result.

import { describeError } from "../api.js";
import { clear, field, h } from "../dom.js";
import { dayLabel, errorLine, hhmm, outreach, statusBadge, timeRange, WORDS, word } from "./outreach_common.js";

function resultForm(visit, after) {
  const result = h("select", { name: "result" },
    [["completed", "実施した"], ["no_show", "会えなかった"], ["cancelled", "取りやめた"]].map(([v, t]) => h("option", { value: v }, t)));
  const by = h("select", { name: "cancelled_by" }, Object.entries(WORDS.cancelledBy).filter(([c]) => c !== "system").map(([c, t]) => h("option", { value: c }, t)));
  const reason = h("select", { name: "cancel_reason" }, Object.entries(WORDS.cancelReason).map(([c, t]) => h("option", { value: c }, t)));
  const cancelled = h("div", { class: "cancel-fields", hidden: true }, field("取りやめたのは", by), field("理由", reason));
  const accompanied = h("select", { name: "accompanied_to" }, h("option", { value: "" }, "同行なし"),
    Object.entries(WORDS.destination).map(([c, t]) => h("option", { value: c, selected: visit.accompany_to === c }, t)));
  const steps = Object.entries(WORDS.nextStep).map(([code, text]) => ({ code, box: h("input", { type: "checkbox", name: "next_steps", value: code }), text }));
  const notes = h("textarea", { name: "notes", rows: 3, maxlength: 5000, placeholder: "記録（暗号化して保存。ご本人の連絡先や住所は書かない）" });
  const status = errorLine();
  result.addEventListener("change", () => { cancelled.hidden = result.value !== "cancelled"; });
  const form = h("form", { class: "result-form" }, h("h3", {}, "結果の記録"), field("結果", result), cancelled, field("同行した先", accompanied),
    h("fieldset", {}, h("legend", {}, "次にすること"), steps.map((s) => h("label", { class: "check" }, s.box, ` ${s.text}`))),
    field("記録", notes), h("button", { type: "submit" }, "結果を保存"), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      result: result.value,
      accompanied_to: accompanied.value || null,
      next_steps: steps.filter((s) => s.box.checked).map((s) => s.code),
      notes: notes.value.trim() || null,
    };
    if (result.value === "cancelled") Object.assign(body, { cancelled_by: by.value, cancel_reason: reason.value });
    try {
      await outreach.result(visit.id, body);
      after();
    } catch (err) {
      status.textContent = err.code === "not_started" ? "到着（チェックイン）の記録がないため、結果は保存できません。" : describeError(err);
    }
  });
  return form;
}

function visitCard(visit, full, reload) {
  const status = errorLine();
  const act = (call, label) => h("button", { type: "button", onclick: async () => { try { await call(visit.id); reload(); } catch (err) { status.textContent = describeError(err); } } }, label);
  const open = ["scheduled", "confirmed", "reschedule_requested", "in_progress"].includes(visit.status);
  const buttons = [];
  if (open && !visit.check_in) buttons.push(act(outreach.checkIn, "到着した（チェックイン）"));
  if (visit.check_in && !visit.check_out) buttons.push(act(outreach.checkOut, "退出した（チェックアウト）"));
  return h("article", { class: `today-visit status-${visit.status}`, dataset: { visitId: visit.id } },
    h("h2", {}, `${timeRange(visit.starts_at, visit.ends_at)} ${visit.place.name || ""}`),
    h("p", {}, statusBadge("visitStatus", visit.status), ` 職員 ${visit.staff.map((s) => s.name).join("・")}・ケース ${visit.case_ref}`),
    visit.place.note ? h("p", { class: "hint" }, visit.place.note) : null,
    full?.details ? h("p", { class: "notice" }, `待ち合わせ: ${full.details}`) : null,
    visit.accompany_to ? h("p", {}, `同行先: ${word("destination", visit.accompany_to)}${visit.accompany_contact ? `（${visit.accompany_contact}）` : ""}`) : null,
    h("p", {}, `ご本人の回答: ${visit.answer ? word("answer", visit.answer.answer) : "まだありません"}`),
    h("p", { class: "times" }, `到着 ${visit.check_in ? hhmm(visit.check_in.at) : "—"}／退出 ${visit.check_out ? hhmm(visit.check_out.at) : "—"}`),
    h("div", { class: "row-actions" }, buttons), status,
    open ? resultForm(visit, reload) : visit.result ? h("p", {}, `結果: ${word("visitStatus", visit.result.result)}`) : null);
}

export function renderOutreachToday(root, ctx) {
  const list = h("div", { class: "today-list" });
  const errors = errorLine();
  const title = h("h1", {}, "今日の訪問");
  root.append(title, h("p", { class: "hint" }, "着いたらチェックイン、出たらチェックアウトを押してください。予定の終了から一定時間たっても退出の記録がないと、調整担当に知らせます。"), errors, list);
  async function load() {
    try {
      const today = await outreach.today();
      title.textContent = `今日の訪問（${dayLabel(`${today.date}T12:00:00+09:00`)}）`;
      const details = await Promise.all(today.visits.map((v) => outreach.visit(v.id).then((d) => d.visit).catch(() => null)));
      clear(list).append(...(today.visits.length ? today.visits.map((v, i) => visitCard(v, details[i], load)) : [h("p", { class: "empty" }, "今日の訪問はありません。")]));
      errors.textContent = "";
    } catch (err) {
      if (err.status !== 401) errors.textContent = describeError(err);
    }
  }
  load();
  return {};
}
