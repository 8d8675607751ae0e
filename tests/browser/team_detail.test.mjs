// A team's detail and its real state on the duty officer's desk: the township squad's detail opens
// from the team list and from its map marker (unit by name, members with skills, contacts, links,
// last fix and its age); a member set off post changes the on-post count; readiness is changed;
// an order from the detail is accepted and set en route by the team lead's handheld (a WebSocket
// stand-in), and the list, the marker's colour and tooltip, and the detail say 在途 / en route, not
// 待命 / available; 20 min later on the server's (manual) clock the marker fades as stale and its
// tooltip says how old the fix is. zh at 1366x768, en at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const TEAM = "T-P0001";

// The page's Leaflet map (test-only hook, as in xss.test.mjs: Leaflet's init hook records the map).
const captureMap = () => {
  let real;
  Object.defineProperty(window, "L", { configurable: true, get: () => real,
    set: (v) => { real = v; v?.Map?.addInitHook(function () { window.__testMap = this; }); } });
};
// The team's marker as drawn: fill colour, dashed (stale) or not.
const markerStyle = (page, at) => page.evaluate(([la, lo]) => {
  for (const l of Object.values(window.__testMap._layers)) {
    if (l.getLatLng && l.options && l.options.fillColor && Math.abs(l.getLatLng().lat - la) < 1e-9 && Math.abs(l.getLatLng().lng - lo) < 1e-9)
      return { fill: l.options.fillColor, dash: l.options.dashArray ?? null, opacity: l.options.fillOpacity, weight: l.options.weight };
  }
  return null;
}, [at.lat, at.lon]);
const markerPoint = (page, at) => page.evaluate(([la, lo]) => {
  const m = window.__testMap;
  m.setView([la, lo], 14, { animate: false });
  const p = m.latLngToContainerPoint([la, lo]), r = m.getContainer().getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
}, [at.lat, at.lon]);
const hoverTip = ".leaflet-tooltip-pane .leaflet-tooltip:not(.town)";
async function tooltipOf(page, at) {
  await page.mouse.move(5, 5);
  await page.waitForFunction((sel) => !document.querySelector(sel), hoverTip);
  const p = await markerPoint(page, at);
  const tip = page.locator(hoverTip);
  for (let i = 0; i < 50 && !(await tip.count()); i++) { await page.mouse.move(p.x + (i % 2), p.y); await page.waitForTimeout(50); }
  await tip.waitFor({ timeout: 5000 });
  return { text: await tip.textContent(), point: p };
}

const W = {
  zh: { unit: "石塘镇", onPost: /在岗 (\d+) \/ 共 (\d+) 人/, enRoute: "在途", available: "待命", standby: "备勤", fixNow: /定位于刚刚/,
    stale: /已过时（20 分钟前）/, pdt: "PDT对讲", ipContact: "手持终端（网络）", heard: /最后联系/, lastFix: "最后定位", readRead: "已读" },
  en: { unit: "Shitang", onPost: /(\d+) of (\d+) on post/, enRoute: "en route", available: "available", standby: "standby", fixNow: /fix just now/,
    stale: /position stale \(fix 20 min ago\)/, pdt: "PDT radio", ipContact: "handheld over IP", heard: /last heard/, lastFix: "Last position fix", readRead: "read" },
};

for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
  test(`a team's detail and real state (${lang}, ${width}x${height})`, async () => {
    const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
    const browser = await launchBrowser();
    const shots = shotDir(binaryDir), errors = [], w = W[lang], clients = [];
    const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
    try {
      const admin = await client(server.port, "admin"); clients.push(admin);
      const lead = await client(server.port, "teamlead"); clients.push(lead);
      const base = ok(await admin.call("team.get", { id: TEAM }), "team.get").team;
      // The squad's handheld reports a fix 1 km north of its base.
      const at = { lat: Math.round((base.lat + 0.009) * 1e5) / 1e5, lon: base.lon };
      ok(await lead.call("team.report_position", { lat: at.lat, lon: at.lon }), "team.report_position");

      const page = await browser.newPage({ viewport: { width, height } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.addInitScript(captureMap);
      await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(page, server.url, "officer");
      await page.waitForSelector(".leaflet-interactive");
      await page.waitForFunction(() => window.__testMap);

      // The list: its state in words and the age of its fix.
      await page.click('#tabs button[data-tab="teams"]');
      const row = page.locator(`tr[data-team="${TEAM}"]`);
      await row.waitFor();
      assert.equal(await row.locator("[data-team-state]").textContent(), w.available);
      assert.match(await row.locator("[data-fix]").textContent(), w.fixNow);

      // The detail from the list row.
      await row.locator("td").first().click();
      const dlg = page.locator("#dialog [data-team-detail] .td-cols");
      await dlg.waitFor();
      let text = await page.textContent("#dialog");
      assert.ok(text.includes(w.unit), "the unit by name");
      assert.ok(text.includes(w.pdt) && /\d{4}/.test(await page.textContent("#dialog .td-contacts")), "contacts with numbers");
      assert.ok(text.includes(w.ipContact), "the IP channel in words, not its bus address");
      assert.ok(!text.includes(`team:${TEAM}`), "no bus address");
      assert.ok(text.includes(w.lastFix));
      assert.match(await page.textContent("#td-fix"), /\d\d:\d\d:\d\d/);
      await until(async () => (await page.locator("#dialog [data-link]").count()) > 0, 10000);
      assert.match(await page.textContent("#dialog .td-links"), w.heard);
      assert.ok((await page.locator("#dialog [data-member]").count()) >= 20, "the members listed");
      assert.doesNotMatch(text, uuid, "no id in the detail");
      if (lang === "zh") assert.doesNotMatch(text, /\b(td|teamstate|fix|age|readiness|kind|chan|health)\.[a-z_]+/, "no key in the zh UI");
      await page.screenshot({ path: join(shots, `team-detail-${lang}-${width}.png`) });

      // A member goes off post: the count follows.
      const [, on0, n0] = (await page.textContent("#td-onpost")).match(w.onPost).map(Number);
      await page.locator('#dialog [data-duty][data-on="0"]').first().click();
      await until(async () => Number((await page.textContent("#td-onpost")).match(w.onPost)?.[1]) === on0 - 1, 10000);
      assert.equal(Number((await page.textContent("#td-onpost")).match(w.onPost)[2]), n0);
      const members = ok(await admin.call("team.get", { id: TEAM }), "team.get").members;
      assert.equal(members.filter((m) => m.on_duty === 1).length, on0 - 1, "recorded on the server");

      // Readiness: the same one is refused in words; standby is recorded.
      await page.selectOption("#dialog select[name=readiness]", "available");
      await page.click("#td-set-readiness");
      assert.ok((await page.textContent("#dialog #dlg-error")).length > 0, "unchanged readiness said");
      await page.selectOption("#dialog select[name=readiness]", "standby");
      await page.click("#td-set-readiness");
      await until(async () => ok(await admin.call("team.get", { id: TEAM }), "team.get").team.readiness === "standby", 10000);
      await until(async () => (await page.textContent("#td-state")) === w.standby, 10000);
      assert.equal(await page.textContent("#dialog #dlg-error"), "");
      await page.click("#dialog [data-close]");
      await until(async () => (await row.locator("[data-team-state]").textContent()) === w.standby, 10000);

      // From the map: the marker's tooltip names it with its fix; a click opens the same detail.
      const tip = await tooltipOf(page, at);
      assert.ok(tip.text.includes(w.standby) && w.fixNow.test(tip.text), tip.text);
      await page.mouse.click(tip.point.x, tip.point.y);
      await dlg.waitFor();
      assert.equal(await page.getAttribute("#dialog [data-team-detail]", "data-team-detail"), TEAM);

      // An order from the detail; the team lead accepts and sets it en route.
      await page.click("#td-order");
      await page.selectOption("#dialog select[name=what]", "evacuate");
      await page.fill("#dialog textarea[name=note]", "转移下洋社区低洼处群众");
      await page.click("#dlg-ok");
      await page.waitForSelector('#tabs button[data-tab="orders"].active');
      const taskId = await page.getAttribute("tr[data-task]", "data-task");
      await until(() => lead.envs.some((e) => e.correlation_id === taskId || e.kind === "order"), 15000);
      const env = lead.envs.find((e) => e.correlation_id === taskId) ?? lead.envs.find((e) => e.kind === "order");
      await lead.accept(env.id);
      await page.waitForSelector("tr[data-task] td.st-acknowledged", { timeout: 15000 });
      ok(await lead.call("task.update_status", { id: taskId, status: "en_route" }), "task.update_status en_route");

      await page.click('#tabs button[data-tab="teams"]');
      await until(async () => (await row.locator("[data-team-state]").textContent()) === w.enRoute, 10000);
      await until(async () => (await markerStyle(page, at))?.fill === "#a78bfa", 10000);
      assert.equal((await markerStyle(page, at)).weight, 3, "the tasked ring");
      const tip2 = await tooltipOf(page, at);
      assert.ok(tip2.text.includes(w.enRoute) && !tip2.text.includes(w.standby), tip2.text);
      await page.screenshot({ path: join(shots, `team-en-route-${lang}-${width}.png`) });
      await row.locator("td").first().click();
      await dlg.waitFor();
      assert.equal(await page.textContent("#td-state"), w.enRoute);
      const task = page.locator(`#dialog .td-tasks li[data-task="${taskId}"]`);
      await task.waitFor();
      assert.ok((await task.textContent()).includes(w.enRoute));
      await until(async () => (await task.locator(".td-delivery").textContent()).includes(w.readRead), 10000);
      text = await page.textContent("#dialog");
      assert.doesNotMatch(text, uuid, "no id in the detail");
      await page.screenshot({ path: join(shots, `team-detail-task-${lang}-${width}.png`) });
      await page.click("#dialog [data-close]");

      // 20 min on the server's clock with no fix: the marker fades, the tooltip says how old.
      ok(await admin.call("clock.advance", { ms: 20 * 60e3 }), "clock.advance");
      await until(async () => (await markerStyle(page, at))?.dash === "3 3", 30000);
      assert.ok((await markerStyle(page, at)).opacity < 0.5);
      const tip3 = await tooltipOf(page, at);
      assert.match(tip3.text, w.stale);
      await until(async () => w.stale.test(await row.locator("[data-fix]").textContent()), 10000);
      assert.ok((await page.textContent(".legend")).length > 0);
      await page.screenshot({ path: join(shots, `team-stale-${lang}-${width}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      for (const c of clients) c.close();
      await browser.close();
      await server.stop();
    }
  });
}
