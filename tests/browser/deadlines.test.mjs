// A deadline turns overdue on the console when the server's (injected, manual) clock passes it:
// the countdown turns into "overdue", the row and the top strip turn red, and the alarm sounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("a deadline turns overdue when the injected clock passes it", async (t) => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T00:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  try {
    const admin = await client(server.port, "admin");
    const officer = await client(server.port, "officer");
    const probe = await officer.call("deadline.list", {});
    if (!probe.ok) {  // the deadlines service is not in this server yet
      t.skip(`deadline.list not available: ${probe.error.code}`);
      return;
    }
    // A major hazard (重大隐患) opens its report-up deadline (within 1 h).
    const hz = await officer.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 },
      unit_id: "P0037", grade: "major" });
    assert.ok(hz.ok, JSON.stringify(hz.error));
    const list = await officer.call("deadline.list", {});
    assert.ok(list.result.deadlines.length > 0, "a major hazard opens at least one deadline");
    const first = list.result.deadlines.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at))[0];

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, server.url, "officer");
    await page.click('#tabs button[data-tab="deadlines"]');
    const row = page.locator(`tr[data-deadline="${first.id}"]`);
    await row.waitFor();
    assert.equal(await row.locator(".countdown.overdue").count(), 0, "not overdue before its time");
    assert.match(await page.textContent("#glance-deadline"), /\d+:\d\d:\d\d/);
    await page.screenshot({ path: join(shots, "deadlines-1366.png") });

    // Move the server's clock one second past the deadline.
    const adv = await admin.call("clock.advance", { to: new Date(Date.parse(first.due_at) + 1000).toISOString() });
    assert.ok(adv.ok, JSON.stringify(adv.error));
    await page.waitForSelector(`tr[data-deadline="${first.id}"].row-overdue .countdown.overdue`, { timeout: 10000 });
    await page.waitForSelector("#glance-alarms.overdue");  // the alarm count, red and blinking
    assert.match(await row.locator(".countdown").textContent(), /已超时/);
    await page.waitForFunction(() => window.lifelineAlarms > 0, null, { timeout: 3000 });  // the audible alarm sounded
    await page.screenshot({ path: join(shots, "deadlines-overdue-1366.png") });
    admin.close(); officer.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
