// "My cases" (a counselor's assigned cases) and, for supervisors, every active case with its waits
// against the targets and a reassignment list of who is on shift and free. Both are read again when
// the live stream says one of the cases changed; neither shows any message text.

import { api, describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { label, listOf } from "../labels.js";
import { coalesce } from "../live.js";
import { href } from "../router.js";
import { mmss, when } from "../time.js";
import { caseRef, cell, errorBox, keepFocus, riskBadge, table, waitingCell } from "./common.js";
import { reassignControl } from "./reassign.js";

function openLink(id) {
  return h("a", { class: "button secondary", href: href({ name: "case", id }), dataset: { focusKey: `open-${id}` } }, t("list.open"));
}

function listScreen(root, ctx, { title, columns, fetch, row, empty, before }) {
  const errors = errorBox();
  const count = h("p", { class: "summary" });
  const { el, body } = table(title, columns);
  let updates = [];
  root.append(h("h1", {}, title), count, errors.el, el);

  async function load() {
    let data;
    try {
      data = await fetch();
      await before?.();
    } catch (err) {
      if (err.status !== 401) errors.show(describeError(err));
      return;
    }
    errors.clear();
    const cases = Array.isArray(data.cases) ? data.cases : [];
    const fetchedAt = performance.now();
    keepFocus(body, () => {
      clear(body);
      updates = [];
      for (const item of cases) body.append(row(item, fetchedAt, updates));
      if (!cases.length) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty)));
    });
    count.textContent = t("list.count", { n: cases.length });
  }

  const refresh = coalesce(load, 300);
  const off = ctx.live.on((notice) => notice.kind !== "queue" && refresh());
  const ticker = window.setInterval(() => updates.forEach((update) => update()), 1000);
  load();
  return {
    refresh: load,
    stop() {
      off();
      window.clearInterval(ticker);
    },
  };
}

/** What became of the outreach she proposed: a closing case, her cancelling, a visit done. */
function myOutreach(ctx) {
  const list = h("ul", { class: "records my-outreach" });
  const section = h("section", { class: "panel" }, h("h2", {}, t("outreach.mineTitle")), list);
  const load = async () => {
    try {
      const { proposals } = await api.myOutreach();
      clear(list).append(...(proposals.length ? proposals.map((p) =>
        h("li", { class: p.status === "cancelled" ? "record failed" : "record" }, h("strong", {}, label("outreach", p.status)),
          ` ${t("list.case")} `, h("span", { class: "mono" }, caseRef(p.case_id)), ` ${when(p.requested_at)}`,
          p.reason ? `・${label("outreachReason", p.reason)}` : "")) : [h("li", { class: "empty" }, t("outreach.mineEmpty"))]));
    } catch (err) {
      // the list above carries the screen's errors
    }
  };
  load();
  return { section, off: ctx.live.on((n) => (n.kind === "outreach" || n.kind === "refresh") && load()) };
}

export function renderMine(root, ctx) {
  const columns = [t("list.level"), t("list.status"), t("list.firstReply"), t("list.replyWait"), t("list.lastMessage"), t("list.needs"), t("list.case"), t("list.actions")];
  const screen = mineList(root, ctx, columns);
  const outreach = myOutreach(ctx);
  root.append(outreach.section);
  return { ...screen, stop() { screen.stop(); outreach.off(); } };
}

function mineList(root, ctx, columns) {
  return listScreen(root, ctx, {
    title: t("mine.title"),
    columns,
    fetch: api.mine,
    empty: t("mine.empty"),
    row(item, fetchedAt, updates) {
      const first = waitingCell(item.waiting_seconds, fetchedAt, columns[2]);
      const reply = waitingCell(item.reply_waiting_seconds, fetchedAt, columns[3]);
      updates.push(first.update, reply.update);
      return h(
        "tr",
        { class: `row-${item.level}` },
        cell(columns[0], riskBadge(item.level)),
        cell(columns[1], label("status", item.status)),
        first.cell,
        reply.cell,
        cell(columns[4], when(item.last_message_at)),
        cell(columns[5], listOf("skill", item.needs)),
        cell(columns[6], h("span", { class: "mono" }, caseRef(item.id))),
        cell(columns[7], openLink(item.id)),
      );
    },
  });
}

export function renderAll(root, ctx) {
  const columns = [t("list.level"), t("list.status"), t("list.firstReply"), t("list.replyWait"), t("list.sla"), t("list.counselor"), t("list.case"), t("list.actions"), t("list.reassign")];
  let staff = [];
  const badges = (item) => [
    item.overdue ? h("span", { class: "badge breach" }, t("list.breach")) : null,
    item.reply_overdue ? h("span", { class: "badge breach" }, t("list.replyBreach")) : null,
    item.escalated_levels?.length ? h("span", { class: "badge" }, t("list.alerted", { levels: listOf("risk", item.escalated_levels) })) : null,
    item.next_escalated_levels?.length ? h("span", { class: "badge" }, t("list.alerted", { levels: listOf("risk", item.next_escalated_levels) })) : null,
  ];
  const screen = listScreen(root, ctx, {
    title: t("all.title"),
    columns,
    fetch: api.allCases,
    before: async () => {
      staff = (await api.staff()).staff || [];
    },
    empty: t("all.empty"),
    row(item, fetchedAt, updates) {
      const first = waitingCell(item.waiting_seconds, fetchedAt, columns[2], ` / ${mmss(item.target_seconds)}`);
      const reply = waitingCell(item.reply_waiting_seconds, fetchedAt, columns[3], ` / ${mmss(item.reply_target_seconds)}`);
      updates.push(first.update, reply.update);
      const sla = badges(item).filter(Boolean);
      return h(
        "tr",
        { class: `row-${item.level}` },
        cell(columns[0], riskBadge(item.level)),
        cell(columns[1], label("status", item.status)),
        first.cell,
        reply.cell,
        cell(columns[4], sla.length ? sla : "—"),
        cell(columns[5], item.counselor_name || (item.counselor_id ? item.counselor_id : t("list.unassigned"))),
        cell(columns[6], h("span", { class: "mono" }, caseRef(item.id))),
        cell(columns[7], openLink(item.id)),
        cell(columns[8], reassignControl(item, staff, () => screen.refresh())),
      );
    },
  });
  return screen;
}
