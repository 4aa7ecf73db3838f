// The waiting queue: risk first, then waiting time (the server's order), drawn from the shell's
// queue store, which the live stream keeps current. Losing a take race says so and stays said.

import { api, describeError } from "../api.js";
import { announce, clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { listOf } from "../labels.js";
import { href } from "../router.js";
import { caseRef, cell, errorBox, keepFocus, riskBadge, table, waitingCell } from "./common.js";

export function renderQueue(root, ctx) {
  const count = h("p", { class: "summary" });
  const errors = errorBox();
  const outcome = h("p", { class: "form-status error", role: "alert", id: "take-outcome" });
  const columns = [t("list.level"), t("list.waiting"), t("list.needs"), t("list.missing"), t("list.case"), t("list.actions")];
  const { el, body } = table(t("queue.title"), columns);
  let updates = [];

  root.append(h("h1", {}, t("queue.title")), h("p", { class: "hint" }, t("queue.order")), count, errors.el, outcome, el);

  async function take(id, button) {
    button.disabled = true;
    outcome.textContent = "";
    try {
      await api.take(id);
      announce(t("queue.taken"));
      ctx.go({ name: "case", id });
    } catch (err) {
      outcome.textContent = err.code === "already_taken" || err.code === "not_available" ? t("queue.lostRace") : describeError(err);
      button.disabled = false;
      ctx.queue.refresh();
    }
  }

  function row(item, fetchedAt) {
    const wait = waitingCell(item.waiting_seconds, fetchedAt, columns[1]);
    updates.push(wait.update);
    const takeButton = h("button", { type: "button", class: "take", dataset: { focusKey: `take-${item.id}` } }, t("list.take"));
    takeButton.addEventListener("click", () => take(item.id, takeButton));
    const open = ctx.isSupervisor ? h("a", { class: "button secondary", href: href({ name: "case", id: item.id }) }, t("list.open")) : null;
    const missing = item.missing_skills?.length ? h("span", { class: "badge warn" }, listOf("skill", item.missing_skills)) : "—";
    return h(
      "tr",
      { class: `row-${item.level}`, dataset: { caseId: item.id } },
      cell(columns[0], riskBadge(item.level)),
      wait.cell,
      cell(columns[2], listOf("skill", item.needs)),
      cell(columns[3], missing),
      cell(columns[4], h("span", { class: "mono" }, caseRef(item.id))),
      cell(columns[5], h("div", { class: "row-actions" }, takeButton, open)),
    );
  }

  const unsubscribe = ctx.queue.subscribe(({ cases, fetchedAt, error }) => {
    if (error) {
      if (error.status !== 401) errors.show(describeError(error));
      return;
    }
    errors.clear();
    keepFocus(body, () => {
      clear(body);
      updates = [];
      for (const item of cases) body.append(row(item, fetchedAt));
      if (!cases.length) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, t("queue.empty"))));
    });
    count.textContent = t("queue.count", { n: cases.length });
  });
  const ticker = window.setInterval(() => updates.forEach((update) => update()), 1000);
  return {
    stop() {
      unsubscribe();
      window.clearInterval(ticker);
    },
  };
}
