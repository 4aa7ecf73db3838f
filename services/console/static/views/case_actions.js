// Closing a case, proposing outreach, referring to a partner. Each asks in the page before
// anything final: the outcome of a closure, that a pending outreach request will be cancelled,
// that personal details will leave the service.

import { api, describeError } from "../api.js";
import { clear, field, h, select } from "../dom.js";
import { t } from "../i18n.js";
import { label, options } from "../labels.js";
import { confirmInPage, form, invalid, submit } from "./forms.js";
import { outreach, WORDS } from "./outreach_common.js";

const choose = () => ["", t("close.choose")];

export function closeForm(caseId, after) {
  const outcome = select("outcome", [choose(), ...options("outcome")], "");
  const el = form(
    "close-form",
    [field(t("close.outcome"), outcome), submit(t("close.submit"), { class: "danger" })],
    async () => {
      if (!outcome.value) throw invalid(t("close.choose"), outcome);
      if (!(await confirmInPage(el, t("close.confirm", { outcome: label("outcome", outcome.value) })))) return "";
      try {
        await api.close(caseId, outcome.value, false);
      } catch (err) {
        if (err.code !== "outreach_pending") throw err;
        const n = (err.extra.requests || []).length || 1;
        if (!(await confirmInPage(el, t("close.outreachPending", { n }), t("close.cancelOutreach")))) return "";
        await api.close(caseId, outcome.value, true);
      }
      await after();
      return t("close.done");
    },
    after,
  );
  return el;
}

const DAYS = [["mon", "月"], ["tue", "火"], ["wed", "水"], ["thu", "木"], ["fri", "金"], ["sat", "土"], ["sun", "日"]];

/**
 * Proposing outreach, with her consent as a record: what she agreed to (meet and talk, be
 * accompanied and where), how and when she may be contacted safely, where she would or would not
 * meet (her home only when she asked and you confirmed it is safe), how she gave it, and that she
 * was told she can withdraw at any time. A proposal she declines or is still thinking about is
 * recorded too (the ward's figures count proposals). `suggested()`: the codes the case suggests now;
 * `undecided()`: the proposal she is still thinking about, which her consent then completes.
 */
export function outreachForm(caseId, after, { suggested = () => [], undecided = () => null } = {}) {
  const consent = h("input", { type: "checkbox", name: "consent" });
  const meet = h("input", { type: "checkbox", name: "help_meet", checked: true });
  const accompany = h("input", { type: "checkbox", name: "help_accompany", checked: suggested().includes("asks_accompaniment") || suggested().includes("afraid_of_counter") });
  const destination = select("accompany_to", [["", t("common.none")], ...Object.entries(WORDS.destination)], "");
  const lineOnly = h("input", { type: "checkbox", name: "line_only", checked: true });
  const neverCall = h("input", { type: "checkbox", name: "never_call", checked: true });
  const dayBoxes = DAYS.map(([code, text]) => ({ code, box: h("input", { type: "checkbox", name: `day_${code}` }), text }));
  const from = h("input", { type: "time", name: "window_start", step: 900, value: "18:00" });
  const until = h("input", { type: "time", name: "window_end", step: 900, value: "21:00" });
  const placeRows = h("div", { class: "place-choices" }, h("p", { class: "hint" }, "…"));
  const places = [];
  const homeRequested = h("input", { type: "checkbox", name: "home_requested" });
  const homeSafe = h("input", { type: "checkbox", name: "home_confirmed_safe" });
  const via = select("given_via", options("via"), "line_chat");
  const withdrawal = h("input", { type: "checkbox", name: "withdrawal_explained" });
  const urgency = select("urgency", options("urgency"), "normal");
  const area = h("input", { name: "area", maxlength: 64 });
  const button = submit(t("outreach.submit"), { disabled: true });
  const propose = (answer) => h("button", { type: "button", class: "secondary", onclick: () => recordProposal(answer) }, t(`outreach.${answer}`));
  outreach.places().then((data) => {
    clear(placeRows);
    for (const place of data.places.filter((p) => p.kind !== "home")) {
      const choice = select(`place_${place.id}`, [["", t("outreach.placeAny")], ["yes", t("outreach.placeYes")], ["no", t("outreach.placeNo")]], "");
      places.push({ id: place.id, choice });
      placeRows.append(field(place.name, choice));
    }
  }).catch(() => clear(placeRows).append(h("p", { class: "hint" }, t("common.none"))));

  const el = form(
    "outreach-form",
    [
      h("fieldset", {}, h("legend", {}, t("outreach.help")), h("label", { class: "check" }, meet, ` ${t("outreach.helpMeet")}`), h("label", { class: "check" }, accompany, ` ${t("outreach.helpAccompany")}`), field(t("outreach.destination"), destination)),
      h("fieldset", {}, h("legend", {}, t("outreach.contact")), h("label", { class: "check" }, lineOnly, ` ${t("outreach.lineOnly")}`), h("label", { class: "check" }, neverCall, ` ${t("outreach.neverCall")}`),
        h("p", { class: "hint" }, t("outreach.window")), h("div", { class: "day-boxes" }, dayBoxes.map((d) => h("label", { class: "check inline" }, d.box, ` ${d.text}`))),
        h("div", { class: "form-grid" }, field(t("outreach.from"), from), field(t("outreach.to"), until))),
      h("fieldset", {}, h("legend", {}, t("outreach.places")), placeRows, h("label", { class: "check" }, homeRequested, ` ${t("outreach.homeRequested")}`), h("label", { class: "check" }, homeSafe, ` ${t("outreach.homeSafe")}`)),
      field(t("outreach.via"), via),
      h("label", { class: "check" }, withdrawal, ` ${t("outreach.withdrawal")}`),
      h("label", { class: "check" }, consent, ` ${t("outreach.consent")}`),
      field(t("outreach.urgency"), urgency),
      field(t("outreach.area"), area),
      h("div", { class: "row-actions" }, button, propose("undecided"), propose("declined")),
    ],
    async () => {
      if (!consent.checked) throw invalid(t("outreach.needConsent"), consent);
      if (!withdrawal.checked) throw invalid(t("outreach.needWithdrawal"), withdrawal);
      const help = [meet.checked ? "meet_and_talk" : null, accompany.checked ? "accompany" : null].filter(Boolean);
      if (!help.length) throw invalid(t("outreach.needHelp"), meet);
      const days = dayBoxes.filter((d) => d.box.checked).map((d) => d.code);
      const record = {
        help,
        accompany_to: accompany.checked ? destination.value || null : null,
        contact: { line_only: lineOnly.checked, never_call: neverCall.checked, windows: days.length ? [{ days, start: from.value, end: until.value }] : [] },
        meet_at: places.filter((p) => p.choice.value === "yes").map((p) => p.id),
        avoid: places.filter((p) => p.choice.value === "no").map((p) => p.id),
        home_requested: homeRequested.checked,
        home_confirmed_safe: homeSafe.checked,
        given_via: via.value,
        withdrawal_explained: withdrawal.checked,
      };
      const body = { consent: true, consent_record: record, urgency: urgency.value };
      if (area.value.trim()) body.area = area.value.trim();
      if (undecided()) body.proposal_id = undecided();
      await api.outreach(caseId, body);
      consent.checked = false;
      await after();
      return t("outreach.done");
    },
    after,
  );
  async function recordProposal(answer) {
    try {
      await api.proposeOutreach(caseId, { answer, reasons: suggested() });
      el.querySelector(".form-status").textContent = t("outreach.proposed");
      await after();
    } catch (err) {
      el.querySelector(".form-status").textContent = describeError(err);
    }
  }
  const sync = () => {
    button.disabled = !consent.checked;
  };
  consent.addEventListener("change", sync);
  el.addEventListener("input", sync);
  return el;
}

/** The suggestion on the case: why outreach may help now (never a request by itself). */
export function outreachSuggestion(suggestions, openForm) {
  if (!suggestions?.length) return null;
  return h("section", { class: "notice outreach-suggestion", role: "note" },
    h("strong", {}, t("outreach.suggestTitle")),
    h("ul", {}, suggestions.map((s) => h("li", {}, label("suggestion", s.code)))),
    h("p", { class: "hint" }, t("outreach.suggestHint")),
    h("button", { type: "button", class: "secondary", onclick: openForm }, t("outreach.suggestOpen")));
}

const DETAILS = ["name", "contact", "location", "note"];

export function referralForm(caseId, after) {
  const kind = select("partner_kind", [choose(), ...options("partner")], "");
  const category = select("category", [choose(), ...options("category").filter(([c]) => !["emergency_out_of_hours", "sla_breach", "next_response"].includes(c))], "");
  const urgency = select("urgency", options("urgency"), "normal");
  const action = select("action", [choose(), ...options("action").filter(([a]) => a !== "take_over")], "");
  const include = h("input", { type: "checkbox", name: "include_personal_details" });
  const inputs = DETAILS.map((key) => [key, h("input", { name: `details_${key}`, maxlength: 1000 })]);
  const details = h("fieldset", { class: "details", hidden: true }, h("legend", {}, t("referral.details")), inputs.map(([key, input]) => field(t(`referral.detail.${key}`), input)));
  include.addEventListener("change", () => {
    details.hidden = !include.checked;
  });
  const el = form(
    "referral-form",
    [
      field(t("referral.kind"), kind),
      field(t("referral.category"), category),
      field(t("referral.urgency"), urgency),
      field(t("referral.action"), action),
      h("p", { class: "warning" }, t("referral.warning")),
      h("label", { class: "check" }, include, ` ${t("referral.include")}`),
      details,
      submit(t("referral.submit")),
    ],
    async () => {
      for (const [control, name] of [[kind, "referral.kind"], [category, "referral.category"], [action, "referral.action"]]) {
        if (!control.value) throw invalid(t("referral.missing", { field: t(name) }), control);
      }
      const body = { partner_kind: kind.value, category: category.value, urgency: urgency.value, action: action.value, include_personal_details: include.checked };
      if (include.checked) {
        const filled = Object.fromEntries(inputs.filter(([, input]) => input.value.trim()).map(([key, input]) => [key, input.value.trim()]));
        if (!Object.keys(filled).length) throw invalid(t("referral.noDetails"), inputs[0][1]);
        if (!(await confirmInPage(el, t("referral.confirmDetails")))) return "";
        body.details = filled;
      }
      await api.refer(caseId, body);
      include.checked = false;
      details.hidden = true;
      inputs.forEach(([, input]) => (input.value = ""));
      await after();
      return t("referral.done");
    },
    after,
  );
  return el;
}
