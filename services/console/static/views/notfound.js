// An address the console does not know (or a screen her role does not have): said in words, with
// the way back, instead of an empty page.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { href } from "../router.js";

export function renderNotFound(root) {
  root.append(
    h("h1", {}, t("notfound.title")),
    h("p", {}, t("notfound.text")),
    h("p", {}, h("a", { href: href({ name: "queue" }), class: "button" }, t("notfound.home"))),
  );
  return { stop() {} };
}
