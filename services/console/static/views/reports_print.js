// The printable A4 sheet (印刷用シート), laid out like the ward's own yearly report so its parts can
// be pasted into it: numbered sections, small tables, one chart. Print from the browser (A4 portrait,
// reports.css sets the page); the console's header and buttons are not printed.

import { clear, h } from "../dom.js";
import { barChart } from "./reports_charts.js";

const fmt = (v) => (v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("ja-JP") : String(v));
const pct = (v) => (typeof v === "number" ? `${v.toFixed(1)}%` : fmt(v));
const rowsOf = (report, id) => report.tables.find((t) => t.id === id).rows;

function grid(headers, rows) {
  return h("table", { class: "sheet-table" },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((x, i) => (i === 0 ? h("th", { scope: "row" }, x) : h("td", {}, x)))))));
}

function section(n, title, ...content) {
  return h("section", { class: "sheet-section" }, h("h2", {}, `${n}　${title}`), ...content);
}

function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function renderSheet(root, report) {
  const hd = report.headline;
  const monthly = rowsOf(report, "monthly");
  const months = monthly.slice(0, 12);
  const ages = rowsOf(report, "age").filter((r) => !["total", "not_given", "unknown"].includes(r.code));
  const channels = rowsOf(report, "channels").filter((r) => r.code !== "total");
  const funnel = rowsOf(report, "outreach");
  const stage = (code) => fmt((funnel.find((r) => r.code === code) || {}).requests);
  clear(root).append(
    h("header", { class: "sheet-head" },
      h("h1", {}, `${report.label}　LINE相談事業　実績報告`),
      h("p", {}, `対象期間：${day(report.period.start)}〜${day(report.period.end)}`),
      report.publication ? h("p", { class: "sheet-flag" }, `公表用：${report.publication.threshold}件未満の数値は「＊」で表示しています。`) : null),
    section("1", "相談件数",
      grid(["", "目標", "実績", "達成率"], [["相談件数", `${fmt(hd.consultation_target)}件`, `${fmt(hd.consultations)}件`, pct(hd.achievement_rate)]]),
      grid(["", ...months.map((r) => r.month), "合計"], [
        ["相談件数", ...monthly.map((r) => fmt(r.consultations))],
        ["新規相談者", ...monthly.map((r) => fmt(r.new_consulters))],
      ]),
      barChart("月別の相談件数", months.map((r) => r.month), months.map((r) => r.consultations), { height: 130 })),
    section("2", "LINE友だち登録数",
      grid(["年度末の登録数", "年度中の純増", "友だち追加", "ブロック", "ブロック解除"],
        [[`${fmt(hd.friends_at_year_end)}人`, `${fmt(hd.friends_registered)}人`, fmt(hd.followed), fmt(hd.blocked), fmt(hd.refollowed)]])),
    section("3", "相談者の年代構成",
      grid(["", ...ages.map((r) => r.age_band)], [["構成比", ...ages.map((r) => pct(r.share))], ["人数", ...ages.map((r) => fmt(r.consulters))]])),
    section("4", "新規・継続の相談者",
      grid(["", "新規", "継続", "合計"], [["人数", fmt(hd.new_consulters), fmt(hd.continuing_consulters), fmt(hd.consulters)], ["構成比", pct(hd.new_share), pct(typeof hd.new_share === "number" ? 100 - hd.new_share : hd.new_share), "100.0%"]])),
    section("5", "アウトリーチ（訪問・同行支援）",
      grid(["", "目標", "実績", "達成率", "同意を得た依頼", "日時を決めた", "取りやめ"],
        [["訪問件数", `${fmt(hd.outreach_target)}件`, `${fmt(hd.outreach_visits)}件`, pct(hd.outreach_rate), stage("requested"), stage("scheduled"), stage("cancelled")]])),
    section("6", "広報の効果（媒体別）",
      grid(["媒体", "リンク・QRの訪問", "「知ったきっかけ」の回答", "友だち登録（純増）", "相談件数"],
        channels.map((r) => [r.channel, fmt(r.link_visits), fmt(r.answers), fmt(r.friends), fmt(r.consultations)]))),
    section("7", "受付時間外に届いたメッセージ",
      h("p", {}, `受信メッセージ ${fmt(hd.messages)}通のうち、受付時間外は ${fmt(hd.out_of_hours)}通（${pct(hd.out_of_hours_share)}）でした。`)),
    h("footer", { class: "sheet-notes" },
      h("p", {}, "相談件数：相談員が返信したケースの数（初めて返信した月に計上）。友だち登録数：友だち追加とブロック解除からブロックを引いた数。"),
      h("p", {}, "年代の構成比は年代が分かる相談者に占める割合。新規：その年度に初めて相談した人。訪問数はリンクが開かれた回数で人数ではありません。")),
  );
}
