// A group order whose answer is lost for one team (the server created the task, the console heard
// an error): the dialog says per team what went out, a retry goes to that team only with the same
// task id, and the server ends with exactly one task per team. Then the duty officer records a
// status the team phoned in, and cancels an order with a reason; Esc closes a dialog. Chinese at
// 1366x768, English at 1920x1080 for the dialog.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, createIncident, launchBrowser, login, shotDir, spoilFirstAnswer, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("a lost answer is retried without a duplicate; cancel and phoned-in status from the orders screen", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  try {
    const api = await client(server.port, "officer");
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    // The first task.assign for T-P0008 reaches the server, but its answer is replaced on the way
    // back by an error: what a dropped link or a proxy timeout looks like to the console.
    const picked = await spoilFirstAnswer(page, (f) => f.op === "task.assign" && f.body?.team_id === "T-P0008");
    await login(page, server.url, "officer");
    await page.click('#tabs button[data-tab="teams"]');
    await page.click('#panel [data-order="T-P0007"]');
    await page.keyboard.press("Escape");  // Esc closes the dialog
    await page.waitForSelector("#dialog", { state: "hidden" });

    await createIncident(page, "flood", "港口镇堤防渗漏", "港口镇");
    await page.click("#inc-order");
    await page.selectOption("select[name=team]", ["T-P0007", "T-P0008", "T-P0009"]);
    await page.selectOption("select[name=what]", "reinforce_dike");
    await page.click("#dlg-ok");
    await page.waitForSelector('[data-result="T-P0008"].error');
    assert.equal(await page.locator("#dlg-results li.ok").count(), 2);
    assert.match(await page.textContent("#dlg-error"), /1\/3 支队伍未能下达/);
    assert.match(await page.textContent("#dlg-ok"), /重试/);
    await page.screenshot({ path: join(shots, "order-retry-1366.png") });
    await page.click("#dlg-ok");  // the retry: T-P0008 only, same id → conflict → it was there already
    await page.waitForSelector('#tabs button[data-tab="orders"].active');
    assert.equal(picked.length, 2, "T-P0008 was sent to twice: the first try and the retry");
    assert.equal(picked[0].id, picked[1].id, "the retry names the same task");
    for (const team of ["T-P0007", "T-P0008", "T-P0009"]) {
      const r = await api.call("task.list", { team_id: team });
      assert.equal(r.result.tasks.filter((k) => k.what === "reinforce_dike").length, 1, `${team}: exactly one task`);
    }
    await page.waitForFunction(() => document.querySelectorAll("tr[data-task]").length === 3);

    // A status phoned in: the team lead called to say they are on scene.
    const t8 = (await api.call("task.list", { team_id: "T-P0008" })).result.tasks[0];
    await page.click(`[data-phoned="${t8.id}"]`);
    await page.selectOption("select[name=status]", "on_scene");
    await page.fill("textarea[name=note]", "队长张强 10:05 来电");
    await page.click("#dlg-ok");
    await until(async () => (await api.call("task.list", { team_id: "T-P0008" })).result.tasks[0].status === "on_scene");
    await page.waitForFunction((id) => document.querySelector(`tr[data-task="${id}"]`)?.textContent.includes("到场") ?? false, t8.id);
    assert.match(await page.locator(`tr[data-task="${t8.id}"]`).textContent(), /电话报告.*张强/);

    // Cancel one: a reason is required; the order leaves the open orders with it.
    const t9 = (await api.call("task.list", { team_id: "T-P0009" })).result.tasks[0];
    await page.click(`[data-cancel-task="${t9.id}"]`);
    await page.click("#dlg-ok");
    assert.match(await page.textContent("#dlg-error"), /请填写原因/);
    await page.fill("textarea[name=reason]", "重复下达");
    await page.click("#dlg-ok");
    await until(async () => (await api.call("task.list", { team_id: "T-P0009", open: false })).result.tasks[0].status === "cancelled");
    await page.waitForFunction((id) => document.querySelector(`tr[data-task="${id}"]`)?.textContent.includes("已取消") ?? false, t9.id);
    assert.equal(await page.locator(`[data-cancel-task="${t9.id}"]`).count(), 0, "a cancelled order has no buttons");
    const panel = await page.locator("#panel").textContent();
    assert.doesNotMatch(panel, uuid);
    assert.doesNotMatch(panel, /\border\.[a-z_]+|task\.[a-z_]+/);
    await page.screenshot({ path: join(shots, "orders-cancel-phoned-1366.png") });

    // The dialog in English at the large size.
    const en = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    en.on("pageerror", (e) => errors.push(String(e)));
    await login(en, server.url, "officer");
    await en.click("#lang");
    await en.click('#tabs button[data-tab="orders"]');
    const t7 = (await api.call("task.list", { team_id: "T-P0007" })).result.tasks[0];
    await en.click(`[data-phoned="${t7.id}"]`);
    assert.match(await en.textContent("#dialog"), /Record a phoned-in status/);
    await en.screenshot({ path: join(shots, "orders-phoned-en-1920.png") });
    await en.keyboard.press("Escape");
    await en.waitForSelector("#dialog", { state: "hidden" });
    await en.click("#lang");  // back to Chinese for later tests
    api.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
