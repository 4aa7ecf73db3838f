// Japanese labels for the API's codes, with a short English hint; an unknown code shows as itself.

export const RISK_LEVELS = ["emergency", "high", "medium", "low"];
const RISK = { emergency: "緊急", high: "高", medium: "中", low: "低" };
const STATUS = { waiting: "待機中", assigned: "対応中", closed: "終了" };
export const OUTCOMES = [
  ["resolved", "解決"],
  ["referred", "他機関へつないだ"],
  ["outreach", "アウトリーチ"],
  ["information_given", "情報提供"],
  ["no_response", "応答なし"],
  ["consulter_ended", "相談者が終了"],
  ["other", "その他"],
];
export const PARTNER_KINDS = [
  ["police", "警察"],
  ["child_family_support_center", "子ども家庭支援センター"],
  ["welfare_office", "福祉事務所"],
  ["council_of_social_welfare", "社会福祉協議会"],
  ["womens_council", "女性相談（男女共同参画）"],
  ["npo", "NPO"],
  ["school_board", "教育委員会"],
  ["on_call_supervisor", "オンコールSV"],
];
export const CATEGORIES = [
  ["dv_imminent", "DV（差し迫った危険）"],
  ["dv", "DV"],
  ["sexual_violence", "性暴力"],
  ["stalking", "ストーカー"],
  ["suicide_risk", "自殺の危険"],
  ["child_safety", "子どもの安全"],
  ["child_abuse", "児童虐待"],
  ["housing_tonight", "今夜の住まい"],
  ["poverty", "生活困窮"],
  ["isolation", "孤立"],
  ["caregiving", "介護"],
  ["parenting_strain", "育児負担"],
  ["youth", "若年"],
];
export const ACTIONS = [
  ["call_back", "折り返し連絡"],
  ["dispatch", "出動・駆けつけ"],
  ["protection", "保護の検討"],
  ["consultation", "相談対応"],
  ["information_sharing", "情報共有"],
];
export const URGENCIES = [
  ["emergency", "緊急"],
  ["high", "高"],
  ["normal", "通常"],
];
export const ACCOMPANIMENTS = [
  ["", "なし"],
  ["welfare_office", "福祉事務所"],
  ["police", "警察"],
  ["womens_council", "女性相談窓口"],
  ["hospital", "病院"],
  ["shelter", "一時保護・シェルター"],
  ["court", "裁判所"],
  ["other", "その他"],
];
export const AGE_BANDS = [
  ["", "未入力"],
  ["under_20", "20歳未満"],
  ["20s", "20代"],
  ["30s", "30代"],
  ["40s", "40代"],
  ["50s", "50代"],
  ["60s", "60代"],
  ["70_plus", "70代以上"],
  ["unknown", "不明"],
];
export const CHANNELS = [
  ["", "未入力"],
  ["poster", "ポスター"],
  ["leaflet", "チラシ・カード"],
  ["website", "区のウェブサイト"],
  ["sns", "SNS"],
  ["line_ad", "LINE広告"],
  ["school_card", "学校で配布のカード"],
  ["friend", "知人の紹介"],
  ["agency", "関係機関の紹介"],
  ["other", "その他"],
];
const KINDS = {
  sticker: "スタンプ",
  image: "画像",
  video: "動画",
  audio: "音声",
  file: "ファイル",
  location: "位置情報",
};
const ROLES = { counselor: "相談員", supervisor: "スーパーバイザー", outreach: "アウトリーチ", admin: "管理者" };
const FLAGS = {
  negated: "否定",
  third_person: "第三者",
  past: "過去",
  combined: "組合せ",
  hyperbole: "誇張",
};

const lookup = (table, code) => (code in table ? table[code] : String(code ?? "—"));
const pairs = (list, code) => {
  const found = list.find(([value]) => value === code);
  return found ? found[1] : String(code ?? "—");
};

export const riskLabel = (level) => lookup(RISK, level);
export const statusLabel = (status) => lookup(STATUS, status);
export const outcomeLabel = (code) => pairs(OUTCOMES, code);
export const roleLabel = (role) => lookup(ROLES, role);
export const flagLabel = (flag) => lookup(FLAGS, flag);
export const kindLabel = (kind) => lookup(KINDS, kind);
export const skillsText = (list) => (Array.isArray(list) && list.length ? list.join("、") : "—");

/** Seconds as mm:ss (hours roll into minutes: 75:03 is clearer than 1:15:03 in a queue). */
export function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export function when(value) {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString("ja-JP", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}
