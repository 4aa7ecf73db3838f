// The console's shell: login and logout, the live stream, the queue store and its emergency
// announcement, the screen the address names (Back and reload keep the place), the language.
// All state lives in this module's memory; a reload asks the server who is logged in.

import { api, clearSession, describeError, handleUnauthenticated, setCsrfToken } from "./api.js";
import { createQueueStore } from "./alerts.js";
import { announce, clear, h } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { createIdle } from "./idle.js";
import { coalesce, createLive } from "./live.js";
import { renderLiveState, renderNav, renderShellTexts, renderWho } from "./nav.js";
import { createPrefs } from "./prefs.js";
import { go, parse } from "./router.js";
import { CASE_ROLES, screenOf, screensFor } from "./screens.js";
import { outreach } from "./views/outreach_common.js";
import { renderLogin } from "./views/login.js";
import { renderNotFound } from "./views/notfound.js";

const state = { user: null, view: null, route: null, live: null, queue: null, counters: {}, stopAttention: null };
const prefs = createPrefs();
const main = () => document.getElementById("main");

function context() {
  return { user: state.user, isSupervisor: state.user?.role === "supervisor", go, live: state.live, queue: state.queue, prefs };
}

function render() {
  if (!state.user) return;
  if (state.view?.stop) state.view.stop();
  const first = screensFor(state.user.role)[0];
  state.route = parse(window.location.hash, first?.name);
  const screen = screenOf(state.route.name, state.user.role);
  const root = clear(main());
  state.view = screen ? screen.render(root, context(), state.route) : renderNotFound(root, context());
  renderNav(state.user, state.route, state.counters);
  root.focus({ preventScroll: true });
}

function showApp(user) {
  state.user = user;
  renderWho(user);
  document.getElementById("app-header").hidden = false;
  if (!screensFor(user.role).length) {
    clear(main()).append(h("h1", {}, t("app.wrongRole")));
    return;
  }
  if (CASE_ROLES.includes(user.role)) {
    state.live = createLive({ onState: renderLiveState, checkSession });
    state.queue = createQueueStore(state.live, prefs);
    state.queue.subscribe(() => setCounter("emergency", state.queue.emergencies()));
    state.live.on((n) => n.kind === "outreach" && n.proposed_by === user.id && announceOutreach(n));
  } else {
    // Outreach staff and admins read no cases: no live stream of cases, no queue.
    state.live = { start() {}, stop() {}, on: () => () => {} };
    state.queue = { refresh() {}, stop() {}, subscribe: () => () => {}, emergencies: () => 0 };
  }
  if (user.role === "supervisor") watchAttention();
  if (["outreach_coordinator", "supervisor"].includes(user.role)) watchOutreach();
  state.live.start();
  state.queue.refresh();
  render();
}

function setCounter(name, value) {
  if (state.counters[name] === value) return;
  state.counters[name] = value;
  if (state.user) renderNav(state.user, state.route, state.counters);
}

/** Supervisors: how many deliveries need a look (failed or still retrying), kept current. */
function watchAttention() {
  const load = coalesce(async () => {
    try {
      const data = await api.failures();
      setCounter("attention", Array.isArray(data.failures) ? data.failures.length : 0);
    } catch (err) {
      // Shown on the screen itself when opened.
    }
  }, 1000);
  state.stopAttention = state.live.on((n) => ["delivery", "alert", "refresh"].includes(n.kind) && load());
  load();
}

/** What became of an outreach proposal of hers (a closing case cancelled it, she cancelled, a visit). */
function announceOutreach(notice) {
  const words = { cancelled: "アウトリーチ依頼が取り消されました", scheduled: "アウトリーチの訪問日時が決まりました", completed: "アウトリーチの訪問が実施されました", no_show: "アウトリーチの訪問で会えませんでした" };
  const reason = { case_closed: "（ケースの終了のため）", consent_withdrawn: "（同意の撤回）", consulter_cancelled: "（ご本人の取り消し）" };
  const text = words[notice.outcome];
  if (text) announce(`${text}${reason[notice.reason] || ""}：ケース ${String(notice.case_id).slice(0, 8)}`);
}

/** Coordinators and supervisors: how many outreach alerts are open (an overdue check-out first). */
function watchOutreach() {
  const load = async () => {
    try {
      const data = await outreach.alerts();
      setCounter("outreach", data.alerts.length);
    } catch (err) {
      // Shown on the outreach pages themselves.
    }
  };
  const timer = window.setInterval(() => document.hidden || load(), 30000);
  const previous = state.stopAttention;
  state.stopAttention = () => {
    window.clearInterval(timer);
    previous?.();
  };
  load();
}

function showLogin(notice) {
  if (state.view?.stop) state.view.stop();
  for (const part of [state.live, state.queue]) part?.stop();
  state.stopAttention?.();
  Object.assign(state, { user: null, view: null, route: null, live: null, queue: null, counters: {}, stopAttention: null });
  clearSession();
  prefs.reset();
  idle.hide();
  renderLiveState("");
  document.getElementById("app-header").hidden = true;
  clear(document.getElementById("app-nav"));
  renderLogin(clear(main()), { notice, onLogin: loggedIn });
}

async function loggedIn(data) {
  setCsrfToken(data.csrf_token);
  idle.reset();
  await prefs.load();
  showApp(data.user || {});
}

async function logout(notice) {
  try {
    if (state.user) await api.logout();
  } catch (err) {
    // The session may already be gone; the page forgets it either way.
  }
  showLogin(notice);
}

/** The stream ended or was refused: a 401 here brings back the login form (handleUnauthenticated). */
function checkSession() {
  api.me().catch(() => {});
}

const idle = createIdle({ isLoggedIn: () => state.user !== null, logout });

function start() {
  renderShellTexts();
  handleUnauthenticated(() => showLogin(state.user ? t("app.sessionEnded") : ""));
  document.getElementById("logout-button").addEventListener("click", () => logout(""));
  window.addEventListener("hashchange", render);
  onLangChange(() => {
    renderShellTexts();
    renderLiveState();
    if (state.user) {
      renderWho(state.user);
      render();
    }
  });
  api
    .me()
    .then(async (data) => {
      if (!data.user) return showLogin("");
      setCsrfToken(data.csrf_token);
      await prefs.load();
      showApp(data.user);
    })
    .catch((err) => {
      if (err.status !== 401) showLogin(describeError(err));
    });
}

start();
