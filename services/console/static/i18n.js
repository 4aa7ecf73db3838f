// The console's two languages: Japanese (the default) and English, for counselors who work in it.
// Every visible word goes through t() (UI strings) or label() (the API's codes); the choice is kept
// on the server (PUT /api/me/preferences) because the console stores nothing in the browser.

import { STRINGS } from "./strings.js";
import { CASE_STRINGS } from "./strings_case.js";

const ALL = { ...STRINGS, ...CASE_STRINGS };
const LANGS = ["ja", "en"];
let lang = "ja";
const listeners = new Set();

export function currentLang() {
  return lang;
}

export function setLang(next) {
  const chosen = LANGS.includes(next) ? next : "ja";
  if (chosen === lang) return;
  lang = chosen;
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** Called whenever the language changes (the shell re-renders the screen). */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A UI string; `{name}` placeholders are filled from `params`. An unknown key shows as itself. */
export function t(key, params = {}) {
  const pair = ALL[key];
  const text = pair ? pair[LANGS.indexOf(lang)] ?? pair[0] : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Pick from a [ja, en] pair (the label tables use them). */
export function pick(pair) {
  return Array.isArray(pair) ? pair[LANGS.indexOf(lang)] ?? pair[0] : String(pair);
}
