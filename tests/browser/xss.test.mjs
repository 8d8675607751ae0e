// Stored XSS: text that users put in (an incident's title and place, a task's note, a team's name,
// a hazard and the deadline named after it, a duty log line, a release's destination) is shown to
// the commander as text on every tab, in the dialogs and in the map's tooltips, never as markup. The
// console is served with a strict Content-Security-Policy and runs under it without one violation.
// Twice: with the CSP enforced (no violation may be reported, a screenshot at 1366x768), and with
// the CSP bypassed, so the escaping alone is shown to keep every payload inert.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { client, launchBrowser, login, shotDir, startServer } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; "
  + "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Each payload sets window.__xss if it ever runs.
const P = {
  title: `<img src=x onerror="window.__xss=1">`,
  place: `<script>window.__xss=2</script>`,
  note: `"><svg onload=window.__xss=3>`,
  team: `<img src=x onerror="window.__xss=4">队`,
  teamEn: `<b onmouseover="window.__xss=5">Team</b>`,
  hazard: `'><img src=x onerror=window.__xss=6>`,
  hazardPlace: `<iframe srcdoc="<script>parent.__xss=7</script>">`,
  duty: `<img src=x onerror="window.__xss=8">值班`,
  destination: `</td><img src=x onerror="window.__xss=9">`,
};
const INCIDENT = { lat: 27.90865, lon: 120.08385 };
const TEAM = { lat: 27.95, lon: 120.16 };

// The page's Leaflet map, for hovering a marker at its pixel position (test-only hook: Leaflet's
// init hook records each map; nothing in the console exposes it).
const captureMap = () => {
  let real;
  Object.defineProperty(window, "L", { configurable: true, get: () => real,
    set: (v) => { real = v; v?.Map?.addInitHook(function () { window.__testMap = this; }); } });
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
};

async function seed(port) {
  const town = await client(port, "town1");
  const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
  const inc = ok(await town.call("incident.create", { type: "flood", title: P.title, place: { name: P.place, ...INCIDENT },
    casualties: { dead: 0, missing: 1, injured: 0 } }), "incident.create");
  ok(await town.call("task.assign", { team_id: "T-P0001", what: "evacuate", incident_id: inc.id, note: P.note }), "task.assign");
  ok(await town.call("team.create", { id: "T-XSS1", name: P.team, name_en: P.teamEn, kind: "village", unit_id: "P0001", ...TEAM }), "team.create");
  // Major: its 1 h report-up deadline carries the title onto the deadlines screen.
  ok(await town.call("hazard.report", { title: P.hazard, place: { name: P.hazardPlace, lat: 27.92, lon: 120.1 }, unit_id: "P0001",
    grade: "major" }), "hazard.report");
  town.close();
  const officer = await client(port, "officer");
  // The city's desk writes the line: a township's log is its own roster's, not the city's screen.
  const log = await officer.call("duty.log", { text: P.duty });
  const rel = await officer.call("release.order", { depot_id: "D-CITY-1", destination: P.destination, incident_id: inc.id,
    lines: [{ item: "tent", qty: 1 }] });
  officer.close();
  return { incidentId: inc.id, dutyLogged: log.ok, released: rel.ok, why: { duty: log.error, release: rel.error } };
}

const tab = async (page, name) => {
  await page.click(`#tabs button[data-tab="${name}"]`);
  await page.waitForSelector(`#tabs button[data-tab="${name}"].active`);
};
const panelText = (page) => page.textContent("#panel");
const until = async (fn, what, ms = 10000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return; await new Promise((r) => setTimeout(r, 100)); }
  throw new Error(`not within ${ms} ms: ${what}`);
};
const panelHas = (page, text, what) => until(async () => (await panelText(page)).includes(text), `${what} shows ${JSON.stringify(text)}`);

// Hovers the map marker at (lat, lon) and returns its tooltip's text.
const hoverTip = ".leaflet-tooltip-pane .leaflet-tooltip:not(.town)";
async function hoverTooltip(page, { lat, lon }) {
  await page.mouse.move(5, 5);
  await page.waitForFunction((sel) => !document.querySelector(sel), hoverTip);  // the last one has faded out
  const at = await page.evaluate(([la, lo]) => {
    const m = window.__testMap, p = m.latLngToContainerPoint([la, lo]), r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lat, lon]);
  // Leaflet's canvas checks the hover at most once per 32 ms and may skip the move that arrived:
  // nudge the pointer by a pixel until the marker's tooltip opens.
  const tip = page.locator(hoverTip);
  for (let i = 0; i < 50 && !(await tip.count()); i++) {
    await page.mouse.move(at.x + (i % 2), at.y);
    await page.waitForTimeout(50);
  }
  await tip.waitFor({ timeout: 5000 });
  return tip.textContent();
}

// Every tab, the incident's dialogs, the order and release dialogs, and the map's tooltips.
async function tour(page, url, seeded) {
  await login(page, url, "commander");
  await page.waitForSelector(".leaflet-interactive");
  await page.waitForFunction(() => window.__testMap && document.querySelector(".leaflet-tooltip.town"));

  await tab(page, "incidents");
  await panelHas(page, P.title, "incidents");
  assert.ok((await panelText(page)).includes(P.place), "the place name is shown as text");
  // The map: the incident's ring and the new team's dot, each with its name as text.
  assert.ok((await hoverTooltip(page, INCIDENT)).includes(P.title), "incident tooltip");
  assert.ok((await hoverTooltip(page, TEAM)).includes(P.team), "team tooltip");
  await page.mouse.move(5, 5);
  // The incident dialog (title, place, timeline), then its edit form (the title in value="…").
  await page.click(`tr[data-incident="${seeded.incidentId}"]`);
  await page.waitForSelector("#dialog:not([hidden]) .timeline li");
  const dlg = await page.textContent("#dialog");
  assert.ok(dlg.includes(P.title) && dlg.includes(P.place), "incident dialog");
  await page.click("#dialog #inc-edit");
  assert.equal(await page.inputValue("#dialog input[name=title]"), P.title);
  assert.equal(await page.inputValue("#dialog input[name=place]"), P.place);
  await page.click("#dialog [data-close]");

  await tab(page, "teams");
  await panelHas(page, P.team, "teams");
  await page.click('button[data-order="T-XSS1"]');
  await page.waitForSelector("#dialog:not([hidden]) select[name=incident]");
  assert.ok((await page.textContent("#dialog h2")).includes(P.team), "order dialog names the team");
  assert.ok((await page.textContent("#dialog select[name=incident]")).includes(P.title), "order dialog lists the incident");
  await page.click("#dialog [data-close]");

  await tab(page, "orders");
  await panelHas(page, P.note, "orders");
  await tab(page, "deadlines");
  await panelHas(page, P.hazard, "deadlines (the hazard's deadline title)");
  await tab(page, "links");
  await tab(page, "duty");
  if (seeded.dutyLogged) await panelHas(page, P.duty, "duty log");
  await tab(page, "supplies");
  await page.waitForSelector("#supplies .hazards");
  await panelHas(page, P.hazard, "supplies (hazards)");
  assert.ok((await panelText(page)).includes(P.hazardPlace), "the hazard's place as text");
  if (seeded.released) await panelHas(page, P.destination, "supplies (release destination)");
  await page.click("#sup-new-release");
  await page.waitForSelector("#dialog:not([hidden]) select[name=incident]");
  assert.ok((await page.textContent("#dialog select[name=incident]")).includes(P.title), "release dialog lists the incident");
  assert.ok((await page.textContent("#dialog select[name=team]")).includes(P.team), "release dialog lists the team");
  await page.click("#dialog #rel-add");
  assert.equal(await page.locator("#dialog .rel-line").count(), 2);
  await page.click("#dialog [data-close]");

  // English: the team's English name (its own payload) on the teams tab and in its tooltip.
  await page.click("#lang");
  await page.waitForSelector('#tabs button[data-tab="teams"]:text("Teams")');
  await tab(page, "teams");
  await panelHas(page, P.teamEn, "teams (English)");
  assert.ok((await hoverTooltip(page, TEAM)).includes(P.teamEn), "team tooltip (English)");
  await page.mouse.move(5, 5);
  await page.click("#lang");
  await page.waitForSelector('#tabs button[data-tab="teams"]:text("队伍")');
  await tab(page, "incidents");

  // Nothing ran, and nothing the payloads name became an element.
  const injected = await page.evaluate(() => ({
    xss: window.__xss,
    imgs: document.querySelectorAll('img[src="x"]').length,
    svgs: document.querySelectorAll("svg[onload]").length,
    inlineScripts: document.querySelectorAll("script:not([src])").length,
    iframes: document.querySelectorAll("iframe").length,
    handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
  assert.deepEqual(injected, { xss: undefined, imgs: 0, svgs: 0, inlineScripts: 0, iframes: 0, handlers: 0 });
}

test("user text is shown as text on every tab and tooltip, under a strict CSP", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  let bare = null;
  try {
    // The static files carry the policy and the other headers.
    for (const path of ["", "app.js", "style.css", "vendor/leaflet/leaflet.js"]) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-security-policy"), CSP, path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    }
    const seeded = await seed(server.port);
    console.log(`seeded: duty log ${seeded.dutyLogged ? "yes" : JSON.stringify(seeded.why.duty)}, release ${seeded.released ? "yes" : JSON.stringify(seeded.why.release)}`);

    // 1. CSP enforced: no violation of any kind, no page error.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
    page.on("console", (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`); });
    await page.addInitScript(captureMap);
    await tour(page, server.url, seeded);
    // The incident's tooltip open over the map for the screenshot.
    await hoverTooltip(page, INCIDENT);
    await page.screenshot({ path: join(shotDir(binaryDir), "xss-1366.png") });
    problems.push(...(await page.evaluate(() => window.__csp)).map((v) => `securitypolicyviolation: ${v}`));
    assert.deepEqual(problems, []);

    // 2. CSP bypassed: the escaping alone keeps every payload inert.
    bare = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
    const context = await bare.newContext({ bypassCSP: true, viewport: { width: 1366, height: 768 } });
    const page2 = await context.newPage();
    const errors2 = [];
    page2.on("pageerror", (e) => errors2.push(String(e)));
    await page2.addInitScript(captureMap);
    await tour(page2, server.url, seeded);
    assert.deepEqual(errors2, []);
  } finally {
    await bare?.close();
    await browser.close();
    await server.stop();
  }
});
