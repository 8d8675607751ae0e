// 待我审批 on the commander's desk: a serious accident (11 dead) makes the rules propose level II for
// the commander, and the duty officer orders tents from a city depot, which the city commander
// approves. The commander's top strip counts both, the approvals screen names them in words (the
// incident's number and title, the rule's title, depot → destination) and approving each settles
// it on the server and in the strip. The duty leader, who approves neither, is shown nothing.
// zh at 1366x768, en at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the commander sees and approves what waits for the commander", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const officer = await client(server.port, "officer");
    const commanderApi = await client(server.port, "commander");
    const page = async (user, lang, width, height) => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.on("pageerror", (e) => errors.push(String(e)));
      await p.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(p, server.url, user);
      return p;
    };
    const chief = await page("commander", "zh", 1366, 768);
    const leader = await page("leader", "en", 1920, 1080);
    assert.equal(await chief.locator("#glance-approvals").count(), 0, "nothing waits at first");

    const inc = await officer.call("incident.create", { type: "hazardous_chemicals", title: "港区危化品仓库爆炸", unit_id: "P0007",
      place: { name: "港口镇", lat: 27.85, lon: 120.5 }, casualties: { dead: 11, missing: 0, injured: 4 } });
    assert.ok(inc.ok, JSON.stringify(inc.error));
    const rel = await officer.call("release.order", { depot_id: "D-CITY-2", destination: "港口镇安置点", incident_id: inc.result.id,
      lines: [{ item: "tent", qty: 10 }] });
    assert.ok(rel.ok, JSON.stringify(rel.error));

    await until(async () => /待我审批 2/.test(await chief.textContent("#glance")), 15000);
    await chief.bringToFront();  // a page in the background gets no animation frames (the console renders on them)
    await chief.click("#glance-approvals");
    const level = chief.locator("#approval-levels tr[data-proposal]");
    await level.first().waitFor();
    assert.equal(await level.count(), 1);
    const text = await level.textContent();
    assert.match(text, /港区危化品仓库爆炸/);
    assert.match(text, /重大事故：建议 II 级响应/);
    assert.match(text, /II/);
    const release = chief.locator(`#approval-releases tr[data-release="${rel.result.id}"]`);
    assert.match(await release.textContent(), /→ 港口镇安置点/);
    assert.doesNotMatch(await chief.textContent("#panel"), uuid, "no id on the screen");
    await chief.screenshot({ path: join(shots, "approvals-zh-1366x768.png") });

    // The duty leader approves neither: no count, and the screen says so.
    assert.equal(await leader.locator("#glance-approvals").count(), 0);
    await leader.bringToFront();
    await leader.click('#tabs button[data-tab="approvals"]');
    await until(async () => /Nothing awaits your approval/.test(await leader.textContent("#panel")), 15000);
    await leader.screenshot({ path: join(shots, "approvals-en-1920x1080.png") });

    await chief.bringToFront();
    await level.locator("[data-approve-proposal]").click();
    await until(async () => (await officer.call("incident.get", { id: inc.result.id })).result.incident?.level === 2, 15000)
      .catch(async () => assert.fail(JSON.stringify((await officer.call("incident.get", { id: inc.result.id })).result)));
    await until(async () => /待我审批 1/.test(await chief.textContent("#glance")), 15000);
    await release.locator("[data-approve-release]").click();
    await until(async () => (await commanderApi.call("release.list", { awaiting_my_approval: true })).result.orders.length === 0, 15000);
    await until(async () => (await chief.locator("#glance-approvals").count()) === 0, 15000);
    await until(async () => /没有待审批事项/.test(await chief.textContent("#panel")), 15000);
    officer.close(); commanderApi.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
