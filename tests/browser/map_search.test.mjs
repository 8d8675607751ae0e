// The duty officer finds things: one search box on the map for teams, incidents, people (team
// members, by name) and places, grouped, each opening what was found; the open hazards of the
// ledger on the map as triangles (a new one appears when it is reported, the 隐患 overlay switches
// them off, a click opens the hazard's detail); the team list filtered by text and by state and
// sorted by the age of the fix. zh at 1366x768, the search box again in English.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, tooltipAt, until } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("one search for teams, incidents, people and places; hazards on the map; the team list filtered and sorted", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [], clients = [];
  const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
  try {
    const officer = await client(server.port, "officer"); clients.push(officer);
    const lead = await client(server.port, "teamlead"); clients.push(lead);
    const inc = ok(await officer.call("incident.create", { type: "flood", title: "渔港码头进水", unit_id: "P0007",
      place: { name: "港口镇渔港", lat: 27.99, lon: 120.31 } }), "incident.create");
    const hazard = ok(await officer.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 } }), "hazard.report");
    const squad = ok(await officer.call("team.get", { id: "T-P0007" }), "team.get");
    const person = squad.members.find((m) => m.role !== "lead") ?? squad.members[0];

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(() => localStorage.setItem("lifeline.lang", "zh"));
    await login(page, server.url, "officer");

    // 隐患 on the map: the open hazard where it was reported, said in words; a new one appears.
    const mark = `.hazard-marker[data-hazard="${hazard.id}"]`;
    await page.waitForSelector(mark);
    assert.equal(await page.getAttribute(mark, "data-grade"), "none");
    const box = await page.locator(mark).boundingBox();  // the triangle's lower middle: inside its shape
    assert.match(await tooltipAt(page, { x: box.x + box.width / 2, y: box.y + box.height * 0.7 }), /^隐患 · 未定级 · 松溪镇便桥桥墩冲刷 · 已上报$/);
    await page.mouse.move(5, 5);
    const second = ok(await officer.call("hazard.report", { title: "石塘镇后山裂缝", place: { name: "石塘镇", lat: 27.95, lon: 120.11 } }), "hazard.report 2");
    await page.waitForSelector(`.hazard-marker[data-hazard="${second.id}"]`, { timeout: 15000 });
    await page.click("#map-layers summary");
    await page.uncheck("#map-layer-hazards");
    assert.equal(await page.locator(".hazard-marker").count(), 0, "the 隐患 overlay switched off");
    await page.check("#map-layer-hazards");
    await page.click("#map-layers summary");
    await page.click(mark);
    await page.waitForSelector(".hz-detail");
    assert.match(await page.textContent(".hz-detail h2"), /松溪镇便桥桥墩冲刷/);
    await page.keyboard.press("Escape");

    // The search: a person by name, with their team; picking them opens the team's detail.
    const search = "#map-place-search";
    assert.equal(await page.getAttribute(search, "placeholder"), "搜索队伍、事件、人员、地名");
    await page.fill(search, person.name);
    const personOption = page.locator('[data-group="person"] .place-option', { hasText: person.name }).first();
    await personOption.waitFor();
    assert.match(await personOption.textContent(), /港口镇应急救援队/);
    await personOption.click();
    await page.waitForSelector('[data-team-detail="T-P0007"]');
    await page.keyboard.press("Escape");
    // An incident by its number: its dialog.
    await page.fill(search, inc.number);
    await page.locator('[data-group="incident"] .place-option', { hasText: "渔港码头进水" }).click();
    await page.waitForFunction((n) => document.querySelector("#dialog-body h2")?.textContent.includes(n), `${inc.number} 渔港码头进水`);
    await page.keyboard.press("Escape");
    // A township's name finds its squad and the place, in their groups.
    await page.fill(search, "港口镇");
    await page.waitForSelector('[data-group="place"] .place-option');
    assert.ok(await page.locator('[data-group="team"] .place-option', { hasText: "港口镇应急救援队" }).count());
    assert.ok(await page.locator('[data-group="place"] .place-option', { hasText: "港口镇" }).count());
    await page.screenshot({ path: join(shots, "map-search-zh-1366x768.png") });
    await page.locator('[data-group="team"] .place-option', { hasText: "港口镇应急救援队" }).first().click();
    await page.waitForSelector('[data-team-detail="T-P0007"]');
    await page.keyboard.press("Escape");

    // The team list: every team at first; filtered by text; by state (on a task); sorted by fix age.
    await page.click('#tabs button[data-tab="teams"]');
    await page.waitForSelector("#tl-count");
    const total = ok(await officer.call("team.list", {}), "team.list").teams.length;
    assert.equal(await page.textContent("#tl-count"), `显示 ${total} / ${total} 支队伍`);
    await page.fill("#tl-q", "港口镇");
    await until(async () => (await page.textContent("#tl-count")) !== `显示 ${total} / ${total} 支队伍`);
    const names = await page.locator("#tl-body tr[data-team]").allTextContents();
    assert.ok(names.length >= 2 && names.every((n) => n.includes("港口镇")), names.join(" | "));
    assert.ok(names.length < total);
    await page.screenshot({ path: join(shots, "team-list-filter-zh-1366x768.png") });
    await page.fill("#tl-q", "");
    ok(await officer.call("task.assign", { team_id: "T-P0007", what: "patrol", incident_id: inc.id, note: "巡查渔港" }), "task.assign");
    await page.selectOption("#tl-state", "tasked");
    await until(async () => (await page.locator("#tl-body tr[data-team]").count()) === 1);
    assert.equal(await page.getAttribute("#tl-body tr[data-team]", "data-team"), "T-P0007");
    await page.selectOption("#tl-state", "all");
    ok(await lead.call("team.report_position", { lat: 27.96, lon: 120.12 }), "team.report_position");
    await page.selectOption("#tl-sort", "fix");
    await until(async () => (await page.locator("#tl-body tr[data-team]").last().getAttribute("data-team")) === "T-P0001");
    await page.fill("#tl-q", "no such team");
    await page.waitForSelector("#tl-none:not([hidden])");

    // In English the box says what it searches.
    await page.click("#lang");
    assert.equal(await page.getAttribute(search, "placeholder"), "Search teams, incidents, people, places");
    await page.fill(search, "Gangkou");
    await page.waitForSelector('[data-group="place"] .place-option');
    assert.match(await page.textContent('[data-group="team"] .search-head'), /Teams/);
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    await browser.close();
    await server.stop();
  }
});
