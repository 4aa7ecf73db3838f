// "My cases" (a counselor's assigned cases) and, for supervisors, every active case with SLA
// breaches and reassignment. Both refresh every 5 s; neither shows any message text.

import { api } from "../api.js";
import { h, clear, field } from "../dom.js";
import { mmss, riskLabel, skillsText, statusLabel, when } from "../labels.js";
import { poller, ticker } from "../poll.js";
import { errorBox, fetchCases, keepFocus, riskBadge, table, waitingCell } from "./common.js";

const REFRESH_MS = 5000;

function openButton(ctx, id) {
  return h(
    "button",
    { type: "button", class: "secondary", dataset: { focusKey: `open-${id}` }, onclick: () => ctx.go({ name: "case", id }) },
    "開く",
    h("span", { class: "hint", lang: "en" }, " open"),
  );
}

function listScreen(root, ctx, { title, hint, headers, fetch, row, empty }) {
  const errors = errorBox();
  const count = h("p", { class: "summary" });
  const { el, body } = table(title, headers);
  let updates = [];
  root.append(h("h1", {}, title, " ", h("span", { class: "hint", lang: "en" }, hint)), count, errors.el, el);

  async function load() {
    const cases = await fetchCases(() => fetch(), errors, (err) => ctx.describeError(err));
    if (cases === null) return;
    const fetchedAt = performance.now();
    keepFocus(body, () => {
      clear(body);
      updates = [];
      for (const item of cases) body.append(row(item, fetchedAt, updates));
      if (!cases.length) body.append(h("tr", {}, h("td", { colspan: headers.length, class: "empty" }, empty)));
    });
    count.textContent = `${cases.length} 件`;
  }

  const refresh = poller(load, REFRESH_MS);
  const stopTicker = ticker(() => updates.forEach((update) => update()));
  return {
    refresh,
    stop() {
      refresh.stop();
      stopTicker();
    },
  };
}

export function renderMine(root, ctx) {
  return listScreen(root, ctx, {
    title: "担当ケース",
    hint: "my cases",
    headers: ["危険度", "状態", "初回応答まで", "最後のメッセージ", "必要な対応", "ケース", ""],
    fetch: api.mine,
    empty: "担当中のケースはありません (none assigned)",
    row(item, fetchedAt, updates) {
      const wait = waitingCell(item.waiting_seconds, fetchedAt);
      updates.push(wait.update);
      return h(
        "tr",
        { class: `row-${item.level}` },
        h("td", {}, riskBadge(item.level)),
        h("td", {}, statusLabel(item.status)),
        wait.cell,
        h("td", {}, when(item.last_message_at)),
        h("td", {}, skillsText(item.needs)),
        h("td", { class: "mono" }, String(item.id).slice(0, 8)),
        h("td", {}, openButton(ctx, item.id)),
      );
    },
  });
}

export function renderAll(root, ctx) {
  let screen = null;
  const assignForm = (item) => {
    const input = h("input", { name: "counselor_id", required: true, maxlength: 64, size: 10, list: "counselor-ids", dataset: { focusKey: `assign-${item.id}` } });
    const form = h(
      "form",
      { class: "inline-form" },
      field("担当者ID", input, "counselor id"),
      h("button", { type: "submit", class: "secondary" }, "割当", h("span", { class: "hint", lang: "en" }, " assign")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const target = input.value.trim();
      if (!target) return input.focus();
      try {
        await api.assign(item.id, target);
        ctx.announce(`ケースを ${target} に割り当てました (assigned)`);
        screen.refresh.now();
      } catch (err) {
        window.alert(ctx.describeError(err));
      }
    });
    return form;
  };
  const ids = h("datalist", { id: "counselor-ids" });
  const known = new Set();
  screen = listScreen(root, ctx, {
    title: "全ケース",
    hint: "all active cases",
    headers: ["危険度", "状態", "待ち時間 / 目標", "SLA", "担当", "最後のメッセージ", "ケース", "", "再割当"],
    fetch: api.allCases,
    empty: "対応中のケースはありません (no active cases)",
    row(item, fetchedAt, updates) {
      const target = typeof item.target_seconds === "number" ? ` / ${mmss(item.target_seconds)}` : "";
      const wait = waitingCell(item.waiting_seconds, fetchedAt, target);
      updates.push(wait.update);
      if (item.counselor_id && !known.has(item.counselor_id)) {
        known.add(item.counselor_id);
        ids.append(h("option", { value: item.counselor_id }));
      }
      const escalated = Array.isArray(item.escalated_levels) && item.escalated_levels.length
        ? h("span", { class: "badge" }, `通知済: ${item.escalated_levels.map(riskLabel).join("、")}`)
        : null;
      return h(
        "tr",
        { class: `row-${item.level}` },
        h("td", {}, riskBadge(item.level)),
        h("td", {}, statusLabel(item.status)),
        wait.cell,
        h("td", {}, item.overdue ? h("span", { class: "badge breach" }, "SLA超過", h("span", { class: "hint", lang: "en" }, " breach")) : "—", escalated),
        h("td", { class: "mono" }, item.counselor_id || "未割当"),
        h("td", {}, when(item.last_message_at)),
        h("td", { class: "mono" }, String(item.id).slice(0, 8)),
        h("td", {}, openButton(ctx, item.id)),
        h("td", {}, assignForm(item)),
      );
    },
  });
  root.append(ids);
  return screen;
}
