// The 演习 / EXERCISE banner: on every screen (login included) whenever the realm is not live.
import { t } from "./i18n.js";
import { $ } from "./ui.js";
// The drill is named by its name once known (drill.list), never by its realm id.
export function renderBanner(realm, drillName = "") {
  const el = $("#exercise");
  el.hidden = realm === "live";
  el.textContent = drillName ? `${t("app.exercise")} · ${drillName}` : t("app.exercise");
  document.body.classList.toggle("drill", realm !== "live");
}
