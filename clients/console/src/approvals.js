// 待我审批: what waits for this user's approval, on one screen and counted in the top strip: response
// levels the rules proposed (rules.md "Approvals") and release orders from the depots this commander
// approves for (supplies.md). The lists are the server's, refetched (at most once per THROTTLE_MS)
// whenever a pushed event may have changed them, whichever screen is open.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, state } from "./state.js";
import { $, errText, html, joinHtml, setHtml } from "./ui.js";
import { levelBadge } from "./board.js";
import { itemName } from "./supplies.js";
import { Refetcher } from "./refetch.js";

const THROTTLE_MS = 1500;
const REFETCH = ["all", "approvals", "incidents", "supplies"];  // areas whose events may add or settle one
let data = null;
const lists = new Refetcher(() => load(), (d) => {
  data = d;
  state.changed.add("approvals-data");
  document.dispatchEvent(new Event("lifeline:render"));
}, THROTTLE_MS);

// Only for those who approve something (the duty officer proposes, the leader and the commander approve).
export const approvalsVisible = () => can("incident.approve_level") || can("release.approve");
// How many wait for this user (0 until the first fetch).
export const pendingApprovals = () => (data && data.userId === state.user?.id ? data.proposals.length + data.releases.length : 0);

// Called on every render with what changed: a refetch when something relevant moved.
export function noteApprovalChanges(changed) {
  if (!approvalsVisible()) return;
  if (REFETCH.some((a) => changed.has(a))) lists.request();
  lists.ensure();
}

async function load() {
  const [p, r] = await Promise.all([can("proposal.list") ? conn.request("proposal.list", { mine: true }) : null,
    can("release.approve") ? conn.requestAll("release.list", { awaiting_my_approval: true }, "orders") : null]);
  return { userId: state.user?.id, proposals: p?.ok ? p.result.proposals : [], releases: r?.ok ? r.result.orders : [] };
}

const en = () => language() === "en";
const depotName = (id) => { const d = state.depots.get(id); return d ? (en() && d.name_en ? d.name_en : d.name) : ""; };

// The incident a release is for, by number and title (when this desk holds it).
const incidentLine = (id) => { const i = id ? state.incidents.get(id) : null; return i ? html`<div class="muted">${i.number} ${i.title}</div>` : ""; };

export function renderApprovals(panel) {
  if (!data || data.userId !== state.user?.id) { setHtml(panel, html`<p class="muted">${t("sup.loading")}</p>`); lists.request(); return; }
  const { proposals, releases } = data;
  setHtml(panel, html`<div id="approvals">
    <h3>${t("appr.levels", { n: proposals.length })}</h3>
    ${proposals.length ? html`<table id="approval-levels"><thead><tr><th>${t("appr.subject")}</th><th>${t("inc.level")}</th><th>${t("appr.why")}</th><th>${t("appr.since")}</th><th></th></tr></thead><tbody>
      ${proposals.map((p) => html`<tr data-proposal="${p.id}"><td>${en() ? p.about_en : p.about_zh}</td><td>${levelBadge(p.level)}</td>
        <td>${(en() ? p.title_en : p.title_zh) || p.rule}<div class="muted">${t("inc.approver")}: ${t("role." + p.approver)}</div></td>
        <td>${localTime(p.proposed_at)}</td>
        <td class="actions"><button class="small" data-approve-proposal="${p.id}" data-kind="${p.subject_kind}">${t("inc.approve")}</button></td></tr>`)}
      </tbody></table>` : html`<p class="muted">${t("appr.none")}</p>`}
    <h3>${t("appr.releases", { n: releases.length })}</h3>
    ${releases.length ? html`<table id="approval-releases"><thead><tr><th>${t("sup.release")}</th><th>${t("appr.since")}</th><th></th></tr></thead><tbody>
      ${releases.map((o) => html`<tr data-release="${o.id}"><td><b>${depotName(o.depot_id)}</b> → ${o.destination}
          <div class="lines">${joinHtml(o.lines.map((l) => html`<span class="chip">${itemName(l.item)} ×${l.picked}</span>`), " ")}</div>
          ${incidentLine(o.incident_id)}</td>
        <td>${localTime(o.created_at)}</td>
        <td class="actions"><button class="small" data-approve-release="${o.id}">${t("inc.approve")}</button></td></tr>`)}
      </tbody></table>` : html`<p class="muted">${t("appr.none")}</p>`}
    <p class="error" id="appr-error"></p></div>`);
  for (const b of panel.querySelectorAll("[data-approve-proposal]"))
    b.addEventListener("click", () => approve(b, `${b.dataset.kind}.approve_level`, { proposal_id: b.dataset.approveProposal }));
  for (const b of panel.querySelectorAll("[data-approve-release]")) b.addEventListener("click", () => approve(b, "release.approve", { id: b.dataset.approveRelease }));
}

// The approval's own event comes back as a push and the list is refetched.
async function approve(button, op, body) {
  button.disabled = true;
  const r = await conn.request(op, body);
  if (!r.ok) { button.disabled = false; const e = $("#appr-error"); if (e) e.textContent = errText(r); }
}
