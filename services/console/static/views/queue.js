// The waiting queue: risk first, then waiting time (the server's order), refreshed every 5 s.

import { api } from "../api.js";
import { h, clear } from "../dom.js";
import { skillsText } from "../labels.js";
import { poller, ticker } from "../poll.js";
import { errorBox, fetchCases, keepFocus, riskBadge, table, waitingCell } from "./common.js";

const REFRESH_MS = 5000;

export function renderQueue(root, ctx) {
  const count = h("p", { class: "summary" });
  const errors = errorBox();
  const { el, body } = table("待機中のケース (waiting cases)", ["危険度", "待ち時間", "必要な対応", "不足スキル", "ケース", "操作"]);
  let updates = [];
  let lastEmergencies = -1;

  root.append(
    h("h1", {}, "待機キュー ", h("span", { class: "hint", lang: "en" }, "waiting queue")),
    h("p", { class: "hint" }, "危険度の高い順、同じ危険度では待ち時間の長い順。5秒ごとに更新。"),
    count,
    errors.el,
    el,
  );

  async function take(id, button) {
    button.disabled = true;
    try {
      await api.take(id);
      ctx.announce("ケースを受け持ちました (case taken)");
      ctx.go({ name: "case", id });
    } catch (err) {
      errors.show(ctx.describeError(err));
      button.disabled = false;
      refresh.now();
    }
  }

  async function load() {
    const cases = await fetchCases(() => api.queue(), errors, (err) => ctx.describeError(err));
    if (cases === null) return;
    const fetchedAt = performance.now();
    keepFocus(body, () => {
      clear(body);
      updates = [];
      for (const item of cases) {
        const wait = waitingCell(item.waiting_seconds, fetchedAt);
        updates.push(wait.update);
        const button = h("button", { type: "button", dataset: { focusKey: `take-${item.id}` } }, "受け持つ", h("span", { class: "hint", lang: "en" }, " take"));
        button.addEventListener("click", () => take(item.id, button));
        body.append(
          h(
            "tr",
            { class: `row-${item.level}` },
            h("td", {}, riskBadge(item.level)),
            wait.cell,
            h("td", {}, skillsText(item.needs)),
            h("td", {}, item.missing_skills?.length ? h("span", { class: "badge warn" }, skillsText(item.missing_skills)) : "—"),
            h("td", { class: "mono" }, String(item.id).slice(0, 8)),
            h("td", {}, button),
          ),
        );
      }
    });
    if (!cases.length) body.append(h("tr", {}, h("td", { colspan: 6, class: "empty" }, "待機中のケースはありません (no one waiting)")));
    count.textContent = `待機中 ${cases.length} 件`;
    const emergencies = cases.filter((c) => c.level === "emergency").length;
    if (lastEmergencies >= 0 && emergencies > lastEmergencies) ctx.announce(`緊急ケースが ${emergencies} 件あります`);
    lastEmergencies = emergencies;
  }

  const refresh = poller(load, REFRESH_MS);
  const stopTicker = ticker(() => updates.forEach((update) => update()));
  return {
    stop() {
      refresh.stop();
      stopTicker();
    },
  };
}
