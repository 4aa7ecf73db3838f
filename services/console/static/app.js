// The console's shell: login and logout, the live stream, the queue store and its emergency
// announcement, the screen the address names (Back and reload keep the place), the language.
// All state lives in this module's memory; a reload asks the server who is logged in.

import { api, clearSession, describeError, handleUnauthenticated, setCsrfToken } from "./api.js";
import { createQueueStore } from "./alerts.js";
import { clear, h } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { createIdle } from "./idle.js";
import { coalesce, createLive } from "./live.js";
import { renderLiveState, renderNav, renderShellTexts, renderWho } from "./nav.js";
import { createPrefs } from "./prefs.js";
import { go, parse } from "./router.js";
import { screenOf, screensFor } from "./screens.js";
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
  state.live = createLive({ onState: renderLiveState, checkSession });
  state.queue = createQueueStore(state.live, prefs);
  state.queue.subscribe(() => setCounter("emergency", state.queue.emergencies()));
  if (user.role === "supervisor") watchAttention();
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
