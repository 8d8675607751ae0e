// The plans register on the drills page (schema/plans.md, 应急预案): the city's master plan and
// special plans, who leads each, the activation conditions it states, the rules that carry them
// out (and how often each fired this year), and the revisions after drills. A plan no rule carries
// out yet says so: its conditions are worked by hand.
import { language, t } from "./i18n.js";
import { can, state } from "./state.js";
import { html, uuid7 } from "./ui.js";

const en = () => language() === "en";
const pick = (zh, english) => (en() ? english || zh : zh || english) ?? "";

export async function loadPlans(request, year) {
  if (!can("plan.list")) return null;
  return request("plan.list", { year });
}

// May this desk record a revision of `plan`? The centre any plan, a department those it leads.
const mayRevise = (plan) => can("plan.revise") && (state.user?.role !== "department" || state.user?.unit_id === plan.lead);

function planRow(p, units) {
  const lead = p.lead === "city" ? t("plan.lead_bureau") : (units.get(p.lead) ? pick(units.get(p.lead).name, units.get(p.lead).name_en) : p.lead);
  const last = p.revisions[0];
  return html`<tr data-plan="${p.id}"><td class="plan-name"><b>${pick(p.title_zh, p.title_en)}</b>${p.kind === "master" ? html` <span class="muted">${t("plan.master")}</span>` : ""}
    <div class="muted">${t("plan.lead")}：${lead}</div></td><td class="activation">${pick(p.activation_zh, p.activation_en)}</td>
    <td>${p.rules.length ? p.rules.map((r) => html`<div data-rule="${r.id}" class="${r.in_force ? "" : "error"}">${r.in_force ? pick(r.title_zh, r.title_en) : t("plan.rule_missing")}
      <span class="muted">${t("plan.fired", { n: r.fired })}</span></div>`) : html`<span class="chip chip-open">${t("plan.no_rule")}</span>`}</td>
    <td>${p.revised_this_year ? html`<span class="chip chip-met">✓ ${t("plan.revised")}</span>` : html`<span class="chip chip-missed">${t("plan.not_revised")}</span>`}
      ${last ? html`<div class="muted">${last.revised_at.slice(0, 10)} ${last.summary}</div>` : ""}</td></tr>`;
}

// `units`: id → unit (the drill register's), `drills`: the register's entries of the year.
export function plansHtml(plans, units, drills) {
  if (!plans) return html``;
  const revised = plans.plans.filter((p) => p.revised_this_year).length, revisable = plans.plans.filter(mayRevise);
  return html`<section class="register plans"><h2>${t("plan.title", { y: plans.year })}</h2>
    <p id="plan-totals">${t("plan.totals", { n: plans.plans.length, s: plans.plans.filter((p) => p.kind === "special").length, r: revised })}</p>
    ${plans.rules_without_plan.length ? html`<p class="error">${t("plan.unlinked")}: ${plans.rules_without_plan.map((r) => pick(r.title_zh, r.title_en)).join(en() ? "; " : "；")}</p>` : ""}
    ${revisable.length ? html`<form id="plan-revise" class="noprint dreg-form"><h3>${t("plan.revise")}</h3><div class="row">
      <select name="plan" required>${revisable.map((p) => html`<option value="${p.id}">${pick(p.title_zh, p.title_en)}</option>`)}</select>
      ${drills?.length ? html`<select name="drill"><option value="">${t("plan.no_drill")}</option>${drills.map((d) => html`<option value="${d.id}">${d.held_on} ${d.title}</option>`)}</select>` : ""}</div>
      <div class="row"><input name="summary" required maxlength="2000" placeholder="${t("plan.summary")}"><button>${t("plan.revise")}</button></div></form>` : ""}
    <table class="plans-table"><thead><tr><th>${t("plan.name")}</th><th>${t("plan.activation")}</th><th>${t("plan.rules")}</th><th>${t("plan.revisions")}</th></tr></thead>
      <tbody>${plans.plans.map((p) => planRow(p, units ?? new Map()))}</tbody></table></section>`;
}

export function bindPlans(root, act) {
  root.querySelector("#plan-revise")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const d = new FormData(ev.target), body = { id: uuid7(), plan_id: d.get("plan"), summary: d.get("summary").trim() };
    if (d.get("drill")) body.drill_entry_id = d.get("drill");
    act("plan.revise", body, t("plan.recorded"));
  });
}
