// An order to a group of teams from an incident: one task per team, each with its own live receipt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createIncident, launchBrowser, login, shotDir, startServer } from "./harness.mjs";

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
  } finally {
    await browser.close();
    await server.stop();
  }
});
