// The login form. The password never leaves this form's field except in the login request.

import { api, describeError } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";

export function renderLogin(root, { notice, onLogin }) {
  const username = h("input", { name: "username", autocomplete: "username", required: true, maxlength: 128, autocapitalize: "off", spellcheck: "false" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("p", { class: "form-status error", role: "alert" });
  const submit = h("button", { type: "submit" }, t("login.submit"));
  const form = h(
    "form",
    { class: "login-form", "aria-labelledby": "login-title", novalidate: true },
    h("h1", { id: "login-title" }, t("login.title")),
    notice ? h("p", { class: "notice", role: "status" }, notice) : null,
    field(t("login.username"), username),
    field(t("login.password"), password),
    submit,
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    if (!username.value || !password.value) {
      message.textContent = t("login.missing");
      (username.value ? password : username).focus();
      return;
    }
    submit.disabled = true;
    try {
      const data = await api.login(username.value, password.value);
      password.value = "";
      await onLogin(data);
    } catch (err) {
      password.value = "";
      message.textContent = err.status === 401 ? t("login.wrong") : describeError(err);
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
  username.focus();
  return { stop() {} };
}
