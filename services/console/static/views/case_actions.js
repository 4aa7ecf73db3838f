// Closing a case, proposing outreach, referring to a partner. Each asks in the page before
// anything final: the outcome of a closure, that a pending outreach request will be cancelled,
// that personal details will leave the service.

import { api } from "../api.js";
import { field, h, select } from "../dom.js";
import { t } from "../i18n.js";
import { label, options } from "../labels.js";
import { confirmInPage, form, invalid, submit } from "./forms.js";

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

export function outreachForm(caseId, after) {
  const consent = h("input", { type: "checkbox", name: "consent", required: true });
  const urgency = select("urgency", options("urgency"), "normal");
  const accompaniment = select("accompaniment", [["", t("common.none")], ...options("accompaniment")], "");
  const area = h("input", { name: "area", maxlength: 64 });
  const button = submit(t("outreach.submit"), { disabled: true });
  const el = form(
    "outreach-form",
    [
      h("label", { class: "check" }, consent, ` ${t("outreach.consent")}`),
      field(t("outreach.urgency"), urgency),
      field(t("outreach.accompaniment"), accompaniment),
      field(t("outreach.area"), area),
      button,
    ],
    async () => {
      if (!consent.checked) throw invalid(t("outreach.needConsent"), consent);
      const body = { consent: true, urgency: urgency.value };
      if (accompaniment.value) body.accompaniment = accompaniment.value;
      if (area.value.trim()) body.area = area.value.trim();
      await api.outreach(caseId, body);
      consent.checked = false;
      await after();
      return t("outreach.done");
    },
    after,
  );
  const sync = () => {
    button.disabled = !consent.checked;
  };
  consent.addEventListener("change", sync);
  el.addEventListener("input", sync);
  return el;
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
