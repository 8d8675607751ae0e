// Alarms on two desks at once (schema/deadlines.md "Alarms"): a major hazard's 1 h report-up deadline
// passes on the server's (manual) clock; the city duty officer (zh, 1366x768) and the commander
// (en, 1920x1080) both see one alarm in the top strip and in the alarms list, named by the hazard,
// and hear it. The officer acknowledges it: it is gone from both strips and the commander's row
// says who acknowledged it. The next escalation alarms again; the commander silences it and the
// officer's desk stops blinking, still counting it until acknowledged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("an alarm acknowledged on one desk is gone on the others; the next escalation alarms again", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const admin = await client(server.port, "admin");
    const officer = await client(server.port, "officer");
    const hz = await officer.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 },
      unit_id: "P0037", grade: "major" });
    assert.ok(hz.ok, JSON.stringify(hz.error));
    const [assign] = (await officer.call("deadline.list", { subject: hz.result.id, kind: "hazard.report_up" })).result.deadlines;

    const desk = async (user, lang, width, height) => {
      const page = await openDesk(browser, server.url, user, { lang, width, height, errors });
      await page.click('#tabs button[data-tab="deadlines"]');
      await page.locator(`#upcoming tr[data-deadline="${assign.id}"]`).waitFor();
      return page;
    };
    const duty = await desk("officer", "zh", 1366, 768);
    const chief = await desk("commander", "en", 1920, 1080);
    for (const p of [duty, chief]) {
      assert.equal(await p.locator("#glance-alarms").count(), 0, "no alarm before the deadline");
      assert.match(await p.textContent("#glance-deadline"), /\d+:\d\d:\d\d/);
    }
    // Named by the hazard, once (its title already names it: no second line saying the same).
    assert.equal((await duty.textContent(`tr[data-deadline="${assign.id}"]`)).split("松溪镇便桥桥墩冲刷").length - 1, 1);

    // One second past the hour: an alarm on both desks, named by the hazard, and it sounds.
    await admin.call("clock.advance", { ms: 3600 * 1000 + 1000 });
    for (const p of [duty, chief]) {
      await p.waitForSelector(`#alarms tr[data-deadline="${assign.id}"][data-alarm="active"] .countdown.overdue`, { timeout: 15000 });
      await p.waitForSelector("#glance-alarms.overdue", { timeout: 15000 });
      await p.waitForFunction(() => window.lifelineAlarms > 0, null, { timeout: 5000 });
      assert.doesNotMatch(await p.textContent("#panel"), uuid, "no id on the screen");
    }
    assert.match(await duty.textContent("#glance-alarms"), /超时告警 1/);
    assert.match(await chief.textContent("#glance-alarms"), /Alarms 1/);
    assert.match(await chief.textContent(`tr[data-deadline="${assign.id}"]`), /Hazard "松溪镇便桥桥墩冲刷": report upward within 1 h/);
    await duty.screenshot({ path: join(shots, "alarms-zh-1366x768.png") });

    // The officer acknowledges: both strips clear, the commander's row names who did it.
    await duty.click(`[data-ack-deadline="${assign.id}"]`);
    for (const p of [duty, chief]) {
      await p.waitForSelector(`#alarms tr[data-deadline="${assign.id}"][data-alarm="acknowledged"]`, { timeout: 15000 });
      await until(async () => (await p.locator("#glance-alarms").count()) === 0, 15000);
    }
    assert.match(await chief.textContent(`tr[data-deadline="${assign.id}"]`), /Acknowledged by .+\d\d:\d\d:\d\d/);
    assert.match(await duty.textContent(`tr[data-deadline="${assign.id}"]`), /已确认/);
    await chief.screenshot({ path: join(shots, "alarms-acknowledged-en-1920x1080.png") });

    // 15 min later the deadline escalates to level 2: an alarm again, on both desks.
    const rang = await chief.evaluate(() => window.lifelineAlarms);
    await admin.call("clock.advance", { ms: 15 * 60 * 1000 });
    for (const p of [duty, chief]) await p.waitForSelector(`#alarms tr[data-deadline="${assign.id}"][data-alarm="active"]`, { timeout: 15000 });
    await chief.waitForFunction((n) => window.lifelineAlarms > n, rang, { timeout: 5000 });

    // The commander silences it for 30 min: no blinking on the officer's desk, still counted.
    await chief.click(`[data-silence-deadline="${assign.id}"]`);
    await chief.click("#dlg-ok");
    await duty.waitForSelector(`tr[data-deadline="${assign.id}"] .answered`, { timeout: 15000 });
    assert.match(await duty.textContent(`tr[data-deadline="${assign.id}"]`), /已静音至 .*（/);
    await until(async () => (await duty.locator("#glance-alarms.bad").count()) === 1, 15000);
    assert.equal(await duty.locator(`tr[data-deadline="${assign.id}"] .countdown.overdue`).count(), 0, "silenced: not blinking");
    await duty.screenshot({ path: join(shots, "alarms-silenced-zh-1366x768.png") });
    admin.close(); officer.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
