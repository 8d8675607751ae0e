// The links screen as the duty officer sees it with the real processes: the PDT gateway
// (lifeline-gateway --link=loopback --as=pdt) and the 石塘镇 squad lead's handheld (lifeline-field)
// with its radio attached. The gateways table names the gateway in words, shows it up with one
// terminal attached; the team's links show IP and PDT up. Both languages, at 1366x768 and 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, login, shotDir, startPdtGateway, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

const once = (argv) => new Promise((resolve, reject) => {
  const p = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d)); p.stderr.on("data", (d) => (out += d));
  p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv[0]} exited ${code}: ${out}`))));
});

test("the links screen shows each gateway in words, and the squad on IP and PDT", async () => {
  const server = await startServer(binaryDir);
  const gateway = await startPdtGateway(binaryDir, server);
  const fieldDir = mkdtempSync(join(tmpdir(), "lifeline-field-"));
  const field = join(binaryDir, "clients/field/lifeline-field"), db = join(fieldDir, "field.db");
  await once([field, "--db", db, "--lang", "en", "enrol", "--server", `ws://127.0.0.1:${server.port}`, "--user", "teamlead",
    "--password", "lifeline-demo", "--terminal-port", String(gateway.terminals)]);
  const run = spawn(field, ["--db", db, "--lang", "en", "run"], { stdio: ["ignore", "ignore", "inherit"] });
  const runExited = new Promise((r) => run.on("exit", r));
  const handheld = { stop: async () => { run.kill("SIGTERM"); await runExited; } };
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  try {
    for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await login(page, server.url, "officer");
      if (lang === "en") await page.click("#lang");
      await page.click('#tabs button[data-tab="links"]');
      const row = page.locator('tr[data-gateway="pdt"]');
      // Polled every 5 s while the screen is open: the handheld's radio shows up as one terminal.
      await until(async () => (await row.count()) === 1 && /^\s*1\s*$/.test(await row.locator("td").nth(3).textContent()), 20000);
      const text = await row.textContent();
      assert.match(text, lang === "zh" ? /PDT对讲/ : /PDT radio/);
      assert.match(text, lang === "zh" ? /正常/ : /up/);
      await until(async () => {
        const panel = await page.locator("#panel").textContent();
        return (lang === "zh" ? /网络 正常/ : /IP up/).test(panel) && (lang === "zh" ? /PDT对讲 正常/ : /PDT radio up/).test(panel);
      }, 20000);
      const panel = await page.locator("#panel").textContent();
      assert.doesNotMatch(panel, uuid, "no id on the screen");
      assert.doesNotMatch(panel, /\b(gw|links|chan|health)\.[a-z_]+/, "no untranslated key");
      assert.match(panel, lang === "zh" ? /网关/ : /Gateways/);
      await page.screenshot({ path: join(shots, `links-${lang}-${width}x${height}.png`) });
      await page.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await handheld.stop();
    await gateway.stop();
    await server.stop();
    rmSync(fieldDir, { recursive: true, force: true });
  }
});
