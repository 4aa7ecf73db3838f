// The console's only way to the server: JSON over fetch, same origin, the session cookie sent by
// the browser, the CSRF token kept in memory only (never in any browser storage).

import { label } from "./labels.js";

export class ApiError extends Error {
  constructor(status, code, message, retryAfter, extra = {}) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || "";
    this.retryAfter = retryAfter;
    this.extra = extra;
  }
}

let csrfToken = "";
let onUnauthenticated = () => {};

export function setCsrfToken(token) {
  csrfToken = typeof token === "string" ? token : "";
}

export function clearSession() {
  csrfToken = "";
}

/** Called once with a function run whenever the server answers 401 (session ended). */
export function handleUnauthenticated(callback) {
  onUnauthenticated = callback;
}

export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", cache: "no-store", redirect: "error" };
  if (method !== "GET" && method !== "HEAD") {
    headers["X-CSRF-Token"] = csrfToken;
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, "network", "network error");
  }
  let data = null;
  if ((response.headers.get("Content-Type") || "").includes("application/json")) {
    data = await response.json().catch(() => null);
  }
  if (!response.ok) {
    const { code, message, ...extra } = data && typeof data.error === "object" && data.error ? data.error : {};
    const failure = new ApiError(response.status, code, message, response.headers.get("Retry-After"), extra);
    if (response.status === 401 && path !== "/api/auth/login") {
      clearSession();
      onUnauthenticated(failure);
    }
    throw failure;
  }
  return data === null ? {} : data;
}

const casePath = (id) => `/api/cases/${encodeURIComponent(String(id))}`;
const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();

export const api = {
  login: (username, password) => request("POST", "/api/auth/login", { username, password }),
  logout: () => request("POST", "/api/auth/logout"),
  me: () => request("GET", "/api/auth/me"),
  preferences: () => request("GET", "/api/me/preferences"),
  savePreferences: (body) => request("PUT", "/api/me/preferences", body),
  staff: () => request("GET", "/api/staff"),
  queue: () => request("GET", "/api/queue"),
  mine: () => request("GET", "/api/cases/mine"),
  allCases: () => request("GET", "/api/cases"),
  closed: (params) => request("GET", `/api/cases/closed?${query(params)}`),
  failures: () => request("GET", "/api/alerts/failures"),
  templates: () => request("GET", "/api/templates"),
  addTemplate: (body) => request("POST", "/api/templates", body),
  changeTemplate: (id, body) => request("PUT", `/api/templates/${encodeURIComponent(id)}`, body),
  removeTemplate: (id) => request("DELETE", `/api/templates/${encodeURIComponent(id)}`),
  getCase: (id) => request("GET", casePath(id)),
  audit: (id) => request("GET", `${casePath(id)}/audit`),
  take: (id) => request("POST", `${casePath(id)}/take`),
  reply: (id, text, confirmUnsafe) => request("POST", `${casePath(id)}/reply`, { text, confirm_unsafe: Boolean(confirmUnsafe) }),
  resend: (id, messageId) => request("POST", `${casePath(id)}/messages/${encodeURIComponent(messageId)}/resend`),
  setRisk: (id, body) => request("PUT", `${casePath(id)}/risk`, body),
  addNote: (id, text) => request("POST", `${casePath(id)}/notes`, { text }),
  close: (id, outcome, cancelOutreach) => request("POST", `${casePath(id)}/close`, { outcome, cancel_outreach: Boolean(cancelOutreach) }),
  outreach: (id, body) => request("POST", `${casePath(id)}/outreach`, body),
  proposeOutreach: (id, body) => request("POST", `${casePath(id)}/outreach/proposals`, body),
  withdrawOutreach: (id, requestId, via) => request("POST", `${casePath(id)}/outreach/${encodeURIComponent(requestId)}/withdraw`, { via }),
  myOutreach: () => request("GET", "/api/me/outreach"),
  refer: (id, body) => request("POST", `${casePath(id)}/referrals`, body),
  intake: (id, body) => request("PUT", `${casePath(id)}/intake`, body),
  channel: (id, silent) => request("PUT", `${casePath(id)}/channel`, { silent }),
  language: (id, language) => request("PUT", `${casePath(id)}/language`, { language }),
  abusive: (id, abusive) => request("PUT", `${casePath(id)}/abusive`, { abusive }),
  intakeOptions: () => request("GET", "/api/intake/options"),
  assign: (id, counselorId) => request("POST", `${casePath(id)}/assign`, { counselor_id: counselorId }),
};

/** What went wrong, in the console's language; never the server's English hint alone. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return label("error", "unexpected");
  if (err.code === "unsafe_words") return label("error", "unsafe_words").replace("{words}", (err.extra.words || []).join("、"));
  if (err.code === "too_many_attempts") return label("error", "too_many_attempts").replace("{s}", err.retryAfter || "60");
  const known = label("error", err.code);
  if (err.code && known !== err.code) return known;
  if (err.status === 404) return label("error", "case_not_found");
  if (err.status === 403) return label("error", "forbidden_role");
  if (err.status === 0) return label("error", "network");
  if (err.status >= 500) return label("error", "internal_error");
  return `${label("error", "unexpected")} (${err.status}${err.code ? ` ${err.code}` : ""})`;
}
