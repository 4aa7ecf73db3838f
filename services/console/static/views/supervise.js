// A supervisor's part of a case: reassign it (from who is on shift and free), mark the consulter
// abusive (no automatic replies; her messages are still kept and read), and read the audit log.

import { api, describeError } from "../api.js";
import { clear, h } from "../dom.js";
import { t } from "../i18n.js";
import { label } from "../labels.js";
import { whenFull } from "../time.js";
import { form, submit } from "./forms.js";
import { reassignControl } from "./reassign.js";

function abusiveForm(caseId, abusive, after) {
  const box = h("input", { type: "checkbox", name: "abusive", checked: Boolean(abusive) });
  return form(
    "abusive-form",
    [h("label", { class: "check" }, box, ` ${t("supervise.abusive")}`), submit(t("intake.save"), { class: "secondary" })],
    async () => {
      await api.abusive(caseId, box.checked);
      await after();
      return t("supervise.abusiveSaved");
    },
    after,
  );
}

function auditViewer(caseId, names) {
  const box = h("div");
  const button = h("button", { type: "button", class: "secondary" }, t("supervise.audit"));
  button.addEventListener("click", async () => {
    try {
      const entries = (await api.audit(caseId)).entries || [];
      const list = h("ol", { class: "audit" });
      for (const entry of entries) {
        const who = entry.actor_id ? names[entry.actor_id] || entry.actor_id : t("supervise.system");
        list.append(h("li", {}, `${whenFull(entry.at)}　${who}　${label("audit", entry.action)}`));
      }
      if (!entries.length) list.append(h("li", { class: "empty" }, t("supervise.auditEmpty")));
      clear(box).append(list);
    } catch (err) {
      clear(box).append(h("p", { class: "form-status error", role: "alert" }, describeError(err)));
    }
  });
  return [button, box];
}

export async function supervisorPanel(data, after) {
  const c = data.case || {};
  let staff = [];
  try {
    staff = (await api.staff()).staff || [];
  } catch (err) {
    staff = [];
  }
  const parts = [];
  if (c.status !== "closed") parts.push(h("h3", {}, t("supervise.assign")), reassignControl({ id: c.id, counselor_id: c.counselor_id }, staff, after));
  parts.push(abusiveForm(c.id, data.consulter?.abusive, after), ...auditViewer(c.id, data.staff || {}));
  return parts;
}
