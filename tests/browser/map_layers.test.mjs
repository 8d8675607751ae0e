// The common operating picture (issue 17) on the duty officer's map: the offline basemap has water,
// roads and village names at zoom 14 around 石塘镇东岙村 and no village names at zoom 10 (township
// names at both); an incident created by place name only is drawn at the village; each overlay of
// the 图层 control (teams, incidents, depots, warning areas, link health, and the basemap's roads,
// water and village names) leaves the DOM / the canvas when switched off and comes back when switched
// on; 2, 5 and 10 km range rings around the incident (from its dialog and from a right click on its
// marker) with their labels, then cleared. zh at 1920x1080, en at 1366x768, screenshots at zoom 10
// and 14 around the village.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, launchBrowser, login, radioTerminal, shotDir, startLoopbackGateway, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const VILLAGE = { id: "P0002", name: "石塘镇东岙村", lat: 27.87087, lon: 120.08369, team: "T-P0002" };
const W = {
  zh: { village: "东岙村", town: "石塘镇", townFar: "石塘镇", rings: ["2 公里", "5 公里", "10 公里"], layers: "图层", teams: "队伍", roads: "道路", clear: "清除" },
  en: { village: "Dong'ao Village", town: "Shitang Town", townFar: "Shitang", rings: ["2 km", "5 km", "10 km"], layers: "Layers", teams: "Teams", roads: "Roads", clear: "Clear" },
};

// The page's Leaflet map (test-only hook, as in xss.test.mjs): used to set the view and to measure
// distances; what is drawn is read from the DOM and the teams' canvas.
const captureMap = () => {
  let real;
  Object.defineProperty(window, "L", { configurable: true, get: () => real,
    set: (v) => { real = v; v?.Map?.addInitHook(function () { window.__testMap = this; }); } });
};
const setView = async (page, zoom) => {
  // Returns nothing: setView returns the map itself, which is too big to bring back to the test.
  await page.evaluate(([la, lo, z]) => { window.__testMap.setView([la, lo], z, { animate: false }); }, [VILLAGE.lat, VILLAGE.lon, zoom]);
  await page.waitForTimeout(300);
};
// Elements drawn inside the map's box (paths clipped away or off screen do not count).
const inView = (page, selector) => page.evaluate((sel) => {
  const m = document.querySelector("#map").getBoundingClientRect();
  return [...document.querySelectorAll(sel)].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width + r.height > 0 && r.right > m.left && r.left < m.right && r.bottom > m.top && r.top < m.bottom
      && getComputedStyle(e).visibility !== "hidden";
  }).length;
}, selector);
const centre = (page, selector) => page.evaluate((sel) => {
  const e = document.querySelector(sel);
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height };
}, selector);
// Painted pixels on the teams' canvas (the teams are drawn there, not as elements).
const teamPixels = (page) => page.evaluate(() => {
  const c = document.querySelector(".leaflet-teams-pane canvas");
  if (!c || !c.width) return 0;
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
  return n;
});
const count = (page, selector) => page.locator(selector).count();

test("the map: basemap, overlays switched off and on, range rings", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [], clients = [];
  let gateway = null, terminal = null;
  const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
  try {
    const admin = await client(server.port, "admin"); clients.push(admin);
    const officer = await client(server.port, "officer"); clients.push(officer);
    const weather = await client(server.port, "weather"); clients.push(weather);
    // An incident by place name only: the server locates it from the gazetteer.
    const inc = ok(await officer.call("incident.create", { type: "flood", title: "东岙村山洪", place: { name: VILLAGE.name }, unit_id: "P0001" }), "incident.create");
    assert.equal(inc.located?.place_id, VILLAGE.id);
    // A red warning in force over 石塘镇.
    ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-MAP-1" }) }), "warning.import");
    // The village team heard on BeiDou only: reachable by satellite only.
    const card = ok(await admin.call("team.get", { id: VILLAGE.team }), "team.get").contacts.find((c) => c.channel === "beidou").address;
    assert.ok(card, "the team's BeiDou card");
    gateway = await startLoopbackGateway(binaryDir, server, "beidou");
    terminal = await radioTerminal(gateway.terminals, card);
    await until(async () => (await officer.call("link.status", {})).result.links
      .some((l) => l.owner === `team:${VILLAGE.team}` && l.channel === "beidou" && l.health === "up"), 20000);

    for (const [lang, width, height] of [["zh", 1920, 1080], ["en", 1366, 768]]) {
      const w = W[lang];
      const page = await browser.newPage({ viewport: { width, height } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.addInitScript(captureMap);
      await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(page, server.url, "officer");
      await page.waitForFunction(() => window.__testMap && document.querySelector(".leaflet-water-pane path.bm-river"));
      await page.waitForSelector(`path.incident-marker[data-incident="${inc.id}"]`);

      // Zoom 14 around the village: water, roads, the village's name beside its dot.
      await setView(page, 14);
      assert.ok(await inView(page, ".leaflet-water-pane path.bm-water") > 0, "water in view at zoom 14");
      assert.ok(await inView(page, ".leaflet-roads-pane path.bm-road") > 0, "roads in view at zoom 14");
      const label = page.locator(`.map-label-village span[data-place="${VILLAGE.id}"]`);
      assert.equal(await label.textContent(), w.village);
      assert.equal(await inView(page, `.map-label-village span[data-place="${VILLAGE.id}"]`), 1, "the village's name is shown");
      assert.ok(await inView(page, ".map-label-village span") >= 2, "its neighbours' names too");
      // The incident (located by name) and the satellite-only ring sit on the village's dot.
      const dot = await centre(page, `path.bm-village[data-place="${VILLAGE.id}"]`);
      const ring = await centre(page, `path.incident-marker[data-incident="${inc.id}"]`);
      assert.ok(Math.hypot(ring.x - dot.x, ring.y - dot.y) < 2, `incident at the village (${JSON.stringify({ ring, dot })})`);
      await page.waitForSelector(`path.link-ring[data-link="${VILLAGE.team} sat"]`);
      const sat = await centre(page, `path.link-ring[data-link="${VILLAGE.team} sat"]`);
      assert.ok(Math.hypot(sat.x - dot.x, sat.y - dot.y) < 2, "the satellite-only ring is on the village team");
      assert.equal(await count(page, 'path.warning-area[data-township="P0001"]'), 1, "石塘镇 filled as under a warning");
      await until(async () => (await teamPixels(page)) > 0);
      assert.match(await page.textContent("#map-warning-areas"), new RegExp(w.town));
      await page.screenshot({ path: join(shots, `map-z14-${lang}-${width}x${height}.png`) });

      // 图层: each overlay off → its markers leave the DOM (the teams: the canvas); on → back.
      await page.click("#map-layers summary");
      assert.match(await page.textContent("#map-layers"), new RegExp(`${w.layers}.*${w.teams}.*${w.roads}`));
      await page.screenshot({ path: join(shots, `map-layers-${lang}-${width}x${height}.png`) });
      const present = {
        teams: () => teamPixels(page),
        incidents: () => count(page, "path.incident-marker"),
        depots: () => count(page, ".leaflet-marker-icon.depot"),
        warnings: () => count(page, "path.warning-area"),
        links: () => count(page, "path.link-ring"),
        roads: () => count(page, "path.bm-road"),
        water: () => count(page, "path.bm-water"),
        villages: () => count(page, ".map-label-village"),
      };
      for (const [layer, n] of Object.entries(present)) {
        const before = await n();
        assert.ok(before > 0, `${layer} shown at first`);
        await page.uncheck(`#map-layer-${layer}`);
        await until(async () => (await n()) === 0, 3000).catch(() => assert.fail(`${layer} still drawn when switched off`));
        await page.check(`#map-layer-${layer}`);
        await until(async () => (await n()) === before, 3000).catch(() => assert.fail(`${layer} not back when switched on`));
      }
      await page.click("#map-layers summary");

      // Range rings from the incident's dialog: 2, 5, 10 km with their labels, the view fits them.
      await page.click('#tabs button[data-tab="incidents"]');
      await page.click(`tr[data-incident="${inc.id}"]`);
      await page.click("#inc-rings");
      await page.waitForSelector("#dialog", { state: "hidden" });
      await until(async () => (await count(page, ".leaflet-rings-pane path.range-ring")) === 3);
      assert.deepEqual(await page.locator(".map-label-ring span").allTextContents(), w.rings);
      assert.equal(await inView(page, ".map-label-ring span"), 3, "the ring labels are in view");
      assert.match(await page.textContent("#map-rings"), /东岙村山洪/);
      // Each ring's radius on the map, in metres, and its centre on the incident.
      const radii = await page.evaluate(() => [...document.querySelectorAll("path.range-ring")].map((p) => {
        const r = p.getBoundingClientRect(), m = window.__testMap, c = m.getContainer().getBoundingClientRect();
        const mid = m.containerPointToLatLng([r.left + r.width / 2 - c.left, r.top + r.height / 2 - c.top]);
        return m.distance(mid, m.containerPointToLatLng([r.right - c.left, r.top + r.height / 2 - c.top]));
      }));
      radii.forEach((r, i) => assert.ok(Math.abs(r - [2000, 5000, 10000][i]) < [2000, 5000, 10000][i] * 0.03, `ring ${i}: ${r} m`));
      const inner = await centre(page, "path.range-ring"), marker = await centre(page, `path.incident-marker[data-incident="${inc.id}"]`);
      assert.ok(Math.hypot(inner.x - marker.x, inner.y - marker.y) < 2, "the rings are centred on the incident");
      await page.screenshot({ path: join(shots, `map-rings-${lang}-${width}x${height}.png`) });
      await page.click("#map-rings-clear");
      await until(async () => (await count(page, "path.range-ring")) === 0 && (await count(page, ".map-label-ring")) === 0);
      assert.ok(await page.locator("#map-rings").isHidden());
      // …and from a right click on the incident's marker.
      await setView(page, 12);
      await page.click(`path.incident-marker[data-incident="${inc.id}"]`, { button: "right" });
      await until(async () => (await count(page, "path.range-ring")) === 3);
      assert.ok(await page.locator("#map-rings").isVisible());
      await page.click("#map-rings-clear");
      await until(async () => (await count(page, "path.range-ring")) === 0);

      // Zoom 10: the township names, no village names.
      await setView(page, 10);
      assert.equal(await count(page, ".map-label-village"), 0, "no village names at zoom 10");
      assert.equal(await count(page, ".leaflet-tooltip.town"), 30);  // the 30 townships of the 8 counties
      // Every township named, none hidden behind another (in English without "Town" from afar).
      assert.ok((await page.locator(".leaflet-tooltip.town").allTextContents()).includes(w.townFar));
      assert.equal(await count(page, ".leaflet-tooltip.town.collide"), 0, "no township name hidden at zoom 10");
      await page.screenshot({ path: join(shots, `map-z10-${lang}-${width}x${height}.png`) });
      const mapText = await page.textContent("#map");
      assert.doesNotMatch(mapText, uuid, "no id on the map");
      assert.doesNotMatch(mapText, /\bmap\.[a-z_.]+/, "no untranslated key");
      if (lang === "en") assert.doesNotMatch(await page.textContent(".leaflet-control-container"), /[\u4e00-\u9fff]/, "the controls in English");
      await page.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    terminal?.close();
    await browser.close();
    await gateway?.stop();
    await server.stop();
  }
});
