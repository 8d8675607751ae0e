// An order to a group of teams from an incident: one task per team, each with its own live receipt.
// Chinese at 1366x768, then English at 1920x1080 (another duty officer): the dialog's refusal, the
// team names and task words in English, no ids or keys on the screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createIncident, launchBrowser, login, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("order a group of teams from an incident", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, server.url, "officer");
    await createIncident(page, "flood", "港口镇堤防渗漏", "港口镇");
    await page.click("#inc-order");
    // Nothing chosen: a clear message, nothing sent.
    await page.click("#dlg-ok");
    assert.match(await page.textContent("#dlg-error"), /至少一支队伍/);
    await page.selectOption("select[name=team]", ["T-P0007", "T-P0008", "T-P0009"]);
    await page.selectOption("select[name=what]", "reinforce_dike");
    await page.click("#dlg-ok");
    await page.waitForSelector('#tabs button[data-tab="orders"].active');
    await page.waitForFunction(() => document.querySelectorAll("tr[data-task]").length === 3);
    // Every order has its receipt row (queued at least) as soon as it is accepted.
    await page.waitForFunction(() => [...document.querySelectorAll("tr[data-task]")].every((tr) => tr.querySelector(".delivery")));
    const teams = await page.$$eval("tr[data-task] td:first-child", (tds) => tds.map((td) => td.textContent));
    for (const name of ["港口镇应急救援队", "港口镇长湾村应急分队", "港口镇塘头村应急分队"]) assert.ok(teams.some((t) => t.includes(name)), name);
    await page.screenshot({ path: join(shotDir(binaryDir), "group-order-1366.png") });

    // The same in English at 1920x1080, from another desk: two township squads told to evacuate.
    const errors = [];
    const en = await openDesk(browser, server.url, "officer2", { lang: "en", width: 1920, height: 1080, errors });
    await en.click('#tabs button[data-tab="incidents"]');
    await en.click("#new-incident");
    await en.selectOption("select[name=type]", "flood");
    await en.fill("input[name=title]", "Songxi levee breach");
    await en.fill("input[name=place]", "松溪镇");
    await en.click("#dlg-ok");
    await en.click("tr[data-incident]:has-text('Songxi levee breach')");
    await en.click("#inc-order");
    await en.click("#dlg-ok");
    assert.match(await en.textContent("#dlg-error"), /at least one team/i);
    await en.selectOption("select[name=team]", ["T-P0001", "T-P0007"]);
    await en.selectOption("select[name=what]", "evacuate");
    await en.click("#dlg-ok");
    await en.waitForSelector('#tabs button[data-tab="orders"].active');
    // The two new orders, newest first above the three of before.
    await en.waitForFunction(() => document.querySelectorAll("tr[data-task]").length === 5);
    await en.waitForFunction(() => [...document.querySelectorAll("tr[data-task]")].slice(0, 2).every((tr) => tr.querySelector(".delivery")));
    const rows = en.locator("tr[data-task]");
    const text = [await rows.nth(0).textContent(), await rows.nth(1).textContent()].join("\n");
    assert.match(text, /Shitang Town Rescue Squad/);
    assert.match(text, /Gangkou Town Rescue Squad/);
    assert.match(text, /Evacuate/i);
    assert.match(await rows.nth(0).locator("[data-order-incident]").textContent(), /Songxi levee breach/, "the order names its incident");
    assert.doesNotMatch(await en.textContent("#panel"), uuid, "no ids on screen");
    assert.doesNotMatch(await en.textContent("#panel"), /\b(task|what|dlg|inc)\.[a-z_]+\b|undefined|NaN/);
    await en.screenshot({ path: join(shotDir(binaryDir), "group-order-en-1920.png") });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
