// Shared by the screen scans (screen_scan*.test.mjs): what people must never read on a screen, a
// working morning's data seeded through the API so every desk and dialog has real content, and the
// steps that open a tab or a dialog and wait until it is drawn.
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, login, shotDir, uuid } from "./harness.mjs";

// The console's own string keys (i18n.js), raw JSON, snake_case and dotted program identifiers.
export const KEY = /\b(ev|inc|dl|sup|order|team|task|glance|notice|appr|role|status|what|kind|readiness|precedence|action|dlkind|rel|item|uom|msgkind|tab|gw|link|duty|level|common|dialog|conn|rep|warn|cons|colour|map|td|kb|compose|jr|hz|fix|age|health|chan|state|answer|receipt|teamstate|print|place|drill|login|app|links|tally|five|tier|grade|dev|ent|scr)\.[a-z_]+/;
export const JSONISH = /[{[]\s*"|"\s*:\s*["{[\d]/;
// snake_case, incident.grade.II; a digit beside one does not hide it (textContent runs cells
// together: "incident.report_up50%", "1/1incident.report_up").
export const IDENT = /(?<![A-Za-z_])[a-z]+(_[a-z]+)+(?![A-Za-z_])|(?<![A-Za-z_.])[a-z]+\.[a-z]+(\.[A-Za-z]+)*(?![A-Za-z_])/;
// What a template prints when a value is missing or not a string.
export const BROKEN = /\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date/;
// An English word in the Chinese UI: letters with a lower-case one among them (acronyms such as
// CAP, PDT, SMS and ids such as T-P0001 are not words). The product's name is allowed.
const ENGLISH = /(?<![A-Za-z@.])(?=[A-Za-z]*[a-z])[A-Za-z]{2,}(?![A-Za-z@])/g;
// The keys' own names, as printed on the keys (<kbd>Alt</kbd>+<kbd>1</kbd>, <kbd>Esc</kbd>).
const ALLOWED_EN = new Set(["Lifeline", "Alt", "Esc", "Shift", "Ctrl", "Enter", "Tab"]);

export function problems(where, text, lang) {
  text = text ?? "";
  const out = [];
  const around = (i, n = 80) => text.slice(Math.max(0, i - 60), i + n).replace(/\s+/g, " ");
  const show = (re) => { const m = re.exec(text); return m ? around(m.index) : ""; };
  if (uuid.test(text)) out.push(`${where}: an id: …${show(uuid)}…`);
  if (JSONISH.test(text)) out.push(`${where}: raw JSON: …${show(JSONISH)}…`);
  if (KEY.test(text)) out.push(`${where}: a string key: …${show(KEY)}…`);
  if (BROKEN.test(text)) out.push(`${where}: a missing value: …${show(BROKEN)}…`);
  if (lang === "zh" && IDENT.test(text)) out.push(`${where}: an identifier: …${show(IDENT)}…`);
  if (lang === "zh") {
    const words = [...text.matchAll(ENGLISH)].filter((m) => !ALLOWED_EN.has(m[0]));
    if (words.length) out.push(`${where}: English in the Chinese UI: ${[...new Set(words.map((m) => m[0]))].join(", ")} (…${around(words[0].index)}…)`);
  }
  return out;
}

export const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };

// A working morning on the manual clock (2026-08-20 09:00 in Shanghai): a flood in 石塘镇 whose
// casualties rose, its level proposed and approved, verified and responding, reported up; orders to
// the township's squad (one FLASH left unanswered so its receipt alarm is up, one phoned in, one
// cancelled); a hazard assigned to the county; supplies released; notices to the duty desks, the
// water bureau and the squad; a group to address; a red typhoon warning over 石塘镇 with its
// consultation (minutes, a decision for the water bureau) and a consultation about the flood; the
// township's daily report; the squad's position; a line in the duty log. Then an hour passes.
export async function seedMorning(port) {
  const c = {};
  for (const u of ["admin", "officer", "commander", "weather", "town1", "water", "teamlead"]) c[u] = await client(port, u);
  const { admin, officer, commander, weather, town1, water, teamlead } = c;
  // The squad's handheld reports its position and goes quiet: the orders below wait for its receipt.
  ok(await teamlead.call("team.report_position", { lat: 27.961, lon: 120.121 }));
  teamlead.close();
  const inc = ok(await officer.call("incident.create", { type: "flood", title: "东岙村山洪", unit_id: "P0001",
    place: { name: "石塘镇东岙村", lat: 27.96, lon: 120.12 }, casualties: { dead: 3, missing: 2, injured: 1 } }));
  ok(await officer.call("incident.update", { id: inc.id, casualties: { dead: 11, missing: 2, injured: 4 }, losses_yuan: 12000000 }));
  const [proposal] = ok(await commander.call("proposal.list", {})).proposals;
  ok(await commander.call("incident.approve_level", { proposal_id: proposal.id }));
  ok(await officer.call("incident.set_status", { id: inc.id, status: "verified" }));
  ok(await officer.call("incident.set_status", { id: inc.id, status: "responding", reason: "已派出救援队" }));
  ok(await town1.call("incident.report_up", { id: inc.id, text: "东岙村山洪致11人死亡，正在转移群众" }));
  // A second, smaller incident the township opened itself.
  const small = ok(await town1.call("incident.create", { type: "geohazard", title: "石塘镇后山塌方", place: { name: "石塘镇", lat: 27.95, lon: 120.11 },
    casualties: { dead: 0, missing: 0, injured: 1 } }));
  const flash = ok(await officer.call("task.assign", { team_id: "T-P0001", what: "evacuate", incident_id: inc.id, precedence: "flash", note: "立即转移东岙村群众" }));
  const phoned = ok(await officer.call("task.assign", { team_id: "T-P0002", what: "rescue", incident_id: inc.id, precedence: "immediate", note: "搜救失联人员" }));
  ok(await officer.call("task.update_status", { id: phoned.id, status: "en_route", reason: "电话报告：已出发" }));
  const cancelled = ok(await officer.call("task.assign", { team_id: "T-P0001", what: "pump_water", incident_id: small.id, note: "后山排水" }));
  ok(await officer.call("task.cancel", { id: cancelled.id, reason: "改由村队处置" }));
  const hazard = ok(await officer.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 } }));
  ok(await officer.call("hazard.assign", { id: hazard.id, unit_id: "county-1" }));
  ok(await officer.call("release.order", { depot_id: "D-CITY-2", destination: "石塘镇安置点", incident_id: inc.id, lines: [{ item: "tent", qty: 5 }] }));
  ok(await officer.call("group.set", { name: "flood-squads", members: ["team:T-P0001", "team:T-P0002", "role:duty_officer"], title_zh: "防汛抢险队伍", title_en: "Flood squads" }));
  ok(await commander.call("bus.send", { to: "role:duty_officer", kind: "text", precedence: "immediate", body: { text: "请核实东岙村转移人数" } }));
  ok(await officer.call("bus.send", { to: "dept:water_resources", kind: "text", precedence: "priority", body: { text: "请报告上游水库水位" } }));
  ok(await officer.call("bus.send", { to: "team:T-P0001", kind: "text", precedence: "immediate", body: { text: "注意山体滑坡风险" } }));
  ok(await water.call("bus.send", { to: "role:duty_officer", kind: "text", precedence: "routine", body: { text: "上游水库已开始预泄" } }));
  const warning = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-SCAN-DESKS-1", headline: "台风红色预警：“海葵”今夜登陆" }) }));
  const meeting = ok(await officer.call("consultation.open", { subject: warning.id, title: "防台风联合会商", departments: ["water_resources", "meteorology"],
    scheduled_at: "2026-08-20T01:00:00Z", held: true }));
  ok(await water.call("consultation.join", { id: meeting.id }));
  ok(await officer.call("consultation.minutes", { id: meeting.id, text: "水库预泄" }));
  ok(await officer.call("consultation.decide", { id: meeting.id, text: "每小时报告水位", owner: "dept:water_resources", due_at: "2026-08-20T09:00:00Z" }));
  const floodMeeting = ok(await officer.call("consultation.open", { subject: inc.id, title: "东岙村山洪处置会商", departments: ["water_resources", "natural_resources"],
    scheduled_at: "2026-08-20T03:00:00Z", held: false }));
  ok(await town1.call("report.submit", { unit: "P0001", period: "daily", period_start: "2026-08-20", zero: false,
    figures: { incidents: 2, dead: 11, missing: 2, injured: 5, evacuated: 120 }, text: "东岙村山洪，转移群众120人" }));
  ok(await officer.call("duty.log", { text: "石塘镇转移群众 120 人" }));
  ok(await admin.call("clock.advance", { ms: 3600 * 1000 + 1000 }));  // the hour passes: deadlines overdue, the FLASH order late
  for (const x of Object.values(c)) x.close();
  return { inc, small, flash, phoned, cancelled, hazard, warning, meeting, floodMeeting };
}

// A tab by its button, then its own drawing: a marker put into the panel is gone once the screen
// drew itself (some draw only when their answer is in), and no 正在加载… / Loading… is left.
export async function openTab(page, tab) {
  await page.evaluate(() => { const i = document.createElement("i"); i.dataset.scanStale = ""; document.querySelector("#panel").append(i); });
  await page.click(`#tabs button[data-tab="${tab}"]`);
  await page.waitForFunction(() => { const p = document.querySelector("#panel");
    return !p.querySelector("[data-scan-stale]") && !/正在加载…|Loading…/.test(p.textContent); }, null, { timeout: 8000 });
  await page.waitForTimeout(300);
}

// A dialog opened by `open()`, once `ready` is in it and nothing in it is loading.
export async function openDialog(page, open, ready = "h2") {
  await open();
  await page.waitForSelector(`#dialog:not([hidden]) #dialog-body ${ready}`, { state: "attached", timeout: 8000 });
  await page.waitForFunction(() => !/正在加载…|Loading…/.test(document.querySelector("#dialog-body").textContent), null, { timeout: 8000 });
  await page.waitForTimeout(250);
}

// A dialog whose content is wider than the dialog: what is past its edge (a button, a column) is
// cut off until scrolled sideways. The widest element's text says which.
export async function dialogOverflow(page, where) {
  const o = await page.$eval("#dialog-body", (card) => {
    if (card.scrollWidth <= card.clientWidth + 1) return null;
    const right = card.getBoundingClientRect().right;
    const past = [...card.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > right + 1 && e.getClientRects().length);
    const text = past.filter((e) => !past.includes(e.parentElement)).map((e) => e.textContent.replace(/\s+/g, " ").trim().slice(0, 40)).join(" · ");
    return { width: card.clientWidth, content: card.scrollWidth, text };
  });
  return o ? [`${where}: wider than the dialog (${o.content} px in ${o.width} px), cut off: ${o.text}`] : [];
}

export async function closeWithEsc(page) {
  await page.keyboard.press("Escape");
  await page.waitForSelector("#dialog[hidden]", { state: "attached", timeout: 3000 });
}

// Switches the console's language with its own button (the page is not reloaded).
export async function switchLanguage(page, to) {
  const now = await page.evaluate(() => localStorage.getItem("lifeline.lang") || "zh");
  if (now !== to) await page.click("#lang");
  await page.waitForFunction((l) => document.documentElement.lang === (l === "zh" ? "zh-CN" : "en"), to);
}

// Every tab a desk is offered, in both languages: it logs in in `first` and switches with the
// console's own language button to the other. `tabs`: what it must at least be offered (roles.json);
// `shots`: tabs photographed. The desk's top bar, its tab names, each tab (every notice opened) and
// the seeded flood's incident dialog are scanned; `extra(page, where, lang, scanDialog)` opens more.
// Returns what was found.
const ALL_TABS = ["incidents", "warnings", "consultations", "notices", "teams", "orders", "deadlines", "links", "duty", "supplies", "approvals", "reports", "journal"];
export async function scanDesk(browser, server, binaryDir, seed, { user, first, size: [width, height], tabs, shots = [], extra }) {
  const found = [];
  const page = await browser.newPage({ viewport: { width, height } });
  await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), first);
  await login(page, server.url, user);
  await page.waitForTimeout(1500);  // pushes, the lists' fetches, the clock sync
  const shown = [];
  for (const b of ALL_TABS) if (await page.locator(`#tabs button[data-tab="${b}"]`).isVisible()) shown.push(b);
  for (const tab of tabs) assert.ok(shown.includes(tab), `${user} is offered ${tab} (offered: ${shown.join(", ")})`);
  for (const lang of [first, first === "zh" ? "en" : "zh"]) {
    await switchLanguage(page, lang);
    const where = `${user}/${lang}`;
    const scanDialog = async (what, open, ready) => {
      await openDialog(page, open, ready);
      found.push(...problems(`${where} ${what}`, await page.textContent("#dialog-body"), lang), ...await dialogOverflow(page, `${where} ${what}`));
      if (lang === "zh" && shots.includes(what)) await page.screenshot({ path: join(shotDir(binaryDir), `desk-${user}-${what.replace(/\W+/g, "-")}-${lang}-${width}x${height}.png`) });
      await closeWithEsc(page);
    };
    // The top bar, but for the language button (it names the other language in that language).
    found.push(...problems(`${where} top bar`, await page.$eval("header.topbar", (h) => [...h.children].filter((c) => c.id !== "lang").map((c) => c.textContent).join(" ")), lang));
    found.push(...problems(`${where} tab names`, await page.textContent("#tabs"), lang));
    for (const tab of shown) {
      await openTab(page, tab);
      if (tab === "notices") {  // every notice opened: its details (read receipt, expiry) shown too
        for (const id of await page.$$eval("#panel [data-notice]:not(.open)", (els) => els.map((e) => e.dataset.notice)))
          await page.click(`#panel [data-notice="${id}"]`);
        await page.waitForTimeout(300);
      }
      found.push(...problems(`${where} ${tab}`, await page.textContent("#panel"), lang));
      if (shots.includes(tab)) await page.screenshot({ path: join(shotDir(binaryDir), `desk-${user}-${tab}-${lang}-${width}x${height}.png`) });
    }
    await openTab(page, "incidents");
    await scanDialog("incident dialog", () => page.locator(`tr[data-incident="${seed.inc.id}"]`).click(), ".timeline li");
    await extra?.(page, lang, scanDialog);
  }
  await page.close();
  return found;
}
