// Role-aware UI (the server still checks), the EXERCISE/演习 banner on every screen of a drill realm,
// and the string table complete in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, createIncident, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("an observer sees the board but no action; the server refuses the action anyway", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, server.url, "observer");
    await page.waitForSelector(".leaflet-interactive");
    assert.equal(await page.locator("#new-incident").count(), 0, "observer must not be offered 'new incident'");
    await page.click('#tabs button[data-tab="teams"]');
    await page.waitForSelector("text=石塘镇应急救援队");
    assert.equal(await page.locator("[data-order]").count(), 0, "observer must not be offered orders");
    // The button is only a convenience: the same request from this session is refused.
    const r = await page.evaluate(async () => (await import("./session.js")).conn.request("incident.create",
      { type: "flood", title: "x", place: { name: "y" } }));
    assert.equal(r.ok, false);
    assert.equal(r.error.code, "forbidden");
    // An officer on the same server is offered both.
    const officer = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(officer, server.url, "officer");
    await officer.waitForSelector("#new-incident");
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("a department's desk has no order buttons for the city's teams; the server refuses such an order", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const officer = await client(server.port, "officer");
    const inc = await officer.call("incident.create", { type: "flood", title: "东岙村山洪", unit_id: "P0001",
      place: { name: "石塘镇东岙村", lat: 27.96, lon: 120.12 } });
    assert.ok(inc.ok, JSON.stringify(inc.error));
    // The water bureau is consulted on it: it reads the incident, it does not command the squads.
    const consult = await officer.call("consultation.open", { subject: inc.result.id, title: "山洪会商", departments: ["water_resources"],
      scheduled_at: "2026-08-20T02:00:00.000Z" });
    assert.ok(consult.ok, JSON.stringify(consult.error));
    for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
      const page = await browser.newPage({ viewport: { width, height } });
      await login(page, server.url, "water");
      if (lang === "en") await page.click("#lang");
      // The centre's command screens are not on a department's desk.
      for (const tab of ["orders", "links", "duty"])
        assert.equal(await page.isVisible(`#tabs button[data-tab="${tab}"]`), false, `${tab} tab on a department's desk`);
      await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#glance")?.textContent ?? ""), lang === "zh" ? "进行中事件" : "Open incidents");
      assert.doesNotMatch(await page.textContent("#glance"), lang === "zh" ? /待接受指令|失联/ : /Orders not yet accepted|Unreachable/);
      for (const tab of ["warnings", "consultations", "notices", "deadlines"])
        assert.equal(await page.isVisible(`#tabs button[data-tab="${tab}"]`), true, `${tab} tab missing`);
      await page.click('#tabs button[data-tab="teams"]');
      await page.waitForSelector("#panel table, #panel p");
      assert.equal(await page.locator("[data-order]").count(), 0, "no order button on a department's desk");
      await page.click('#tabs button[data-tab="incidents"]');
      await page.locator(`tr[data-incident="${inc.result.id}"]`).click();
      await page.waitForSelector("#dialog:not([hidden]) h2");
      assert.equal(await page.locator("#inc-order").count(), 0, "no 下达指令 in the incident for a department");
      await page.screenshot({ path: join(shotDir(binaryDir), `department-desk-${lang}-${width}.png`) });
      const r = await page.evaluate(async () => (await import("./session.js")).conn.request("task.assign", { team_id: "T-P0001", what: "evacuate" }));
      assert.equal(r.ok, false);
      assert.equal(r.error.code, "out_of_scope");
      await page.close();
    }
    officer.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("a drill realm shows the EXERCISE/演习 banner on every tab, starts with the city's teams, and the director plays it", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  try {
    const director = await client(server.port, "director");
    const drill = await director.call("drill.start", { name: "防台风桌面推演" });
    assert.ok(drill.ok, JSON.stringify(drill.error));
    const realm = drill.result.realm;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}?realm=${encodeURIComponent(realm)}`);
    await page.waitForSelector("#exercise:not([hidden])");
    assert.match(await page.textContent("#exercise"), /演习/);
    await page.fill("input[name=username]", "officer");
    await page.fill("input[name=password]", "lifeline-demo");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#main:not([hidden])");
    await page.waitForSelector("#conn.up");
    for (const tab of ["incidents", "notices", "teams", "orders", "deadlines", "links", "duty", "supplies"]) {
      await page.click(`#tabs button[data-tab="${tab}"]`);
      assert.ok(await page.isVisible("#exercise"), `banner missing on ${tab}`);
    }
    await page.click('#tabs button[data-tab="incidents"]');
    // The drill is named by its name, never by its realm's id.
    await until(async () => /防台风桌面推演/.test(await page.textContent("#exercise")));
    assert.doesNotMatch(await page.textContent("#exercise"), uuid);
    await page.screenshot({ path: join(shots, "drill-1920.png") });
    // A participant that may not list drills (the squad lead) reads the name too.
    const lead = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(lead, `${server.url}?realm=${encodeURIComponent(realm)}`, "teamlead");
    await until(async () => /防台风桌面推演/.test(await lead.textContent("#exercise")));
    await lead.close();
    // The drill starts from the city as it is: live's teams are on the drill's own board.
    await page.click('#tabs button[data-tab="teams"]');
    await page.waitForSelector("text=石塘镇应急救援队");
    // The drill director plays the scenario inside the drill: a new incident there, none in live.
    const dpage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await dpage.goto(`${server.url}?realm=${encodeURIComponent(realm)}`);
    await dpage.fill("input[name=username]", "director");
    await dpage.fill("input[name=password]", "lifeline-demo");
    await dpage.click("#login-form button[type=submit]");
    await dpage.waitForSelector("#new-incident");
    await createIncident(dpage, "flood", "演练：石塘镇内涝", "石塘镇");
    await dpage.waitForSelector("#dialog-body h2");
    assert.match(await dpage.textContent("#dialog-body h2"), /演练：石塘镇内涝/);
    await dpage.screenshot({ path: join(shots, "drill-director-incident-1366.png") });
    const live = await director.call("incident.list", {});
    assert.equal(live.result.incidents.length, 0, "nothing of the drill in live");
    const inDrill = await director.call("incident.list", {}, realm);
    assert.equal(inDrill.result?.incidents?.length, 1, JSON.stringify(inDrill));
    director.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("every string has zh-CN and en, and English leaves no Chinese in the console's own text", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, server.url, "officer");
    const missing = await page.evaluate(async () => {
      const { strings_for_tests: s } = await import("./i18n.js");
      return Object.entries(s).filter(([, v]) => !Array.isArray(v) || v.length !== 2 || !v[0] || !v[1]).map(([k]) => k);
    });
    assert.deepEqual(missing, []);
    await page.click("#lang");
    await page.waitForSelector('#tabs button[data-tab="incidents"]:text("Incidents")');
    const cjk = /[\u4e00-\u9fff]/;
    for (const sel of ["#tabs", "#glance", ".leaflet-control-container .legend"])
      assert.doesNotMatch(await page.textContent(sel), cjk, `${sel} still has Chinese`);
    // The choice of language survives a reload.
    await page.reload();
    await page.waitForSelector('#tabs button[data-tab="incidents"]:text("Incidents")');
  } finally {
    await browser.close();
    await server.stop();
  }
});
