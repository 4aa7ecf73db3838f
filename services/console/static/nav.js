// The header: the screens of her role as links (so Back and a new tab work), with the shell's
// counters beside them — waiting emergencies on the queue, deliveries to check for supervisors —
// her name and role, and whether the page is live or polling.

import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { label } from "./labels.js";
import { href } from "./router.js";
import { screensFor } from "./screens.js";

export function renderNav(user, route, counters) {
  const nav = clear(document.getElementById("app-nav"));
  nav.setAttribute("aria-label", t("nav.label"));
  for (const screen of screensFor(user.role)) {
    const current = route?.name === screen.name;
    const count = screen.badge ? counters[screen.badge] || 0 : 0;
    const badge = count
      ? h("span", { class: `nav-badge badge-${screen.badge}` }, t({ emergency: "nav.emergencyBadge", outreach: "nav.outreachBadge" }[screen.badge] || "nav.attentionBadge", { n: count }))
      : null;
    nav.append(
      h("a", { href: href({ name: screen.name }), class: current ? "nav-link current" : "nav-link", "aria-current": current ? "page" : null }, t(screen.label), badge),
    );
  }
}

export function renderWho(user) {
  document.getElementById("who-name").textContent = user.display_name || user.username || "";
  document.getElementById("who-role").textContent = label("role", user.role);
}

let liveState = "";

/** Live, polling or connecting; called again with no argument when the language changes. */
export function renderLiveState(state = liveState) {
  liveState = state;
  const el = document.getElementById("live-state");
  el.className = `live-state live-${state}`;
  el.textContent = state ? t(`app.live.${state}`) : "";
}

/** The fixed texts of the page shell, in the current language. */
export function renderShellTexts() {
  document.getElementById("skip-link").textContent = t("app.skip");
  document.getElementById("logout-button").textContent = t("app.logout");
  document.getElementById("idle-title-text").textContent = t("app.idleTitle");
  document.getElementById("idle-continue").textContent = t("app.idleContinue");
}
