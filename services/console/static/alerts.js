// The waiting queue as the whole console sees it, and the announcement of a new emergency.
// One store reads GET /api/queue when the live stream says the queue changed (or on a refresh),
// and tells its listeners: the queue screen draws it, the shell counts the waiting emergencies in
// the navigation and the page title and, when one is new, announces it (screen readers), plays a
// short tone and shows a desktop notice if she turned them on. A notice never carries her words.

import { api } from "./api.js";
import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { coalesce } from "./live.js";

export function createQueueStore(live, prefs) {
  const listeners = new Set();
  let cases = [];
  let loaded = false;
  let fetchedAt = performance.now();
  let known = null; // ids of the waiting emergencies already announced
  let audio = null;

  async function load() {
    try {
      const data = await api.queue();
      cases = Array.isArray(data.cases) ? data.cases : [];
      loaded = true;
      fetchedAt = performance.now();
      listeners.forEach((fn) => fn({ cases, fetchedAt }));
      announceNew();
    } catch (err) {
      listeners.forEach((fn) => fn({ error: err }));
    }
  }
  const refresh = coalesce(load, 200);

  function announceNew() {
    const ids = cases.filter((c) => c.level === "emergency").map((c) => c.id);
    const fresh = known === null ? [] : ids.filter((id) => !known.has(id));
    known = new Set(ids);
    document.title = (ids.length ? t("app.emergencyTitle", { n: ids.length }) : "") + t("app.title");
    if (!fresh.length) return;
    announce(t("app.emergencyAnnounce", { n: ids.length }), true);
    if (prefs.get().sound) beep();
    if (prefs.get().desktop && "Notification" in window && Notification.permission === "granted") {
      new Notification(t("app.title"), { body: t("app.emergencyNotice"), tag: "tsunagari-emergency" });
    }
  }

  /** Two short tones from the page itself (no sound file, nothing fetched). */
  function beep() {
    try {
      audio = audio || new AudioContext();
      for (const [start, freq] of [[0, 880], [0.25, 660]]) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        gain.gain.value = 0.15;
        osc.frequency.value = freq;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + start);
        osc.stop(audio.currentTime + start + 0.18);
      }
    } catch (err) {
      // No audio device: the announcement and the title still say it.
    }
  }

  const off = live.on((notice) => {
    if (notice.kind === "refresh" || notice.kind === "queue" || notice.status === "waiting") refresh();
    else if (["case.assigned", "case.closed", "case.opened"].includes(notice.kind)) refresh();
  });

  return {
    subscribe(fn) {
      listeners.add(fn);
      if (loaded) fn({ cases, fetchedAt });
      return () => listeners.delete(fn);
    },
    emergencies: () => cases.filter((c) => c.level === "emergency").length,
    refresh: load,
    beep,
    stop() {
      off();
      listeners.clear();
      document.title = t("app.title");
    },
  };
}
