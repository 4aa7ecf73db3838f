// The console's only way to the server: JSON over fetch, same origin, the session cookie sent by
// the browser, the CSRF token kept in memory only (never in any browser storage).

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || "";
    this.retryAfter = retryAfter;
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
    throw new ApiError(0, "network", "サーバーに接続できません (network error)");
  }
  let data = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("application/json")) {
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data.error === "object" && data.error ? data.error : {};
    const failure = new ApiError(
      response.status,
      typeof error.code === "string" ? error.code : "",
      typeof error.message === "string" ? error.message : response.statusText,
      response.headers.get("Retry-After"),
    );
    if (response.status === 401 && path !== "/api/auth/login") {
      clearSession();
      onUnauthenticated(failure);
    }
    throw failure;
  }
  return data === null ? {} : data;
}

export const api = {
  login: (username, password) => request("POST", "/api/auth/login", { username, password }),
  logout: () => request("POST", "/api/auth/logout"),
  me: () => request("GET", "/api/auth/me"),
  queue: () => request("GET", "/api/queue"),
  mine: () => request("GET", "/api/cases/mine"),
  allCases: () => request("GET", "/api/cases"),
  failures: () => request("GET", "/api/alerts/failures"),
  getCase: (id) => request("GET", casePath(id)),
  audit: (id) => request("GET", `${casePath(id)}/audit`),
  take: (id) => request("POST", `${casePath(id)}/take`),
  reply: (id, text) => request("POST", `${casePath(id)}/reply`, { text }),
  setRisk: (id, body) => request("PUT", `${casePath(id)}/risk`, body),
  addNote: (id, text) => request("POST", `${casePath(id)}/notes`, { text }),
  close: (id, outcome) => request("POST", `${casePath(id)}/close`, { outcome }),
  outreach: (id, body) => request("POST", `${casePath(id)}/outreach`, body),
  refer: (id, body) => request("POST", `${casePath(id)}/referrals`, body),
  intake: (id, body) => request("PUT", `${casePath(id)}/intake`, body),
  assign: (id, counselorId) => request("POST", `${casePath(id)}/assign`, { counselor_id: counselorId }),
};

function casePath(id) {
  return `/api/cases/${encodeURIComponent(String(id))}`;
}

/** A message for a person: 404 on a case means it does not exist or is not hers to see. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return "予期しないエラーが発生しました (unexpected error)";
  if (err.status === 404) return "見つからないか、担当外のケースです (not found or not yours)";
  if (err.status === 403) return `権限がありません (forbidden): ${err.message}`;
  if (err.status === 409) return `操作できません (conflict): ${err.message}`;
  if (err.status === 422 || err.status === 400) return `入力を確認してください (invalid): ${err.message}`;
  if (err.status === 429) return `しばらく待ってから再試行してください (${err.retryAfter || "?"} 秒)`;
  if (err.status === 0) return err.message;
  if (err.status >= 500) return `サーバーエラー (server error ${err.status}): ${err.message}`;
  return `${err.status} ${err.message}`;
}
