// The duty officer's path in a real browser: log in, open an incident, order a team, watch the
// receipt go to read when the team's handheld acknowledges (a WebSocket stand-in until the field
// client lifeline-field lands; then its real process), switch language; at 1366x768 and
// 1920x1080, with screenshots of each main screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, fieldClient, handheld, launchBrowser, shotDir, startServer, until } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

for (const [w, h] of [[1366, 768], [1920, 1080]]) {
  test(`duty officer at ${w}x${h}`, async () => {
    const server = await startServer(binaryDir);
    const browser = await launchBrowser();
    const shots = shotDir(binaryDir);
    let field = null, lead = null;
    try {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.fill("input[name=username]", "officer");
      await page.fill("input[name=password]", "lifeline-demo");
      await page.click("#login-form button[type=submit]");
      await page.waitForSelector("#main:not([hidden])");
      await page.waitForSelector(".leaflet-interactive");
      // Open an incident.
      await page.click("#new-incident");
      await page.selectOption("select[name=type]", "typhoon");
      await page.fill("input[name=title]", "台风“海葵”登陆石塘镇");
      // The place from the gazetteer: typed in part, picked from the list, its coordinates filled in.
      await page.fill("input[name=place]", "下洋");
      await page.locator(".place-option", { hasText: "石塘镇下洋社区" }).click();
      assert.equal(await page.inputValue("input[name=place]"), "石塘镇下洋社区");
      assert.equal(await page.inputValue("input[name=lat]"), "27.90865");
      assert.equal(await page.inputValue("input[name=lon]"), "120.08385");
      await page.fill("input[name=missing]", "2");
      // A figure that is not a number is named and nothing is saved (三 used to be saved as 0).
      await page.fill("input[name=injured]", "三");
      await page.click("#dlg-ok");
      assert.match(await page.textContent("#dlg-error"), /“三”/);
      assert.equal(await page.getAttribute("input[name=injured]", "aria-invalid"), "true");
      const api = await client(server.port, "officer");
      assert.equal((await api.call("incident.list", {})).result.incidents.length, 0, "nothing saved");
      await page.fill("input[name=injured]", "３");  // full-width digits read as the report form reads them
      await page.click("#dlg-ok");
      await page.waitForSelector("text=台风“海葵”登陆石塘镇");
      const [saved] = (await api.call("incident.list", {})).result.incidents;
      assert.deepEqual([saved.missing, saved.injured], [2, 3]);
      api.close();
      // The map's search (teams, incidents, people, places): a place picked, the map flies there and marks it.
      await page.fill("#map-place-search", "港口镇");
      await page.locator('[data-group="place"] .place-option', { hasText: "港口镇" }).first().click();
      await page.waitForSelector(".leaflet-tooltip.place-found");
      assert.match(await page.textContent(".leaflet-tooltip.place-found"), /港口镇/);
      await page.screenshot({ path: join(shots, `incidents-${w}.png`) });
      // Order the township squad; its handheld is online and acknowledges: the real field client
      // when it is built, else a WebSocket stand-in speaking the same protocol.
      field = await fieldClient(binaryDir, server.port, "teamlead");
      lead = field ? null : await handheld(server.port, "teamlead");
      console.log(`handheld: ${field ? "lifeline-field (real process)" : "WebSocket stand-in (lifeline-field not built)"}`);
      await page.click('#tabs button[data-tab="teams"]');
      await page.click('button[data-order="T-P0001"]');
      await page.selectOption("select[name=what]", "evacuate");
      await page.selectOption("select[name=precedence]", "flash");
      await page.fill("textarea[name=note]", "转移下洋社区低洼处群众");
      await page.click("#dlg-ok");
      await page.waitForSelector('#tabs button[data-tab="orders"].active');
      await page.waitForSelector("td .st-delivered, td .st-read", { timeout: 15000 });
      const taskId = await page.getAttribute("tr[data-task]", "data-task");
      if (field) await field.ack(taskId);
      else { await until(() => lead.envs.length > 0); await lead.accept(lead.envs[0].id); }
      await page.waitForSelector("td .st-read");
      await page.waitForSelector("td.st-acknowledged");
      // Per-recipient receipt: channel and the time of each step.
      assert.match(await page.textContent("tr[data-task] .delivery"), /网络/);
      assert.match(await page.textContent("tr[data-task] .delivery .stamps"), /已读 \d\d\/\d\d \d\d:\d\d:\d\d/);
      await page.screenshot({ path: join(shots, `orders-${w}.png`) });
      // Two clicks from the map: the incident's ring opens it with its timeline.
      await page.click('#tabs button[data-tab="incidents"]');
      await page.click("tr[data-incident]");
      await page.waitForSelector("#dialog:not([hidden]) .timeline li");
      assert.match(await page.textContent("#dialog .timeline"), /事件报告/);
      // The rules proposed a level on the reported fact (2 missing → IV, the duty leader approves):
      // the timeline names the rule and the fact, and the officer sees the proposal await approval.
      const timeline = await page.textContent("#dialog .timeline");
      assert.match(timeline, /规则提议响应级别 IV/);
      assert.match(timeline, /一般事故：建议 IV 级响应 · 依据: 失踪 2 ≥ 1/);
      assert.doesNotMatch(timeline, /incident\.grade|missing=/, "the rule by its title, the fact in words");
      assert.match(timeline, /规则触发 · 开启时限 — 突发事件 1 小时内向上级报告/);
      assert.doesNotMatch(timeline, /incident\.report_up/, "a rule firing is named by its title, not its id");
      assert.match(await page.textContent("#dialog .proposals"), /等待审批/);
      await page.screenshot({ path: join(shots, `incident-${w}.png`) });
      await page.click("#dialog [data-close]");
      // The duty leader approves (another desk); the officer's timeline says who did.
      const leader = await handheld(server.port, "leader");
      const incidentId = await page.getAttribute("tr[data-incident]", "data-incident");
      const got = await leader.call("incident.get", { id: incidentId });
      const approved = await leader.call("incident.approve_level", { proposal_id: got.result.proposals[0].id });
      assert.ok(approved.ok, JSON.stringify(approved.error));
      leader.close();
      await page.click("tr[data-incident]");
      await page.waitForSelector("#dialog:not([hidden]) .timeline li");
      assert.match(await page.textContent("#dialog .timeline"), /设定响应级别 IV — 依据规则: 一般事故：建议 IV 级响应 .*批准人: 带班领导 李明/);
      await page.click("#dialog [data-close]");
      // Language switch: every visible string follows.
      await page.click("#lang");
      await page.waitForSelector('#tabs button[data-tab="orders"]:text("Orders")');
      await page.click('#tabs button[data-tab="orders"]');
      assert.equal(await page.textContent("td .st-read"), "read");
      await page.click('#tabs button[data-tab="teams"]');
      await page.screenshot({ path: join(shots, `teams-en-${w}.png`) });
      await page.click('#tabs button[data-tab="duty"]');
      await page.waitForSelector("text=Duty officer");
      await page.screenshot({ path: join(shots, `duty-en-${w}.png`) });
      await page.click('#tabs button[data-tab="links"]');
      await page.screenshot({ path: join(shots, `links-en-${w}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      if (field) await field.close();
      lead?.close();
      await browser.close();
      await server.stop();
    }
  });
}
