// Her settings: the console's language (Japanese or English), and how a new emergency reaches her
// besides the count and the title — a tone, a desktop notice (the browser asks her permission).

import { describeError } from "../api.js";
import { field, h, select, statusLine } from "../dom.js";
import { t } from "../i18n.js";

export function renderSettings(root, ctx) {
  const prefs = ctx.prefs.get();
  const status = statusLine();
  const lang = select("lang", [["ja", "日本語"], ["en", "English"]], prefs.lang);
  const sound = h("input", { type: "checkbox", name: "sound", checked: Boolean(prefs.sound) });
  const desktop = h("input", { type: "checkbox", name: "desktop", checked: Boolean(prefs.desktop) });
  const test = h("button", { type: "button", class: "secondary" }, t("settings.testSound"));

  async function save(changes) {
    try {
      await ctx.prefs.save(changes);
      status.ok(t("settings.saved"));
    } catch (err) {
      status.fail(describeError(err));
    }
  }

  lang.addEventListener("change", () => save({ lang: lang.value }));
  sound.addEventListener("change", () => save({ sound: sound.checked }));
  test.addEventListener("click", () => ctx.queue.beep());
  desktop.addEventListener("change", async () => {
    if (desktop.checked && "Notification" in window && Notification.permission !== "granted") {
      const answer = await Notification.requestPermission();
      if (answer !== "granted") {
        desktop.checked = false;
        status.fail(t("settings.desktopDenied"));
        return;
      }
    }
    save({ desktop: desktop.checked });
  });

  root.append(
    h("h1", {}, t("settings.title")),
    h("div", { class: "panel settings" }, field(t("settings.lang"), lang), h("label", { class: "check" }, sound, ` ${t("settings.sound")}`), test, h("label", { class: "check" }, desktop, ` ${t("settings.desktop")}`), status.el),
  );
  return { stop() {} };
}
