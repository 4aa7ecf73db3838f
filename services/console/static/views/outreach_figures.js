// アウトリーチ実績: the fiscal year's visits against the target (seeds/targets.yaml), by month and
// result, and the funnel proposed → consented → scheduled → completed, so the ward sees where the
// path breaks. The same numbers are in the yearly report (実績報告).

import { describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { barChart, progress } from "./reports_charts.js";
import { errorLine, outreach } from "./outreach_common.js";

const STAGES = { proposed: "提案した", consented: "同意を得た", scheduled: "日程を決めた", completed: "訪問した" };
const RESULTS = { completed: "実施", no_show: "会えなかった", cancelled: "取りやめ", upcoming: "予定" };

export function renderOutreachFigures(root, ctx, route) {
  const body = h("div", { class: "reports outreach-figures" });
  const errors = errorLine();
  root.append(h("h1", {}, "アウトリーチ実績"), errors, body);
  async function load(fy) {
    let figures;
    try {
      figures = await outreach.figures(fy);
    } catch (err) {
      if (err.status !== 401) errors.textContent = describeError(err);
      return;
    }
    const pick = h("select", { "aria-label": "年度", onchange: (e) => load(e.target.value) },
      [figures.fiscal_year - 1, figures.fiscal_year, figures.fiscal_year + 1].map((y) => h("option", { value: y, selected: y === figures.fiscal_year }, `${y}年度`)));
    const months = figures.months.map((m) => `${Number(m.month.slice(5))}月`);
    const funnel = figures.funnel.map((f) => [STAGES[f.stage] || f.stage, f.count]);
    clear(body).append(
      h("div", { class: "report-tools" }, pick, h("span", { class: "note" }, `${figures.label}（${figures.period.start}〜${figures.period.end}）`)),
      h("div", { class: "cards" },
        h("div", { class: "card" }, h("div", { class: "card-label" }, "訪問の実施"), h("div", { class: "card-value" }, `${figures.completed} 件`),
          h("div", { class: "card-detail" }, `目標 ${figures.target} 件・達成率 ${figures.rate ?? "—"}%`), progress("訪問の達成率", figures.completed, figures.target)),
        h("div", { class: "card" }, h("div", { class: "card-label" }, "結果"),
          h("div", { class: "card-detail" }, Object.entries(RESULTS).map(([k, t]) => `${t} ${figures.results[k]}件`).join("・")))),
      h("div", { class: "chart-grid" },
        h("figure", {}, h("figcaption", {}, "月別の訪問の実施（破線は目標の月平均）"), barChart("月別の訪問の実施", months, figures.months.map((m) => m.completed), { line: figures.target / 12, lineLabel: "月平均の目標" })),
        h("figure", {}, h("figcaption", {}, "提案から訪問まで"), barChart("提案から訪問まで", funnel.map(([l]) => l), funnel.map(([, n]) => n)))),
      h("figure", { class: "report-table" }, h("figcaption", {}, "月別・結果別"),
        h("div", { class: "scroll" }, h("table", {},
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "月"), Object.values(RESULTS).map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, figures.months.map((m, i) => h("tr", {}, h("th", { scope: "row" }, months[i]), Object.keys(RESULTS).map((k) => h("td", {}, m[k])))))))),
      h("figure", { class: "report-table" }, h("figcaption", {}, "提案から訪問まで（その年度に提案したもの）"),
        h("table", {}, h("tbody", {}, funnel.map(([l, n]) => h("tr", {}, h("th", { scope: "row" }, l), h("td", {}, n)))))));
    errors.textContent = "";
  }
  load(route.params?.fy);
  return {};
}
