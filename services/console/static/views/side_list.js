// Beside an open case on a wide screen: her other cases (a supervisor: every active case), so a
// counselor moves between conversations without leaving the one she is in. Hidden on a phone.

import { api } from "../api.js";
import { clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { coalesce } from "../live.js";
import { href } from "../router.js";
import { caseRef, riskBadge } from "./common.js";

export function sideList(ctx, currentId) {
  const list = h("ul", { class: "side-cases" });
  const aside = h("nav", { class: "side-list", "aria-label": t(ctx.isSupervisor ? "nav.all" : "nav.mine") }, h("h2", {}, t(ctx.isSupervisor ? "nav.all" : "nav.mine")), list);

  async function load() {
    try {
      const data = await (ctx.isSupervisor ? api.allCases() : api.mine());
      clear(list);
      for (const item of data.cases || []) {
        const current = item.id === currentId;
        list.append(
          h(
            "li",
            { class: current ? "current" : null },
            h("a", { href: href({ name: "case", id: item.id }), "aria-current": current ? "page" : null }, riskBadge(item.level), " ", h("span", { class: "mono" }, caseRef(item.id)), " ", label("status", item.status)),
          ),
        );
      }
      if (!list.children.length) list.append(h("li", { class: "empty" }, t("list.empty")));
    } catch (err) {
      // The case itself shows errors; the side list simply stays as it was.
    }
  }

  const refresh = coalesce(load, 500);
  const off = ctx.live.on((notice) => notice.kind !== "queue" && notice.kind !== "delivery" && refresh());
  load();
  return { el: aside, stop: off };
}
