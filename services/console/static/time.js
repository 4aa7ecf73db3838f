// Times as the service lives them: Japan time (Asia/Tokyo), whatever the browser's own zone is.
// The English UI shows the same numbers (it is Japan time for everyone in the service).
// The API sends ISO 8601 with a zone; only the browser's elapsed time is trusted for counters.

const ZONE = "Asia/Tokyo";

// One numeric form in both languages (12/03 19:05): a day-month order would be misread.
function format(value, options) {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat("ja-JP", { timeZone: ZONE, hour12: false, ...options }).format(d);
}

/** 12/03 19:05 — month, day and time in Japan time. */
export function when(value) {
  return format(value, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

/** 2026/12/03 19:05 — with the year, for closed cases and records. */
export function whenFull(value) {
  return format(value, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

/** 19:05:12 — the time of day, for the next retry of a send. */
export function clock(value) {
  return format(value, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** Today in Japan as YYYY-MM-DD (a date input's value). */
export function todayInJapan() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  return parts.format(new Date());
}

/** Seconds as mm:ss (hours roll into minutes: 75:03 is clearer than 1:15:03 in a queue). */
export function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
