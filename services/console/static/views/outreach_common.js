// What the outreach pages share: the calls to outreach's API (/api/outreach/..., behind the one
// login), the Japanese words for its codes, Japan-time dates, and the coordinator's alerts banner.
// Nothing here shows her words or her LINE id: requests and visits carry codes, times and names of
// staff and places only.

import { request } from "../api.js";
import { h } from "../dom.js";

const base = "/api/outreach";
const enc = encodeURIComponent;

export const outreach = {
  requests: () => request("GET", `${base}/requests`),
  request: (id) => request("GET", `${base}/requests/${enc(id)}`),
  cancelRequest: (id, reason) => request("POST", `${base}/requests/${enc(id)}/cancel`, { reason }),
  week: (from) => request("GET", `${base}/visits?from=${enc(from)}&days=7`),
  visit: (id) => request("GET", `${base}/visits/${enc(id)}`),
  check: (body) => request("POST", `${base}/visits/check`, body),
  schedule: (body) => request("POST", `${base}/visits`, body),
  reschedule: (id, body) => request("PUT", `${base}/visits/${enc(id)}`, body),
  cancelVisit: (id, body) => request("POST", `${base}/visits/${enc(id)}/cancel`, body),
  today: () => request("GET", `${base}/today`),
  checkIn: (id) => request("POST", `${base}/visits/${enc(id)}/check-in`),
  checkOut: (id) => request("POST", `${base}/visits/${enc(id)}/check-out`),
  result: (id, body) => request("POST", `${base}/visits/${enc(id)}/result`, body),
  staff: () => request("GET", `${base}/staff`),
  places: () => request("GET", `${base}/places`),
  alerts: () => request("GET", `${base}/alerts`),
  acknowledge: (id) => request("POST", `${base}/alerts/${enc(id)}/ack`),
  figures: (fy) => request("GET", `${base}/figures${fy ? `?fy=${enc(fy)}` : ""}`),
};

export const WORDS = {
  urgency: { emergency: "緊急", high: "高", normal: "通常" },
  help: { meet_and_talk: "会って話を聞く", accompany: "同行する" },
  destination: {
    welfare_office: "福祉事務所", police: "警察", child_family_support_center: "子ども家庭支援センター",
    womens_council: "女性相談窓口", hospital: "病院", ward_office: "区役所の窓口", court: "裁判所",
    legal_aid: "法律相談", housing: "住まいの窓口", other: "その他",
  },
  requestStatus: {
    requested: "日程調整待ち", reschedule_requested: "別の日時を希望", scheduled: "訪問予定あり",
    completed: "実施済み", no_show: "会えなかった", cancelled: "取り消し",
  },
  visitStatus: {
    scheduled: "予定", confirmed: "本人確認済み", reschedule_requested: "別の日時を希望", in_progress: "訪問中",
    completed: "実施済み", no_show: "会えなかった", cancelled: "取り消し",
  },
  answer: { confirm: "この日時で大丈夫", reschedule: "別の日時にしたい", cancel: "キャンセルしたい" },
  cancelReason: {
    consent_withdrawn: "同意の撤回", case_closed: "ケース終了", consulter_cancelled: "本人の取り消し",
    coordinator: "調整担当の判断", staff_unavailable: "職員の都合", safety: "安全上の理由", other: "その他",
  },
  cancelledBy: { consulter: "本人", coordinator: "調整担当", counselor: "相談員", system: "システム" },
  nextStep: { referral: "他機関へつなぐ", follow_up_visit: "次回の訪問", counselor_follow_up: "相談員がフォロー", none: "なし" },
  via: { line_chat: "LINEのトーク", phone: "電話", in_person: "対面", unrecorded: "記録なし（旧形式）" },
  problem: {
    two_staff_needed: "職員が2人以上必要です。",
    unknown_staff: "名簿にない職員です。",
    staff_not_working: "勤務日・勤務時間外の職員がいます。",
    in_the_past: "過去の日時は指定できません。",
    ends_before_start: "終了が開始より前です。",
    too_long: "訪問は8時間までです。",
    unknown_place: "場所の一覧にない場所です。",
    place_refused: "ご本人が避けたい場所です。",
    place_not_agreed: "ご本人が同意した場所ではありません。",
    home_not_agreed: "自宅訪問はご本人の希望と相談員の安全確認がある場合だけです。",
  },
  alert: { checkout_overdue: "退出の記録がありません（安全確認）", reschedule_requested: "ご本人が別の日時を希望", consulter_cancelled: "ご本人が取り消し" },
  weekday: ["日", "月", "火", "水", "木", "金", "土"],
  day: { mon: "月", tue: "火", wed: "水", thu: "木", fri: "金", sat: "土", sun: "日" },
};

export const word = (table, code) => (code && WORDS[table]?.[code]) || code || "—";

const ZONE = "Asia/Tokyo";
const fmt = (value, options) =>
  value ? new Intl.DateTimeFormat("ja-JP", { timeZone: ZONE, hour12: false, ...options }).format(new Date(value)) : "—";

/** 12月5日（土） */
export function dayLabel(value) {
  if (!value) return "—";
  return `${fmt(value, { month: "numeric", day: "numeric" })}（${WORDS.weekday[jstWeekday(new Date(value))]}）`;
}

function jstWeekday(d) {
  const short = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, weekday: "short" }).format(d);
  return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(short);
}

/** 14:00 */
export const hhmm = (value) => fmt(value, { hour: "2-digit", minute: "2-digit" });

/** 14:00〜15:30 */
export const timeRange = (start, end) => `${hhmm(start)}〜${hhmm(end)}`;

/** An ISO time with Japan's zone from a date input (YYYY-MM-DD) and a time input (HH:MM). */
export const japanIso = (day, time) => `${day}T${time}:00+09:00`;

/** YYYY-MM-DD of a moment, in Japan. */
export function japanDay(value) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(value));
}

export function statusBadge(table, status) {
  return h("span", { class: `badge outreach-status status-${status}` }, word(table, status));
}

/** The coordinator's open alerts (overdue check-outs first), each acknowledged in one click. */
export function alertsBanner(ctx, after) {
  const box = h("section", { class: "outreach-alerts", "aria-label": "対応が必要なこと" });
  const canAck = ctx.user.role === "outreach_coordinator";
  async function load() {
    let data;
    try {
      data = await outreach.alerts();
    } catch (err) {
      return;
    }
    box.replaceChildren();
    const alerts = [...data.alerts].sort((a, b) => (a.kind === "checkout_overdue" ? -1 : 0) - (b.kind === "checkout_overdue" ? -1 : 0));
    for (const alert of alerts) {
      const ack = canAck ? h("button", { type: "button", class: "secondary", onclick: async () => { await outreach.acknowledge(alert._id); load(); after?.(); } }, "確認した") : null;
      box.append(h("p", { class: alert.kind === "checkout_overdue" ? "warning urgent" : "notice", role: alert.kind === "checkout_overdue" ? "alert" : null },
        h("strong", {}, word("alert", alert.kind)), ` 訪問 ${String(alert.visit_id || "").slice(0, 9)}（${dayLabel(alert.at)} ${hhmm(alert.at)}）`, " ", ack));
    }
  }
  load();
  return { el: box, load };
}

export function errorLine() {
  return h("p", { class: "form-status error", role: "alert" });
}
