// 実績報告: the ward's yearly figures for supervisors and admins — headline figures against the
// targets, charts, every table with its CSV file, the channels' links and QR codes, and the
// printable sheet. "公表用" hides small counts (the server does it; the page only asks).

import { request, describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { barChart, heatmap, progress, stackedBar } from "./reports_charts.js";
import { renderSheet } from "./reports_print.js";

const WEEKDAYS = ["月", "火", "水", "木", "金", "土", "日"];
const fmt = (v) => (v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("ja-JP") : String(v));
const pct = (v) => (typeof v === "number" ? `${v.toFixed(1)}%` : fmt(v));
const byId = (report, id) => report.tables.find((t) => t.id === id);
/** Seconds as a person reads a wait: 45秒, 12分30秒, 37時間24分. */
function duration(seconds) {
  if (typeof seconds !== "number") return fmt(seconds);
  const s = Math.round(seconds);
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${String(s % 60).padStart(2, "0")}秒`;
  return `${Math.floor(s / 3600)}時間${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}分`;
}
const cell = (kind, value) => (kind === "percent" ? pct(value) : kind === "seconds" ? duration(value) : fmt(value));

export function dataTable(table, { csvHref } = {}) {
  const head = h("tr", {}, table.columns.map((c) => h("th", { scope: "col" }, c.kind === "seconds" ? c.label.replace("（秒）", "") : c.label)));
  const body = table.rows.map((row, i) =>
    h("tr", { class: table.total && i === table.rows.length - 1 ? "total" : null },
      table.columns.map((c, j) => (j === 0 ? h("th", { scope: "row" }, fmt(row[c.key])) : h("td", {}, cell(c.kind, row[c.key]))))),
  );
  return h("figure", { class: "report-table" },
    h("figcaption", {}, table.title, csvHref ? h("a", { class: "csv", href: csvHref, download: "" }, "CSV") : null),
    h("div", { class: "scroll" }, h("table", {}, h("thead", {}, head), h("tbody", {}, body))),
    table.note ? h("p", { class: "note" }, table.note) : null);
}

function card(label, value, detail, chart) {
  return h("div", { class: "card" }, h("div", { class: "card-label" }, label), h("div", { class: "card-value" }, value), detail ? h("div", { class: "card-detail" }, detail) : null, chart || null);
}

function headlineCards(hd) {
  return h("div", { class: "cards" },
    card("相談件数", `${fmt(hd.consultations)} 件`, `目標 ${fmt(hd.consultation_target)} 件・達成率 ${pct(hd.achievement_rate)}`, progress("相談件数の達成率", hd.consultations, hd.consultation_target)),
    card("友だち登録数（年度の純増）", `${fmt(hd.friends_registered)} 人`, `年度末 ${fmt(hd.friends_at_year_end)} 人（追加 ${fmt(hd.followed)}・ブロック ${fmt(hd.blocked)}・解除 ${fmt(hd.refollowed)}）`),
    card("相談者数", `${fmt(hd.consulters)} 人`, `新規 ${fmt(hd.new_consulters)}（${pct(hd.new_share)}）・継続 ${fmt(hd.continuing_consulters)}`),
    card("アウトリーチ実施", `${fmt(hd.outreach_visits)} 件`, `目標 ${fmt(hd.outreach_target)} 件・達成率 ${pct(hd.outreach_rate)}`, progress("アウトリーチの達成率", hd.outreach_visits, hd.outreach_target)),
    card("受付時間外のメッセージ", `${fmt(hd.out_of_hours)} 通`, `受信 ${fmt(hd.messages)} 通のうち ${pct(hd.out_of_hours_share)}`));
}

function charts(report) {
  const monthly = byId(report, "monthly").rows.slice(0, 12);
  const ages = byId(report, "age").rows.filter((r) => !["total", "not_given", "unknown"].includes(r.code));
  const kinds = byId(report, "consulters").rows.filter((r) => r.code !== "total");
  const channels = byId(report, "channels").rows.filter((r) => r.code !== "total");
  const pace = report.headline.consultation_target ? Math.round(report.headline.consultation_target / 12) : null;
  return h("div", { class: "chart-grid" },
    h("figure", {}, h("figcaption", {}, "月別の相談件数（破線は目標の月平均）"), barChart("月別の相談件数", monthly.map((r) => r.month), monthly.map((r) => r.consultations), { line: pace, lineLabel: `月平均の目標 ${pace}` })),
    h("figure", {}, h("figcaption", {}, "年代別の相談者（年代が分かる人の構成比）"), stackedBar("年代別の構成比", ages.map((r) => ({ label: r.age_band, short: r.age_band.slice(0, 3), value: typeof r.consulters === "number" ? r.consulters : 0, text: pct(r.share) })))),
    h("figure", {}, h("figcaption", {}, "新規・継続の相談者"), stackedBar("新規と継続", kinds.map((r) => ({ label: r.kind, short: r.kind, value: typeof r.consulters === "number" ? r.consulters : 0, text: `${fmt(r.consulters)}人` })))),
    h("figure", {}, h("figcaption", {}, "広報媒体別の相談件数"), barChart("広報媒体別の相談件数", channels.map((r) => r.channel.slice(0, 6)), channels.map((r) => r.consultations))),
    h("figure", { class: "wide" }, h("figcaption", {}, "曜日・時間帯別のメッセージ数"), heatmap("曜日・時間帯別のメッセージ数", byId(report, "hours").rows.slice(0, 24), WEEKDAYS)),
    h("figure", {}, h("figcaption", {}, "月別の友だち登録数（純増）"), barChart("月別の友だち登録数", monthly.map((r) => r.month), monthly.map((r) => r.friends))));
}

async function channelLinks() {
  const { channels } = await request("GET", "/api/reports/channels");
  return h("section", { class: "channel-links" }, h("h2", {}, "広報媒体ごとのリンクとQRコード"),
    h("p", { class: "note" }, "カードやステッカーに印刷するQRコードです。読み取られた回数だけを数え、読み取った人の情報は記録しません。"),
    h("ul", {}, channels.map((c) => h("li", {}, h("strong", {}, c.label),
      c.link_url ? [h("code", {}, c.link_url), h("img", { src: c.qr_svg, alt: `${c.label}のQRコード`, width: 96, height: 96 }), h("a", { href: c.qr_svg, download: "" }, "SVG"), " ", h("a", { href: c.qr_png, download: "" }, "PNG")] : h("span", { class: "note" }, "（リンクなし：相談者への質問でのみ数えます）")))));
}

export function renderReports(root, ctx, route) {
  const params = route.params || {};
  const state = { fy: Number(params.fy) || null, publication: params.publication === "1" };
  const print = () => ctx.go({ name: "reports-print", params: { fy: String(state.fy), publication: state.publication ? "1" : "" } });
  const body = h("div", { class: "reports" });
  root.append(h("h1", {}, "実績報告 ", h("span", { class: "hint", lang: "en" }, "reports")), body);

  async function load() {
    clear(body).append(h("p", {}, "読み込み中…"));
    try {
      const years = await request("GET", "/api/reports/years");
      if (!years.years.length) return clear(body).append(h("p", {}, "まだ集計できる実績がありません。"));
      state.fy = state.fy && years.years.includes(state.fy) ? state.fy : years.years.includes(years.current) ? years.current : years.years.at(-1);
      const query = state.publication ? "?publication=1" : "";
      const report = await request("GET", `/api/reports/years/${state.fy}${query}`);
      const pick = h("select", { "aria-label": "年度", onchange: (e) => { state.fy = Number(e.target.value); load(); } },
        years.years.map((y) => h("option", { value: y, selected: y === state.fy }, `${y}年度`)));
      const pub = h("input", { type: "checkbox", id: "pub", checked: state.publication, onchange: (e) => { state.publication = e.target.checked; load(); } });
      const tools = h("div", { class: "report-tools" }, pick,
        h("label", { for: "pub" }, pub, ` 公表用（${years.threshold}件未満を＊で伏せる）`),
        h("button", { type: "button", onclick: print }, "印刷用シート（A4）"),
        h("button", { type: "button", class: "secondary", onclick: async () => { await request("POST", "/api/reports/refresh"); load(); } }, "再集計"),
        h("span", { class: "note" }, `${report.label}（${report.period.start}〜${report.period.end}）・集計 ${new Date(report.refreshed_at).toLocaleString("ja-JP")}`));
      const csv = (id) => `/api/reports/years/${state.fy}/tables/${id}.csv${query}`;
      clear(body).append(tools, headlineCards(report.headline), charts(report),
        h("section", { class: "tables" }, report.tables.map((t) => dataTable(t, { csvHref: csv(t.id) }))));
      body.append(await channelLinks());
    } catch (err) {
      clear(body).append(h("p", { class: "error", role: "alert" }, describeError(err)));
    }
  }
  load();
  return {};
}

export function renderReportsPrint(root, ctx, route) {
  const params = route.params || {};
  const query = params.publication === "1" ? "?publication=1" : "";
  root.append(h("div", { class: "print-tools" },
    h("button", { type: "button", onclick: () => window.print() }, "印刷する"),
    h("button", { type: "button", class: "secondary", onclick: () => ctx.go({ name: "reports", params }) }, "実績報告に戻る")));
  const sheet = h("div", { class: "sheet" });
  root.append(sheet);
  request("GET", `/api/reports/years/${Number(params.fy)}${query}`)
    .then((report) => renderSheet(sheet, report))
    .catch((err) => sheet.append(h("p", { class: "error", role: "alert" }, describeError(err))));
  return {};
}
