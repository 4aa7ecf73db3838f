// Supervisors: LINE sends and partner alerts that finally failed (they must be followed up by hand).

import { api } from "../api.js";
import { h, clear, generic } from "../dom.js";
import { when } from "../labels.js";
import { poller } from "../poll.js";
import { errorBox } from "./common.js";

const REFRESH_MS = 15000;
const KINDS = { line: "LINE送信", alert: "連携先への通知" };

export function renderFailures(root, ctx) {
  const errors = errorBox();
  const list = h("ul", { class: "records" });
  root.append(
    h("h1", {}, "送信失敗 ", h("span", { class: "hint", lang: "en" }, "failed deliveries")),
    h("p", { class: "hint" }, "再送の上限に達した送信です。電話など別の手段で確認してください。"),
    errors.el,
    list,
  );

  async function load() {
    let data;
    try {
      data = await api.failures();
    } catch (err) {
      if (err.status !== 401) errors.show(ctx.describeError(err));
      return;
    }
    errors.clear();
    const failures = Array.isArray(data.failures) ? data.failures : [];
    clear(list);
    for (const item of failures) {
      const open = item.case_id
        ? h("button", { type: "button", class: "secondary", onclick: () => ctx.go({ name: "case", id: item.case_id }) }, "ケースを開く")
        : null;
      list.append(
        h(
          "li",
          { class: "failure" },
          h("span", { class: "badge breach" }, KINDS[item.kind] || String(item.kind ?? "?")),
          ` ${when(item.updated_at || item.requested_at)} `,
          open,
          h("details", {}, h("summary", {}, "詳細 (details)"), generic(item)),
        ),
      );
    }
    if (!failures.length) list.append(h("li", { class: "empty" }, "失敗した送信はありません (none)"));
  }

  const refresh = poller(load, REFRESH_MS);
  return { stop: () => refresh.stop() };
}
