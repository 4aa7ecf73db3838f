// The API's codes in words, [Japanese, English]; an unknown code is shown as itself, never hidden.
// Tables of the case's own vocabulary; records, audit and server messages are in labels_more.js.

import { pick } from "./i18n.js";
import { MORE } from "./labels_more.js";

export const RISK_LEVELS = ["emergency", "high", "medium", "low"];

const TABLES = {
  risk: { emergency: ["緊急", "Emergency"], high: ["高", "High"], medium: ["中", "Medium"], low: ["低", "Low"] },
  status: { waiting: ["待機中", "Waiting"], assigned: ["対応中", "In progress"], closed: ["終了", "Closed"] },
  outcome: {
    resolved: ["解決", "Resolved"], referred: ["他機関へつないだ", "Referred"], outreach: ["アウトリーチ", "Outreach"],
    information_given: ["情報提供", "Information given"], no_response: ["応答なし", "No response"],
    consulter_ended: ["相談者が終了", "She ended it"], other: ["その他", "Other"],
  },
  partner: {
    police: ["警察", "Police"], child_family_support_center: ["子ども家庭支援センター", "Child and family support center"],
    welfare_office: ["福祉事務所", "Welfare office"], council_of_social_welfare: ["社会福祉協議会", "Council of social welfare"],
    womens_council: ["女性相談窓口", "Women's counseling office"], npo: ["NPO", "NPO"],
    school_board: ["教育委員会", "School board"], on_call_supervisor: ["オンコールのスーパーバイザー", "On-call supervisor"],
  },
  category: {
    dv_imminent: ["DV（差し迫った危険）", "DV, imminent danger"], dv: ["DV", "DV"], sexual_violence: ["性暴力", "Sexual violence"],
    stalking: ["ストーカー", "Stalking"], suicide_risk: ["自殺の危険", "Suicide risk"], child_safety: ["子どもの安全", "Child safety"],
    child_abuse: ["児童虐待", "Child abuse"], housing_tonight: ["今夜の住まい", "Housing tonight"], poverty: ["生活困窮", "Poverty"],
    isolation: ["孤立", "Isolation"], caregiving: ["介護", "Caregiving"], parenting_strain: ["育児負担", "Parenting strain"],
    youth: ["若年", "Youth"], emergency_out_of_hours: ["時間外の緊急", "Emergency out of hours"],
    sla_breach: ["初回応答の遅れ", "First reply late"], next_response: ["返信の遅れ", "Reply late"],
  },
  action: {
    call_back: ["折り返し連絡", "Call back"], dispatch: ["出動・駆けつけ", "Dispatch"], protection: ["保護の検討", "Consider protection"],
    consultation: ["相談対応", "Consultation"], information_sharing: ["情報共有", "Share information"],
    take_over: ["対応の引き継ぎ", "Take over"],
  },
  urgency: { emergency: ["緊急", "Emergency"], high: ["高", "High"], normal: ["通常", "Normal"] },
  accompaniment: {
    welfare_office: ["福祉事務所", "Welfare office"], police: ["警察", "Police"], womens_council: ["女性相談窓口", "Women's counseling office"],
    hospital: ["病院", "Hospital"], shelter: ["一時保護・シェルター", "Shelter"], court: ["裁判所", "Court"], other: ["その他", "Other"],
  },
  age: {
    under_20: ["20歳未満", "Under 20"], "20s": ["20代", "20s"], "30s": ["30代", "30s"], "40s": ["40代", "40s"],
    "50s": ["50代", "50s"], "60s": ["60代", "60s"], "70_plus": ["70代以上", "70 or over"], unknown: ["不明", "Unknown"],
  },
  channel: {
    poster: ["ポスター", "Poster"], leaflet: ["チラシ・カード", "Leaflet or card"], website: ["区のウェブサイト", "Ward website"],
    sns: ["SNS", "Social media"], line_ad: ["LINE広告", "LINE ad"], school_card: ["学校で配布のカード", "Card from school"],
    friend: ["知人の紹介", "A friend"], agency: ["関係機関の紹介", "Another agency"], other: ["その他", "Other"],
  },
  kind: {
    sticker: ["スタンプ", "Sticker"], image: ["画像", "Image"], video: ["動画", "Video"], audio: ["音声", "Audio"],
    file: ["ファイル", "File"], location: ["位置情報", "Location"], unknown: ["不明な種類", "Unknown kind"],
  },
  role: {
    counselor: ["相談員", "Counselor"], supervisor: ["スーパーバイザー", "Supervisor"], admin: ["管理者", "Administrator"],
    outreach_coordinator: ["アウトリーチ調整", "Outreach coordinator"], outreach_worker: ["アウトリーチ", "Outreach worker"],
  },
  flag: {
    negated: ["否定", "negated"], third_person: ["第三者", "third person"], past: ["過去", "past"],
    combined: ["組合せ", "combined"], hyperbole: ["誇張", "hyperbole"], question: ["質問", "question"],
    fiction: ["作品・引用", "fiction or a quote"], joke: ["冗談", "joke"], learned: ["学習モデル", "learned model"],
    crosslingual: ["多言語の語から", "from words in any language"],
    uncertain: ["判定に迷いあり", "unsure"], lowered_by_model: ["学習モデルが下げた", "lowered by the model"],
  },
  alternative: {
    low: ["「低」の可能性も", "maybe low"], medium: ["「中」の可能性も", "maybe medium"],
    high: ["「高」の可能性も", "maybe high"], emergency: ["「緊急」の可能性も", "maybe emergency"],
  },
  aspect: {
    ongoing: ["いま進行中", "ongoing"], done: ["した直後", "just done"], attempted: ["しようとした", "attempted"],
    about_to: ["しようとしている", "about to"], planned: ["予定している", "planned"], wished: ["したい気持ち", "wished"],
    conditional: ["条件つき", "conditional"], stated: ["と言っている", "stated"],
  },
  skill: {
    dv: ["DV", "DV"], youth: ["若年", "Youth"], child: ["子ども", "Children"], suicide: ["希死念慮", "Suicidal thoughts"],
    livelihood: ["生活", "Livelihood"], "lang:en": ["英語", "English"], "lang:zh": ["中国語", "Chinese"],
    "lang:vi": ["ベトナム語", "Vietnamese"], "lang:tl": ["タガログ語", "Tagalog"], "lang:pt": ["ポルトガル語", "Portuguese"],
    "lang:ko": ["韓国語", "Korean"], "lang:ne": ["ネパール語", "Nepali"], "lang:es": ["スペイン語", "Spanish"],
  },
  riskSetBy: { auto: ["自動判定", "Automatic"], counselor: ["相談員が設定", "Set by a counselor"] },
  ...MORE,
};

/** The words for `code` in table `name` ("—" for nothing; the code itself when unknown). */
export function label(name, code) {
  if (code === null || code === undefined || code === "") return "—";
  const found = TABLES[name]?.[code];
  return found ? pick(found) : String(code);
}

/** [value, words] pairs of a table, for a <select>. */
export function options(name) {
  return Object.keys(TABLES[name] || {}).map((code) => [code, label(name, code)]);
}

export function listOf(name, codes) {
  return Array.isArray(codes) && codes.length ? codes.map((c) => label(name, c)).join("、") : "—";
}

/** A risk reason's flag in words: `aspect:done`, `alternative:high`, `foreign:en` name their value. */
export function flagLabel(flag) {
  const [kind, value] = String(flag).split(":", 2);
  if (value === undefined) return label("flag", kind);
  if (kind === "aspect") return label("aspect", value);
  if (kind === "alternative") return label("alternative", value);
  if (kind === "foreign") return label("skill", `lang:${value}`);
  return String(flag);
}

/** What a risk rule is about, from its id (DV-PHYSICAL-01 → 身体的暴力, SUI-PLAN-02 → 自殺・希死念慮). */
export function ruleFamily(ruleId) {
  const parts = String(ruleId || "").split("-");
  const two = parts.slice(0, 2).join("-");
  return TABLES.rule[two] ? label("rule", two) : label("rule", parts[0]);
}
