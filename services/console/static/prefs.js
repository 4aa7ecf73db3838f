// Her console settings (language, emergency sound, desktop notice), read from and saved to the
// server: the console keeps nothing in the browser, so they follow her to any computer.

import { api } from "./api.js";
import { setLang } from "./i18n.js";

const DEFAULTS = { lang: "ja", sound: false, desktop: false };

export function createPrefs() {
  let current = { ...DEFAULTS };
  return {
    get: () => current,
    async load() {
      try {
        const data = await api.preferences();
        current = { ...DEFAULTS, ...(data.preferences || {}) };
      } catch (err) {
        current = { ...DEFAULTS };
      }
      setLang(current.lang);
      return current;
    },
    async save(changes) {
      const data = await api.savePreferences(changes);
      current = { ...DEFAULTS, ...(data.preferences || {}) };
      setLang(current.lang);
      return current;
    },
    reset() {
      current = { ...DEFAULTS };
      setLang("ja");
    },
  };
}
