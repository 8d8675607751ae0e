// Keyboard shortcuts for a desk that works from the keyboard: Alt+1…9 the tabs in the order shown,
// N a new incident, O a new order, M a new notice, / the journal's search, ? this list. Keys typed
// into a field or a dialog are left alone; Esc closes a dialog (ui.js).
import { can, state } from "./state.js";
import { t } from "./i18n.js";
import { dialog, dialogOpen, html } from "./ui.js";
import { incidentForm } from "./board.js";
import { orderDialog, orderableTeams } from "./tasking.js";
import { canCompose, composeDialog } from "./compose.js";
import { journalVisible } from "./journal.js";

const typing = (el) => el && (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.isContentEditable);
const visibleTabs = () => [...document.querySelectorAll("#tabs button")].filter((b) => !b.hidden);

// What each key does for this user now; a key whose action the role may not take is not offered.
function actions(goTab) {
  return [
    { key: "n", label: "kb.new_incident", allowed: () => can("incident.create"), run: () => incidentForm(null) },
    { key: "o", label: "kb.new_order", allowed: () => orderableTeams().length > 0, run: () => orderDialog(null) },
    { key: "m", label: "kb.new_notice", allowed: () => canCompose(), run: () => composeDialog() },
    { key: "/", label: "kb.search_journal", allowed: () => journalVisible(), run: () => goTab("journal", "#jr-q") },
  ];
}

export function showShortcuts(goTab) {
  const rows = actions(goTab).filter((a) => a.allowed());
  dialog(html`<h2>${t("kb.title")}</h2>
    <table class="shortcuts"><tbody>
      <tr><td><kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd></td><td>${t("kb.tabs")}</td></tr>
      ${rows.map((a) => html`<tr><td><kbd>${a.key.toUpperCase()}</kbd></td><td>${t(a.label)}</td></tr>`)}
      <tr><td><kbd>Esc</kbd></td><td>${t("kb.close")}</td></tr>
      <tr><td><kbd>?</kbd></td><td>${t("kb.help")}</td></tr>
    </tbody></table>
    <div class="row"><button class="ghost" data-close>${t("common.close")}</button></div>`);
}

// `goTab(tab, focusSelector?)` switches the console to a tab (app.js owns the render).
export function installShortcuts(goTab) {
  document.addEventListener("keydown", (ev) => {
    if (!state.user || ev.ctrlKey || ev.metaKey || ev.isComposing) return;
    if (ev.altKey && /^Digit[1-9]$/.test(ev.code)) {
      const tab = visibleTabs()[Number(ev.code.slice(5)) - 1];
      if (tab && !dialogOpen()) { ev.preventDefault(); goTab(tab.dataset.tab); }
      return;
    }
    if (ev.altKey || dialogOpen() || typing(ev.target)) return;
    if (ev.key === "?") { ev.preventDefault(); showShortcuts(goTab); return; }
    const action = actions(goTab).find((a) => a.key === ev.key.toLowerCase());
    if (action && action.allowed()) { ev.preventDefault(); action.run(); }
  });
}
