// 通信装备台账 (schema/supplies.md "Device ledger"), drawn on the supplies screen: each level's
// satellite phones and walkie-talkies, and each township's handhelds for its monitoring points,
// against the bureau's targets (shortfalls listed), and the
// devices whose periodic check is overdue or that are out of service, with the check recorded from
// the row (ok, or a fault with what is wrong). The rows are the server's (device.targets,
// device.list), fetched with the rest of the screen.
import { conn } from "./session.js";
import { language, t } from "./i18n.js";
import { can } from "./state.js";
import { errText, html } from "./ui.js";

const SHOWN = 40;  // rows of devices to check; the rest are counted

export async function loadDevices(req) {
  const [targets, due, faulty] = await Promise.all([req("device.targets"), req("device.list", { overdue: true }),
    req("device.list", { status: "faulty" })]);
  if (!targets?.ok && !due?.ok) return null;
  const rows = new Map();
  for (const d of [...(faulty?.ok ? faulty.result.devices : []), ...(due?.ok ? due.result.devices : [])]) rows.set(d.id, d);
  return { targets: targets?.ok ? targets.result : null, rows: [...rows.values()], counts: due?.ok ? due.result.counts : null };
}

const en = () => language() === "en";
const name = (zh, english) => (en() && english ? english : zh);
const kindName = (k) => t("dev.kind." + k);

export function devicesHtml(dev, metrics) {
  if (!dev) return "";
  const tg = dev.targets, m = metrics ?? {};
  const ratio = (x) => (x ? `${x.numerator}/${x.denominator}` : "—");
  const head = html`<h3 id="dev-ledger">${t("dev.title")} <span class="muted">${t("dev.summary", { targets: ratio(m.device_targets), checks: ratio(m.device_checks) })}</span></h3>`;
  const short = tg ? tg.targets.filter((x) => x.shortfall > 0) : [];
  const targetsTable = !tg ? "" : !short.length ? html`<p class="muted">${t("dev.targets_all")}</p>`
    : html`<table class="dev-targets"><thead><tr><th>${t("sup.targets_unit")}</th><th>${t("dev.kind")}</th><th>${t("sup.targets_held")}</th><th>${t("sup.targets_short")}</th></tr></thead><tbody>
      ${short.map((x) => html`<tr data-device-target="${`${x.unit_id}/${x.kind}`}"><td>${name(x.unit_name, x.unit_name_en)}</td><td>${kindName(x.kind)}</td>
        <td>${x.held}/${x.target}</td><td class="st-failed">${t("dev.gap", { n: x.shortfall })}</td></tr>`)}</tbody></table>`;
  const checking = can("device.check");
  const rows = dev.rows.slice(0, SHOWN);
  const list = !dev.rows.length ? html`<p class="muted">${t("dev.none_due")}</p>`
    : html`<table class="dev-due"><thead><tr><th>${t("dev.asset")}</th><th>${t("dev.holder")}</th><th>${t("dev.maintainer")}</th><th>${t("dev.last")}</th><th>${t("dev.state")}</th>${checking ? html`<th></th>` : ""}</tr></thead><tbody>
      ${rows.map((d) => html`<tr data-device="${d.id}" class="${d.status === "faulty" ? "row-overdue" : "row-warn"}">
        <td>${d.id}<div class="muted">${kindName(d.kind)}${d.model ? ` · ${d.model}` : ""}</div></td>
        <td>${d.holder}<div class="muted">${d.team_id ? name(d.team_name, d.team_name_en) : name(d.unit_name, d.unit_name_en)}</div></td>
        <td>${d.maintainer}</td>
        <td>${d.last_checked_on ?? t("dev.never")}<div class="muted">${t("dev.next", { d: d.next_check_on })}</div></td>
        <td class="${d.status === "faulty" ? "st-failed" : "st-standby"}">${d.status === "faulty" ? t("dev.faulty") : t("dev.overdue")}</td>
        ${checking ? html`<td class="dev-check"><input name="note" placeholder="${t("dev.note")}" aria-label="${t("dev.note")}">
          <button data-device-check="ok" data-id="${d.id}">${t("dev.ok")}</button>
          <button class="ghost" data-device-check="fault" data-id="${d.id}">${t("dev.fault")}</button></td>` : ""}</tr>`)}</tbody></table>
      ${dev.rows.length > SHOWN ? html`<p class="muted">${t("dev.more", { n: dev.rows.length - SHOWN })}</p>` : ""}`;
  return html`${head}${targetsTable}<h4>${t("dev.due_title")}</h4>${list}<p class="error" id="dev-error"></p>`;
}

// The check buttons: ok puts the device back in service, a fault needs the note. The pushed
// device.checked event refreshes the screen.
export function bindDevices(panel) {
  for (const b of panel.querySelectorAll("[data-device-check]"))
    b.addEventListener("click", async () => {
      const row = b.closest("tr"), note = row.querySelector("[name=note]").value.trim(), err = panel.querySelector("#dev-error");
      if (b.dataset.deviceCheck === "fault" && !note) { err.textContent = t("dev.note_required"); row.querySelector("[name=note]").focus(); return; }
      const body = { id: b.dataset.id, result: b.dataset.deviceCheck };
      if (note) body.note = note;
      const r = await conn.request("device.check", body);
      err.textContent = r.ok ? "" : errText(r);
    });
}
