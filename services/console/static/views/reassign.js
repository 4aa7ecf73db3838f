// Reassignment from a list of people, never a typed id: who is on shift and has a free seat can be
// chosen; the others are listed (disabled) with why, so a supervisor sees the whole team at once.

import { api, describeError } from "../api.js";
import { announce, h, statusLine, uid } from "../dom.js";
import { t } from "../i18n.js";

function availability(person) {
  if (!person.on_shift) return t("reassign.offShift");
  if (!person.free) return t("reassign.full", { n: person.active_cases, c: person.capacity });
  return t("reassign.free", { n: person.active_cases, c: person.capacity });
}

export function reassignControl(item, staff, after) {
  const status = statusLine();
  const choice = h("select", { name: "counselor_id", id: uid("assign"), dataset: { focusKey: `assign-${item.id}` } });
  choice.append(h("option", { value: "" }, t("reassign.choose")));
  for (const person of staff) {
    if (person.id === item.counselor_id) continue;
    const usable = person.on_shift && person.free;
    choice.append(h("option", { value: person.id, disabled: !usable }, `${person.display_name}（${availability(person)}）`));
  }
  const button = h("button", { type: "submit", class: "secondary" }, t("reassign.submit"));
  const form = h(
    "form",
    { class: "inline-form reassign" },
    h("label", { for: choice.id, class: "visually-hidden" }, t("reassign.to")),
    choice,
    button,
    status.el,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!choice.value) {
      status.fail(t("reassign.choose"));
      choice.focus();
      return;
    }
    const name = choice.selectedOptions[0]?.textContent?.split("（")[0] || "";
    button.disabled = true;
    try {
      await api.assign(item.id, choice.value);
      status.ok(t("reassign.done", { name }));
      announce(t("reassign.done", { name }));
      await after?.();
    } catch (err) {
      status.fail(describeError(err));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
