// The Supplies & hazards tab: the officer orders supplies from a city depot in the console, the
// order is listed with its 2-hour dispatch deadline, only the city's commander is offered (and
// granted) approval, approval tasks the transport team, departure meets the deadline and the
// on-time metric moves from nothing decided to 1/1; hazards show their time limits, the five in
// place and the citizen flag; rotation alerts list the batches expiring within 30 days. Both
// languages, at 1366x768 and 1920x1080, with screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const cjk = /[\u4e00-\u9fff]/;

async function openTab(page) {
  await page.click('#tabs button[data-tab="supplies"]');
  await page.waitForSelector("#supplies .metrics");
}
const ratioOf = (page, sel) => page.locator(`${sel} .ratio`).first().textContent();

test("supplies & hazards: order, approve by the tier's commander, depart, metrics follow", async () => {
  // 2026-12-01 08:00 in Shanghai: the demo's county drinking water (batch 2025-W9) expires on 2026-12-20.
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-12-01T00:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  try {
    const officerApi = await client(server.port, "officer");
    // A citizen's report (随手拍, no login) and an inspector's major hazard, verified by the county.
    const citizen = await fetch(`${server.url}api/citizen/hazards`, { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_key: "browser-test-1", description: "河口镇老街电线杆倾斜", place: { name: "河口镇老街", lat: 28.3169, lon: 120.1995 },
        photo: { ref: "photo://browser-test-1", bytes: 120000 } }) });
    assert.equal(citizen.status, 201);
    const major = await officerApi.call("hazard.report", { title: "滨海化工园区储罐区防火堤开裂", place: { name: "滨海化工园区", lat: 27.95, lon: 120.1 } });
    assert.ok(major.ok, JSON.stringify(major.error));
    assert.ok((await officerApi.call("hazard.assign", { id: major.result.id, unit_id: "county-1" })).ok);
    const verified = await officerApi.call("hazard.verify", { id: major.result.id, valid: true, grade: "major" });
    assert.ok(verified.ok, JSON.stringify(verified.error));
    // A major hazard is reported upward within 1 h (信息报送).
    const up = await officerApi.call("hazard.report_up", { id: major.result.id, text: "滨海化工园区储罐区防火堤开裂，已设警戒区" });
    assert.ok(up.ok && up.result.deadline_met, JSON.stringify(up));

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, server.url, "officer");
    await openTab(page);
    // Metrics: every rate as a percentage and numerator/denominator; nothing decided on time yet.
    for (const m of ["hazard_closure", "expiry", "team_readiness"]) {
      assert.match(await page.textContent(`[data-metric="${m}"] .value`), /^(\d+(\.\d)?%|—)$/, m);
      assert.match(await ratioOf(page, `[data-metric="${m}"]`), /^\d+\/\d+$/, m);
    }
    // The demo's urban-rural fringe campaign (44 of its 48 hazards closed) and this test's two, open.
    assert.equal(await ratioOf(page, '[data-metric="hazard_closure"]'), "44/50");
    assert.match(await ratioOf(page, '[data-metric="team_readiness"]'), /^\d+\/157$/);  // the demo's 157 teams
    assert.equal(await page.textContent('[data-metric="below_minimum"] .value'), "0");
    assert.equal(await page.locator('tr[data-ontime="supply.dispatch"]').count(), 0);

    // Hazards: the major one lacks the five in place; the citizen's is flagged with its 7-day limit.
    const majorRow = page.locator(`tr[data-hazard="${major.result.id}"]`);
    assert.match(await majorRow.textContent(), /重大/);
    assert.equal((await majorRow.locator(".five").textContent()).trim(), "0/5");
    assert.match(await majorRow.locator("table.dls").textContent(), /上报 按时完成/);
    assert.equal(await majorRow.locator("table.dls").textContent().then((x) => /交办|核查/.test(x)), false, "an inspector's hazard has no 1 h / 24 h citizen limits");
    const citizenRow = page.locator("tr[data-hazard]", { hasText: "随手拍" });
    assert.equal(await citizenRow.count(), 1);
    assert.match(await citizenRow.locator("table.dls").textContent(), /整改 [67]天 \d\d:\d\d:\d\d/);
    // The five in place arrive: 5/5 on the next push, without a reload.
    const plan = await officerApi.call("hazard.plan", { id: major.result.id, five_in_place: { measures: "防火堤修复，储罐降液位",
      owner: "园区安环部 周工", funds_yuan: 800000, deadline: "2026-12-20T00:00:00.000Z", target: "防火堤恢复设计防护能力" } });
    assert.ok(plan.ok, JSON.stringify(plan.error));
    await page.waitForFunction((id) => document.querySelector(`tr[data-hazard="${id}"] .five`)?.textContent.trim() === "5/5", major.result.id);

    // Rotation alerts: the county depots' 2025-W9 drinking water expires within 30 days.
    assert.equal(await page.locator('tr[data-rotation="D-county-1/drinking_water/2025-W9"]').count(), 1);
    assert.match(await page.textContent('tr[data-rotation="D-county-1/drinking_water/2025-W9"]'), /饮用水.*剩 19 天/s);

    // The officer orders tents from City Depot 1 in the form, with the township squad to carry them.
    assert.equal(await page.locator("#sup-new-release").count(), 1);
    await page.click("#sup-new-release");
    await page.selectOption("#dialog select[name=depot]", "D-CITY-1");
    await page.fill("#dialog input[name=destination]", "石塘镇安置点（石塘中学）");
    await page.selectOption("#dialog select[name=team]", "T-P0001");
    await page.selectOption("#dialog .rel-line select[name=item]", "tent");
    await page.fill("#dialog .rel-line input[name=qty]", "50");
    await page.click("#dialog #dlg-ok");
    const row = page.locator("tr[data-release]").first();
    await row.waitFor();
    const orderId = await row.getAttribute("data-release");
    assert.match(await row.textContent(), /市应急物资储备一库.*石塘镇安置点.*帐篷 ×50/s);
    assert.equal(await row.locator(".rel-status").textContent(), "待审批");
    assert.match(await row.locator(".approval").textContent(), /待示范市指挥长审批|待.+指挥长审批/);
    // City stock leaves within 2 h of the order (the manual clock stands still; the console's runs on between syncs).
    assert.match(await row.locator(".countdown").textContent(), /^(2:00:00|1:5\d:\d\d)$/);
    // The officer may depart or cancel later but never approve.
    assert.equal(await row.locator('[data-release-op="approve"]').count(), 0);
    assert.equal(await row.locator('[data-release-op="depart"]').count(), 0);
    assert.equal(await row.locator('[data-release-op="cancel"]').count(), 1);
    await page.screenshot({ path: join(shots, "supplies-ordered-1366.png") });

    // The county's commander sees the order (it goes to its township) but is not this depot's
    // approver: no button, and the gate refuses too.
    const county = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(county, server.url, "kcommander");
    await openTab(county);
    await county.locator(`tr[data-release="${orderId}"]`).waitFor();
    assert.equal(await county.locator(`tr[data-release="${orderId}"] [data-release-op="approve"]`).count(), 0);
    const kc = await client(server.port, "kcommander");
    const refused = await kc.call("release.approve", { id: orderId });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, "out_of_scope");  // the city depot is not the county's (schema/scope.json)
    kc.close();

    // Half an hour later the city's commander approves in the console: the squad gets the deliver task.
    const admin = await client(server.port, "admin");
    assert.ok((await admin.call("clock.advance", { ms: 30 * 60 * 1000 })).ok);
    const commander = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    commander.on("pageerror", (e) => errors.push(String(e)));
    await login(commander, server.url, "commander");
    await openTab(commander);
    await commander.click(`tr[data-release="${orderId}"] [data-release-op="approve"]`);
    await commander.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("已审批")`);
    // The officer's screen follows by push: approved, the transport task, and now the depart button.
    await page.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("已审批")`);
    await page.waitForSelector(`tr[data-release="${orderId}"] .transport .st-ordered`);
    assert.match(await row.locator(".transport").textContent(), /石塘镇应急救援队 · 已下达/);
    assert.match(await row.locator(".approval").textContent(), /已审批 12\/01 08:30:00|已审批 .*08:30:00/);
    await page.waitForFunction(() => /^1:[23]\d:\d\d$/.test(document.querySelector("tr[data-release] .countdown")?.textContent ?? ""));

    // Departure meets the dispatch deadline: on time 1/1 = 100%.
    await page.click(`tr[data-release="${orderId}"] [data-release-op="depart"]`);
    await page.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("已出库")`);
    await page.waitForSelector('tr[data-ontime="supply.dispatch"]');
    assert.equal(await ratioOf(page, 'tr[data-ontime="supply.dispatch"]'), "1/1");
    assert.match(await page.textContent('tr[data-ontime="supply.dispatch"]'), /物资出库.*100%/s);
    assert.match(await row.locator("table.dls").textContent(), /按时完成/);
    // The major hazard's report upward was on time too.
    assert.equal(await ratioOf(page, 'tr[data-ontime="hazard.report_up"]'), "1/1");
    // City Depot 1's tents: 600 − 50.
    assert.match(await page.textContent('tr[data-depot="D-CITY-1"]'), /帐篷 550顶/);
    await page.click(`tr[data-release="${orderId}"] [data-release-op="arrive"]`);
    await page.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("已送达")`);
    await page.screenshot({ path: join(shots, "supplies-1366.png") });

    // 通信装备台账: the demo's gaps (南河区 two satellite phones short, 南湾镇 two radios and five of
    // its monitors' handhelds, 青山县 one radio out of service) and the 16 county radios whose monthly
    // check is overdue; a check from the row.
    const ledger = page.locator("#dev-ledger");
    await ledger.scrollIntoViewIfNeeded();
    assert.match(await ledger.textContent(), /通信装备台账.*定额达标 74\/78 项.*按期检查 1404\/1421 台/);
    assert.match(await page.textContent('tr[data-device-target="county-3/satellite_phone"]'), /南河区\s*卫星电话\s*8\/10\s*缺 2 台/);
    assert.match(await page.textContent('tr[data-device-target="P0013/handheld"]'), /南湾镇\s*手持终端\s*15\/20\s*缺 5 台/);
    assert.equal(await page.locator("table.dev-due tr[data-device]").count(), 17);
    assert.match(await page.textContent('tr[data-device="RAD-C2-003"]'), /故障停用/);
    const due = page.locator('tr[data-device="RAD-C1-001"]');
    assert.match(await due.textContent(), /滨海县应急管理局值班员1号.*滨海县应急管理局.*应于 \d{4}-\d\d-\d\d 前检查.*逾期未检/s);
    await page.screenshot({ path: join(shots, "supplies-devices-1366.png") });
    // A fault needs what is wrong; an ok check takes the row off the list (pushed, no reload).
    await due.locator('[data-device-check="fault"]').click();
    assert.match(await page.textContent("#dev-error"), /请写明故障情况/);
    await due.locator('[data-device-check="ok"]').click();
    await until(async () => (await page.locator('tr[data-device="RAD-C1-001"]').count()) === 0);
    assert.equal(await page.locator("table.dev-due tr[data-device]").count(), 16);

    // An observer sees the same tab without a single action.
    const observer = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(observer, server.url, "observer");
    await openTab(observer);
    await observer.locator(`tr[data-release="${orderId}"]`).waitFor();
    assert.equal(await observer.locator("#sup-new-release, [data-release-op]").count(), 0);
    // A team lead may read none of it: no tab.
    const lead = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(lead, server.url, "teamlead");
    assert.equal(await lead.isVisible('#tabs button[data-tab="supplies"]'), false);
    assert.equal(await lead.isVisible('#tabs button[data-tab="duty"]'), true);

    // English: the tab's own strings follow (data such as titles stays as entered).
    await page.click("#lang");
    await page.waitForSelector('#tabs button[data-tab="supplies"]:text("Supplies & hazards")');
    await page.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("arrived")`);
    for (const sel of ["#supplies h3", "#supplies th", ".metric .label", "#supplies button", ".rel-status", ".hz-status", "tr[data-ontime] td:first-child"])
      for (const text of await page.locator(sel).allTextContents()) assert.doesNotMatch(text, cjk, `${sel}: ${text}`);
    assert.match(await page.textContent('tr[data-depot="D-CITY-1"]'), /City Reserve Depot 1.*Tent 550 pcs/s);
    assert.match(await page.textContent('tr[data-ontime="supply.dispatch"]'), /Supplies leave depot.*100%.*1\/1/s);
    await page.screenshot({ path: join(shots, "supplies-en-1366.png") });

    // The wall screen: 1920x1080 in English (the language is remembered), then Chinese.
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    wall.on("pageerror", (e) => errors.push(String(e)));
    await login(wall, server.url, "officer");
    await openTab(wall);
    await wall.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("arrived")`);
    await wall.screenshot({ path: join(shots, "supplies-en-1920.png") });
    await wall.click("#lang");
    await wall.waitForSelector(`tr[data-release="${orderId}"] .rel-status:text("已送达")`);
    await wall.screenshot({ path: join(shots, "supplies-1920.png") });
    assert.deepEqual(errors, []);
    officerApi.close(); admin.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
