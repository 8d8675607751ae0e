// A server restart: the console reconnects by itself, resumes its session, re-subscribes the board
// and keeps its view (no login screen, earlier incidents still there, new ones arrive live).
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, startServer } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the console reconnects by itself after a server restart and keeps its view", async () => {
  let server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url);
    await page.fill("input[name=username]", "officer");
    await page.fill("input[name=password]", "lifeline-demo");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#conn.up");
    await page.click("#new-incident");
    await page.fill("input[name=title]", "重启前的事件");
    await page.fill("input[name=place]", "南湾镇");
    await page.click("#dlg-ok");
    await page.waitForSelector("text=重启前的事件");
    await server.stop();
    await page.waitForSelector("#conn.down");
    server = await startServer(binaryDir, [], server);
    await page.waitForSelector("#conn.up", { timeout: 15000 });
    // Still logged in (the session survived), the board re-subscribed, and live again.
    assert.ok(await page.isVisible("#main"));
    assert.ok(await page.isHidden("#login"));
    await page.click("#new-incident");
    await page.fill("input[name=title]", "重启后的事件");
    await page.fill("input[name=place]", "南湾镇");
    await page.click("#dlg-ok");
    await page.waitForSelector("text=重启后的事件");
    assert.ok(await page.isVisible("text=重启前的事件"));
  } finally {
    await browser.close();
    await server.stop();
  }
});
