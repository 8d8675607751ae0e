// A FLASH order that has not reached its team within 2 minutes raises an alarm on the order itself
// and in the top strip, on every desk (the server's order.receipt deadline); the next link is
// offered (none is up here, and the desk is told so); confirming by phone (the team lead called
// back) records the task as acknowledged by phone and the alarm goes. Manual clock; the officer in zh
// at 1366x768, the commander in en at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("an order overdue for its receipt raises an alarm on itself; a phoned confirmation settles it", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const errors = [];
  try {
    const admin = await client(server.port, "admin");
    const officer = await client(server.port, "officer");
    // No gateway runs and the squad is offline: the order waits in the queue.
    const order = (await officer.call("task.assign", { team_id: "T-P0002", what: "evacuate", precedence: "flash", note: "立即转移" })).result;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, server.url, "officer");
    await page.click('#tabs button[data-tab="orders"]');
    await page.waitForSelector(`tr[data-task="${order.id}"] .delivery`);
    assert.equal(await page.locator(".late-alarm").count(), 0, "no alarm within the limit");
    assert.equal(await page.locator("#glance-late").count(), 0);

    await admin.call("clock.advance", { ms: 2 * 60 * 1000 + 1000 });
    await page.reload();
    await page.waitForSelector("#main:not([hidden])");
    await page.click('#tabs button[data-tab="orders"]');
    const row = page.locator(`tr[data-task="${order.id}"]`);
    await until(async () => (await row.locator(".late-alarm").count()) === 1, 15000);
    assert.match(await row.textContent(), /特急指令超过 2 分钟未送达/);
    assert.match(await page.textContent("#glance-late"), /送达超时 1/);
    // The commander's desk, in English, shows the same alarm, on the strip and on the order.
    const commander = await openDesk(browser, server.url, "commander", { lang: "en", width: 1920, height: 1080, errors });
    await until(async () => (await commander.locator("#glance-late").count()) === 1, 15000);
    assert.match(await commander.textContent("#glance-late"), /Overdue receipts 1/);
    await commander.click('#tabs button[data-tab="orders"]');
    const chiefRow = commander.locator(`tr[data-task="${order.id}"]`);
    await until(async () => (await chiefRow.locator(".late-alarm").count()) === 1, 15000);
    assert.match(await chiefRow.textContent(), /order not delivered within 2 min/);
    assert.doesNotMatch(await commander.textContent("#panel"), uuid);
    assert.doesNotMatch(await commander.textContent("#panel"), /\b(order|task|what|glance)\.[a-z_]+\b|undefined|NaN/);
    await commander.screenshot({ path: join(shotDir(binaryDir), "order-late-en-1920.png") });
    // The alarm is the server's (the order's receipt deadline): it is in the one alarm list too.
    assert.match(await page.textContent("#glance-alarms"), /告警/);
    await page.screenshot({ path: join(shotDir(binaryDir), "order-late-1366.png") });
    // The next link, offered on the order: the squad has no other link up, and the desk is told so.
    await row.locator("[data-reroute]").click();
    await until(async () => /该队没有其他可用链路/.test(await row.locator("[data-reroute-error]").textContent()), 10000);

    await row.locator("[data-phone-confirm]").click();
    assert.equal(await page.inputValue("select[name=status]"), "acknowledged");
    await page.fill("textarea[name=note]", "队长李明回电确认收到");
    await page.click("#dlg-ok");
    await until(async () => (await officer.call("task.list", { team_id: "T-P0002" })).result.tasks[0].status === "acknowledged");
    await until(async () => (await page.locator("#glance-late").count()) === 0, 15000);
    await until(async () => (await row.locator(".late-alarm").count()) === 0, 15000);
    await until(async () => (await commander.locator("#glance-late").count()) === 0, 15000);
    assert.match(await row.textContent(), /电话报告/);
    admin.close(); officer.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
