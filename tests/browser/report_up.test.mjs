// 信息报送 from the console: the township's duty officer sees the incident's 1 h report-up deadline
// named by the incident (not an id), writes the report in the incident dialog, and the timeline
// shows 向上级报告（首报）→ 滨海县 with the text; the deadline leaves the list, on every desk that
// showed it (the county's too). Both languages, at 1366x768 and 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the first report upward meets the incident's 1 h deadline from the console", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  try {
    const townApi = await client(server.port, "town1");
    const inc = await townApi.call("incident.create", { type: "flood", title: "东岙村山洪", place: { name: "石塘镇东岙村" }, unit_id: "P0001" });
    assert.ok(inc.ok, JSON.stringify(inc.error));
    const id = inc.result.id;
    const deadlines = (await townApi.call("deadline.list", { subject: id })).result.deadlines;
    const reportUp = deadlines.find((d) => d.kind === "incident.report_up");
    assert.ok(reportUp, JSON.stringify(deadlines));

    const desks = [];
    for (const [user, width, height] of [["town1", 1366, 768], ["kcommander", 1920, 1080]]) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await login(page, server.url, user);
      await page.click('#tabs button[data-tab="deadlines"]');
      const row = page.locator(`tr[data-deadline="${reportUp.id}"]`);
      await row.waitFor();
      const text = await row.textContent();
      assert.match(text, /向上级报告突发事件/);
      assert.match(text, /东岙村山洪/, "the deadline names its incident");
      assert.doesNotMatch(text, uuid, "no id on the screen");
      desks.push(page);
    }
    const page = desks[0];
    await page.click('#tabs button[data-tab="incidents"]');
    await page.click(`tr[data-incident="${id}"]`);
    await page.waitForSelector("#ru-text");
    assert.match(await page.textContent("[data-report-up]"), /向上级报告时限 .*未到期/);
    // An empty report is not sent: the dialog says what to write.
    await page.click("#ru-send");
    assert.match(await page.textContent("#dlg-error"), /报告内容/);
    await page.fill("#ru-text", "东岙村山洪冲毁民房3间，已转移群众46人，暂无伤亡");
    await page.screenshot({ path: join(shots, "report-up-1366.png") });
    await page.click("#ru-send");
    await page.waitForSelector('[data-report-up="met"]');
    assert.equal((await page.textContent("#ru-send")).trim(), "续报");  // what follows is a follow-up
    const entry = await page.locator("ul.timeline li", { hasText: "向上级报告（" }).textContent();
    assert.match(entry, /向上级报告（首报）\s*→ 滨海县 · 东岙村山洪冲毁民房3间/);
    assert.doesNotMatch(entry, /[{}]|incident\.|to_unit|number/, "no raw JSON or keys on the entry");
    await page.screenshot({ path: join(shots, "report-up-sent-1366.png") });
    // The deadline leaves the list on both desks, by push.
    await page.click("#dialog [data-close]");
    for (const desk of desks) {
      await desk.click('#tabs button[data-tab="deadlines"]');
      await desk.waitForSelector("#tabs");  // the tab has rendered
      await desk.waitForFunction((did) => !document.querySelector(`tr[data-deadline="${did}"]`), reportUp.id, { timeout: 10000 });
    }
    // In English the timeline reads as English.
    await page.click("#lang");
    await page.click('#tabs button[data-tab="incidents"]');
    await page.click(`tr[data-incident="${id}"]`);
    await page.waitForSelector("ul.timeline");
    assert.match(await page.textContent("ul.timeline"), /Reported upward \(first report\)\s*→ Binhai County/);
    await page.screenshot({ path: join(shots, "report-up-en-1366.png") });
    const county = desks[1];
    await county.click('#tabs button[data-tab="incidents"]');
    await county.click(`tr[data-incident="${id}"]`);
    await county.waitForSelector("ul.timeline");
    assert.match(await county.textContent("ul.timeline"), /向上级报告（首报）/);
    await county.screenshot({ path: join(shots, "report-up-county-1920.png") });
    // The status picker offers only the steps a reported incident may take, the next one first.
    assert.deepEqual(await county.locator("#st option").evaluateAll((os) => os.map((o) => o.value)), ["verified", "responding", "closed"]);
    // Closing asks for the reason its open deadlines are settled with; without one nothing changes.
    await county.selectOption("#st", "closed");
    await county.click("#st-set");
    assert.match(await county.textContent("#dlg-error"), /关闭事件须写明原因/);
    assert.equal((await townApi.call("incident.get", { id })).result.incident.status, "reported");
    await county.fill("#st-reason", "山洪退去，群众已返回");
    await county.click("#st-set");
    await county.waitForFunction(() => /已关闭/.test(document.querySelector("#dialog")?.textContent ?? ""), null, { timeout: 10000 });
    assert.equal((await townApi.call("incident.get", { id })).result.incident.status, "closed");
    assert.deepEqual(errors, []);
    townApi.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
