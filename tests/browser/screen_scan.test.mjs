// Every screen in both languages, as the duty officer and the commander see them on a working
// morning (an incident whose casualties rose, a level proposed and approved, an order, a hazard, a
// notice, an overdue deadline), is scanned for what people must never read: raw JSON, ids (UUIDs),
// the console's own string keys, and program identifiers (snake_case, dotted rule ids) in the zh UI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, launchBrowser, login, shotDir, startServer } from "./harness.mjs";
// What must never be read (scan.mjs): ids, raw JSON, string keys, missing values; in the zh UI
// also program identifiers and English words. The other desks and the officer's dialogs:
// screen_scan_desks, screen_scan_partners and screen_scan_dialogs.
import { dialogOverflow, problems } from "./scan.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const TABS = ["incidents", "notices", "teams", "orders", "deadlines", "links", "duty", "supplies", "approvals", "reports", "warnings", "consultations", "journal", "charts"];

test("no screen shows raw JSON, ids, string keys or identifiers, in either language", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const found = [];
  try {
    const admin = await client(server.port, "admin");
    const officer = await client(server.port, "officer");
    const commander = await client(server.port, "commander");
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const inc = ok(await officer.call("incident.create", { type: "flood", title: "东岙村山洪", unit_id: "P0001",
      place: { name: "石塘镇东岙村", lat: 27.96, lon: 120.12 }, casualties: { dead: 3, missing: 2, injured: 1 } }));
    ok(await officer.call("incident.update", { id: inc.id, casualties: { dead: 11, missing: 2, injured: 4 }, losses_yuan: 12000000 }));
    const [proposal] = ok(await commander.call("proposal.list", {})).proposals;
    ok(await commander.call("incident.approve_level", { proposal_id: proposal.id }));
    ok(await officer.call("task.assign", { team_id: "T-P0001", what: "evacuate", incident_id: inc.id, precedence: "flash", note: "立即转移东岙村群众" }));
    ok(await officer.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 } }));
    ok(await officer.call("release.order", { depot_id: "D-CITY-2", destination: "石塘镇安置点", incident_id: inc.id, lines: [{ item: "tent", qty: 5 }] }));
    ok(await commander.call("bus.send", { to: "role:duty_officer", kind: "text", precedence: "immediate", body: { text: "请核实东岙村转移人数" } }));
    // A red typhoon warning with its consultation (minutes, a decision for the water bureau).
    const weather = await client(server.port, "weather");
    const warning = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-SCAN-1", headline: "台风红色预警", geocode: "" }) }));
    const meeting = ok(await officer.call("consultation.open", { subject: warning.id, title: "防台风联合会商", departments: ["water_resources", "meteorology"],
      scheduled_at: "2026-08-20T01:00:00Z", held: true }));
    ok(await officer.call("consultation.minutes", { id: meeting.id, text: "水库预泄" }));
    ok(await officer.call("consultation.decide", { id: meeting.id, text: "每小时报告水位", owner: "dept:water_resources", due_at: "2026-08-20T09:00:00Z" }));
    ok(await admin.call("clock.advance", { ms: 3600 * 1000 + 1000 }));  // the hour passes: deadlines overdue

    for (const [user, lang, width, height] of [["officer", "zh", 1366, 768], ["officer", "en", 1920, 1080], ["commander", "zh", 1920, 1080], ["commander", "en", 1366, 768]]) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(page, server.url, user);
      await page.waitForTimeout(2000);  // pushes, the approvals fetch, the clock sync
      found.push(...problems(`${user}/${lang} top strip`, await page.textContent("#glance"), lang));
      for (const tab of TABS) {
        const button = page.locator(`#tabs button[data-tab="${tab}"]`);
        if (!(await button.isVisible())) continue;
        await button.click();
        // Screens that fetch their lists say 正在加载… / Loading… until the answer is drawn; links
        // waits for a gateway poll.
        if (tab === "links") await page.waitForTimeout(2500);
        else {
          // The journal draws only once its answer is in (until then the last tab stays).
          if (tab === "journal") await page.waitForSelector("#panel .journal");
          // The charts draw on canvases once ECharts is loaded: looked at in the screenshots.
          if (tab === "charts") await page.waitForSelector("#panel .chart canvas");
          await page.waitForFunction(() => !/正在加载…|Loading…/.test(document.querySelector("#panel").textContent), null, { timeout: 8000 });
          await page.waitForTimeout(400);
        }
        found.push(...problems(`${user}/${lang} ${tab}`, await page.textContent("#panel"), lang));
        if (tab === "charts") await page.screenshot({ path: join(shotDir(binaryDir), `charts-${user}-${lang}-${width}x${height}.png`) });
      }
      await page.click('#tabs button[data-tab="incidents"]');
      await page.locator(`tr[data-incident="${inc.id}"]`).click();
      await page.waitForSelector("#dialog:not([hidden]) .timeline");
      found.push(...problems(`${user}/${lang} incident dialog`, await page.textContent("#dialog-body"), lang), ...await dialogOverflow(page, `${user}/${lang} incident dialog`));
      await page.screenshot({ path: join(shotDir(binaryDir), `incident-dialog-${user}-${lang}-${width}x${height}.png`) });
      await page.keyboard.press("Escape");
      for (const [tab, row] of [["warnings", `tr[data-warning="${warning.id}"]`], ["consultations", `tr[data-consultation="${meeting.id}"]`]]) {
        await page.click(`#tabs button[data-tab="${tab}"]`);
        await page.locator(row).click();
        await page.waitForSelector("#dialog:not([hidden]) h3");
        await page.waitForTimeout(300);
        found.push(...problems(`${user}/${lang} ${tab} dialog`, await page.textContent("#dialog-body"), lang));
        await page.keyboard.press("Escape");
      }
      await page.close();
    }
    admin.close(); officer.close(); commander.close();
    assert.deepEqual(found, [], found.join("\n"));
  } finally {
    await browser.close();
    await server.stop();
  }
});
