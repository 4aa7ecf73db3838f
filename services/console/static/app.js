// The console's shell: login, the header, which screen is shown, polling and the idle timeout.
// All state lives in this module's memory; a reload asks the server who is logged in (GET /api/auth/me).

import { api, describeError, handleUnauthenticated, setCsrfToken, clearSession } from "./api.js";
import { announce, clear, h } from "./dom.js";
import { roleLabel } from "./labels.js";
import { renderLogin } from "./views/login.js";
import { renderQueue } from "./views/queue.js";
import { renderMine, renderAll } from "./views/lists.js";
import { renderCase } from "./views/case.js";
import { renderFailures } from "./views/failures.js";

// The server ends a session 15 minutes after its last request; polling would keep it alive for
// ever, so the console ends it itself 15 minutes after the person last touched it.
const IDLE_LIMIT_MS = 15 * 60 * 1000;
const IDLE_WARNING_MS = 13 * 60 * 1000;
const CASE_ROLES = new Set(["counselor", "supervisor"]);

const state = { user: null, view: null, route: null, lastActivity: Date.now() };
const main = () => document.getElementById("main");

const SCREENS = {
  queue: { label: "待機キュー", hint: "queue", render: renderQueue },
  mine: { label: "担当ケース", hint: "my cases", render: renderMine },
  all: { label: "全ケース", hint: "all cases", render: renderAll, supervisor: true },
  failures: { label: "送信失敗", hint: "failures", render: renderFailures, supervisor: true },
};

function context() {
  return {
    user: state.user,
    isSupervisor: state.user?.role === "supervisor",
    go,
    announce,
    describeError,
  };
}

function go(route) {
  if (state.view?.stop) state.view.stop();
  state.view = null;
  state.route = route;
  const root = clear(main());
  const screen = route.name === "case" ? { render: renderCase } : SCREENS[route.name];
  state.view = screen.render(root, context(), route);
  renderNav();
  root.focus({ preventScroll: false });
}

function renderNav() {
  const nav = clear(document.getElementById("app-nav"));
  for (const [name, screen] of Object.entries(SCREENS)) {
    if (screen.supervisor && state.user?.role !== "supervisor") continue;
    const current = state.route?.name === name;
    nav.append(
      h(
        "button",
        { type: "button", class: current ? "nav-link current" : "nav-link", "aria-current": current ? "page" : null, onclick: () => go({ name }) },
        screen.label,
        h("span", { class: "hint", lang: "en" }, ` ${screen.hint}`),
      ),
    );
  }
}

function showApp(user) {
  state.user = user;
  state.lastActivity = Date.now();
  document.getElementById("who-name").textContent = user.display_name || user.username || "";
  document.getElementById("who-role").textContent = roleLabel(user.role);
  document.getElementById("app-header").hidden = false;
  if (!CASE_ROLES.has(user.role)) {
    const root = clear(main());
    root.append(
      h("h1", {}, "このコンソールは相談員とスーパーバイザー用です"),
      h("p", { lang: "en" }, "This console is for counselors and supervisors."),
    );
    return;
  }
  go({ name: "queue" });
}

function showLogin(notice) {
  if (state.view?.stop) state.view.stop();
  state.view = null;
  state.user = null;
  state.route = null;
  clearSession();
  hideIdleNotice();
  document.getElementById("app-header").hidden = true;
  clear(document.getElementById("app-nav"));
  document.getElementById("who-name").textContent = "";
  document.getElementById("who-role").textContent = "";
  renderLogin(clear(main()), {
    notice,
    onLogin: (data) => {
      setCsrfToken(data.csrf_token);
      showApp(data.user || {});
    },
  });
}

async function logout(notice) {
  try {
    if (state.user) await api.logout();
  } catch (err) {
    // The session may already be gone; the page forgets it either way.
  }
  showLogin(notice);
}

// --- idle timeout -------------------------------------------------------------------------------

function markActive() {
  state.lastActivity = Date.now();
  if (!document.getElementById("idle-notice").hidden) hideIdleNotice();
}

function hideIdleNotice() {
  document.getElementById("idle-notice").hidden = true;
}

function checkIdle() {
  if (!state.user) return;
  const idle = Date.now() - state.lastActivity;
  if (idle >= IDLE_LIMIT_MS) {
    logout("15分間操作がなかったため、ログアウトしました。(Logged out after 15 minutes idle.)");
    return;
  }
  const notice = document.getElementById("idle-notice");
  if (idle >= IDLE_WARNING_MS) {
    const left = Math.ceil((IDLE_LIMIT_MS - idle) / 1000);
    document.getElementById("idle-text").textContent =
      `操作がないため、あと ${left} 秒でログアウトします。(${left} s left)`;
    if (notice.hidden) {
      notice.hidden = false;
      document.getElementById("idle-continue").focus();
    }
  }
}

async function stayLoggedIn() {
  markActive();
  try {
    const data = await api.me();
    if (data.csrf_token) setCsrfToken(data.csrf_token);
  } catch (err) {
    // 401 already shows the login form.
  }
}

// --- start --------------------------------------------------------------------------------------

function start() {
  handleUnauthenticated(() => {
    const wasIn = state.user !== null;
    showLogin(wasIn ? "セッションが終了しました。もう一度ログインしてください。(Session ended.)" : "");
  });
  for (const type of ["keydown", "pointerdown", "input", "wheel", "touchstart"]) {
    document.addEventListener(type, markActive, { passive: true, capture: true });
  }
  document.getElementById("logout-button").addEventListener("click", () => logout(""));
  document.getElementById("idle-continue").addEventListener("click", stayLoggedIn);
  window.setInterval(checkIdle, 1000);
  api
    .me()
    .then((data) => {
      if (data.csrf_token) setCsrfToken(data.csrf_token);
      if (data.user) showApp(data.user);
      else showLogin("");
    })
    .catch((err) => {
      if (err.status !== 401) showLogin(describeError(err));
    });
}

start();
