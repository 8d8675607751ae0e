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

// A login clicked while the page is still connecting (a slow link, a loaded server) waits for the
// connection instead of failing with 未连接. The page's WebSocket is held back 1.5 s here.
test("a login clicked before the connection is open waits for it and succeeds", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.addInitScript(() => {
      const Real = window.WebSocket;
      window.WebSocket = class extends Real {
        set onopen(fn) { super.onopen = (ev) => setTimeout(() => fn.call(this, ev), 1500); }
        get onopen() { return super.onopen; }
      };
    });
    await page.goto(server.url);
    await page.fill("input[name=username]", "officer");
    await page.fill("input[name=password]", "lifeline-demo");
    assert.equal(await page.locator("#conn.up").count(), 0, "the connection is not open yet");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#main:not([hidden])", { timeout: 10000 });
    assert.equal((await page.textContent("#login-error")).trim(), "");
  } finally {
    await browser.close();
    await server.stop();
  }
});
