// A team fed by two handhelds 0.8 km apart, on the duty officer's map: the squad's marker stands at
// its newest fix and says it has 2 handhelds; the member's handheld is its own dot at its own fix,
// named in its tooltip with the fix's age; 16 min later on the server's (manual) clock the member's
// dot fades as stale while the lead's fresh fix keeps the squad bright; the team's detail lists each
// handheld's fix; the tracks overlay (轨迹) draws each handheld's breadcrumbs of the last hours, and
// a fix pushed afterwards extends the line. zh at 1366x768, then the same map in English.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, tooltipAt, until } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const TEAM = "T-P0001";
const START = Date.parse("2026-08-20T01:00:00.000Z");
const iso = (ms) => new Date(ms).toISOString();

// The page's Leaflet map (test-only hook, as in team_detail.test.mjs).
const captureMap = () => {
  let real;
  Object.defineProperty(window, "L", { configurable: true, get: () => real,
    set: (v) => { real = v; v?.Map?.addInitHook(function () { window.__testMap = this; }); } });
};
// Hovers the element's centre until its tooltip shows; returns the tooltip's text.
async function tooltipOf(page, selector) {
  const box = await page.locator(selector).boundingBox();
  return tooltipAt(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
}
const attr = (page, selector, name) => page.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [selector, name]);

test("a team's handhelds each at their own fix, staleness per handheld, and their tracks", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", iso(START)]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [], clients = [];
  const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
  try {
    const admin = await client(server.port, "admin"); clients.push(admin);
    const lead = await client(server.port, "teamlead"); clients.push(lead);
    const member = await client(server.port, "member"); clients.push(member);
    const base = ok(await admin.call("team.get", { id: TEAM }), "team.get").team;
    // A handheld is known by its user's id (never the login name) and shown by the user's name.
    const users = ok(await admin.call("user.list"), "user.list").users;
    const leadDevice = `user:${users.find((u) => u.username === "teamlead").id}`, memberDevice = `user:${users.find((u) => u.username === "member").id}`;
    // The lead walks north from the base, a fix every 4 min; the member stays 0.8 km east of the base.
    const leadAt = (i) => ({ lat: Math.round((base.lat + 0.002 * i) * 1e5) / 1e5, lon: base.lon });
    for (let i = 0; i < 5; i++)
      ok(await lead.call("team.report_position", { ...leadAt(i), fix_at: iso(START - (16 - 4 * i) * 60e3) }), "lead fix");
    const memberAt = { lat: base.lat, lon: Math.round((base.lon + 0.0082) * 1e5) / 1e5 };
    ok(await member.call("team.report_position", { ...memberAt, fix_at: iso(START - 60e3) }), "member fix");
    // An older fix of the member's is still the member's newest once, never twice.
    assert.equal(ok(await member.call("team.report_position", { lat: 1, lon: 1, fix_at: iso(START - 120e3) }), "member old fix").stale, true);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(captureMap);
    await page.addInitScript(() => localStorage.setItem("lifeline.lang", "zh"));
    await login(page, server.url, "officer");
    await page.waitForFunction(() => window.__testMap);
    // The city is fitted into view once the basemap and the legend are drawn: zoom in after that,
    // or the fit moves the map under the hovering mouse (onto a depot's marker).
    await page.waitForSelector(".bm-township");
    await page.waitForFunction(() => document.querySelector("#map-legend summary")?.textContent);
    await page.waitForTimeout(300);
    await page.evaluate(([la, lo]) => { window.__testMap.setView([la, lo], 14, { animate: false }); }, [base.lat + 0.004, base.lon + 0.004]);

    // The member's handheld: its own dot at its own fix, named, with its age; the squad says 2 handhelds.
    const memberDot = `[data-device="${TEAM}|${memberDevice}"]`;
    await page.waitForSelector(memberDot);
    assert.equal(await page.locator("[data-device]").count(), 1, "the lead's fix is the squad's marker itself, not a second dot");
    const dotAt = await page.evaluate((s) => {
      for (const l of Object.values(window.__testMap._layers))
        if (l.getElement?.() === document.querySelector(s)) { const p = l.getLatLng(); return { lat: p.lat, lng: p.lng }; }
      return null;
    }, memberDot);
    assert.deepEqual([dotAt.lat, dotAt.lng], [memberAt.lat, memberAt.lon]);
    let tip = await tooltipOf(page, memberDot);
    assert.match(tip, /石塘镇队员 赵磊/);
    assert.match(tip, /定位于1 分钟前/);
    assert.equal(await attr(page, memberDot, "data-stale"), "0");

    // 16 minutes on: the lead reports again (fresh), the member does not (stale, faded).
    ok(await admin.call("clock.advance", { ms: 16 * 60e3 }), "clock.advance");
    ok(await lead.call("team.report_position", { ...leadAt(5), fix_at: iso(START + 16 * 60e3) }), "lead fix 6");
    await until(async () => (await attr(page, memberDot, "data-stale")) === "1", 30000);  // the page syncs the server clock every 10 s
    tip = await tooltipOf(page, memberDot);
    assert.match(tip, /定位已过时（17 分钟前）/);

    // The team's detail: each handheld's fix, the stale one marked.
    await page.click('#tabs button[data-tab="teams"]');
    await page.click(`tr[data-team="${TEAM}"]`);
    await page.waitForSelector(".td-devices li");
    const items = await page.locator(".td-devices li").allTextContents();
    assert.equal(items.length, 2);
    assert.match(items[0], /石塘镇队长 刘强：.*（刚刚）/);
    assert.match(items[1], /石塘镇队员 赵磊：.*已过时/);
    assert.equal(await page.locator(`.td-devices li[data-device="${memberDevice}"]`).getAttribute("class"), "stale-text");
    await page.keyboard.press("Escape");

    // 轨迹: switched on, each handheld's fixes of the last 6 hours as a line; a new fix extends it.
    await page.click("#map-layers summary");
    await page.check("#map-layer-tracks");
    const leadTrack = `[data-track="${TEAM}|${leadDevice}"]`;
    await page.waitForSelector(leadTrack, { state: "attached" });  // a line due north has no width: "hidden" to Playwright
    assert.equal(await attr(page, leadTrack, "data-points"), "6");
    assert.equal(await attr(page, `[data-track="${TEAM}|${memberDevice}"]`, "data-points"), "1");
    ok(await lead.call("team.report_position", { ...leadAt(6), fix_at: iso(START + 17 * 60e3) }), "lead fix 7");
    await until(async () => (await attr(page, leadTrack, "data-points")) === "7", 10000);
    await page.click("#map-layers summary");
    await page.screenshot({ path: join(shots, "team-devices-zh-1366x768.png") });

    // Switched off, the lines go; in English the same map names the handhelds in English.
    await page.click("#map-layers summary");
    await page.uncheck("#map-layer-tracks");
    assert.equal(await page.locator("[data-track]").count(), 0);
    await page.check("#map-layer-tracks");
    await page.waitForSelector(leadTrack, { state: "attached" });  // a line due north has no width: "hidden" to Playwright
    await page.click("#map-layers summary");
    await page.click("#lang");
    tip = await tooltipOf(page, memberDot);
    assert.match(tip, /position stale \(fix 17 min ago\)/);
    const squad = await page.evaluate(([la, lo]) => {
      const m = window.__testMap, p = m.latLngToContainerPoint([la, lo]), r = m.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [leadAt(6).lat, leadAt(6).lon]);
    assert.match(await tooltipAt(page, squad), /2 handhelds/);
    await page.screenshot({ path: join(shots, "team-devices-en-1366x768.png") });
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    await browser.close();
    await server.stop();
  }
});
