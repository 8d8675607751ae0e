// The 演习 / EXERCISE banner: on every screen (login included) whenever the realm is not live.
import { t } from "./i18n.js";
import { $ } from "./ui.js";
export function renderBanner(realm) {
  const el = $("#exercise");
  el.hidden = realm === "live";
  el.textContent = `${t("app.exercise")} · ${realm}`;
  document.body.classList.toggle("drill", realm !== "live");
}
