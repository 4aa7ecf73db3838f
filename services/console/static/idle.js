// The idle timeout as the person lives it. The server ends a session 15 minutes after its last
// request; with live updates the page makes few requests of its own, so while she works (keys,
// pointer, typing) the page tells the server every 2 minutes, and 15 minutes after she last touched
// it the page ends the session itself, after a notice with a countdown at 13 minutes.

import { api, setCsrfToken } from "./api.js";
import { t } from "./i18n.js";

const LIMIT_MS = 15 * 60 * 1000;
const WARNING_MS = 13 * 60 * 1000;
const KEEPALIVE_MS = 2 * 60 * 1000;

export function createIdle({ isLoggedIn, logout }) {
  let lastActivity = Date.now();
  let lastKeepalive = Date.now();
  const notice = () => document.getElementById("idle-notice");

  function hide() {
    notice().hidden = true;
  }

  function markActive() {
    lastActivity = Date.now();
    if (!notice().hidden) hide();
  }

  async function keepAlive() {
    lastKeepalive = Date.now();
    try {
      const data = await api.me();
      if (data.csrf_token) setCsrfToken(data.csrf_token);
    } catch (err) {
      // A 401 brings back the login form on its own.
    }
  }

  function check() {
    if (!isLoggedIn()) return;
    const idle = Date.now() - lastActivity;
    if (idle >= LIMIT_MS) {
      logout(t("app.idleLoggedOut"));
      return;
    }
    if (idle < KEEPALIVE_MS && Date.now() - lastKeepalive >= KEEPALIVE_MS) keepAlive();
    if (idle >= WARNING_MS) {
      const left = Math.ceil((LIMIT_MS - idle) / 1000);
      document.getElementById("idle-text").textContent = t("app.idleLeft", { s: left });
      if (notice().hidden) {
        notice().hidden = false;
        document.getElementById("idle-continue").focus();
      }
    }
  }

  for (const type of ["keydown", "pointerdown", "input", "wheel", "touchstart"]) {
    document.addEventListener(type, markActive, { passive: true, capture: true });
  }
  document.getElementById("idle-continue").addEventListener("click", () => {
    markActive();
    keepAlive();
  });
  window.setInterval(check, 1000);
  return {
    reset() {
      lastActivity = Date.now();
      lastKeepalive = Date.now();
      hide();
    },
    hide,
  };
}
