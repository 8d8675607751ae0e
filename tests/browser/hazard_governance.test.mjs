// Hazard governance from the console (issue 20, schema/hazards.md "Governance"), on a manual clock
// from Wednesday 30 September 2026: the township desk confirms its October ledger before the 5th
// from its own row; on 11 October the centre sees every other unit's ledger overdue with the counts,
// draws the Q3 look-back (回头看) sample, marks one re-check ok and one recurred (the hazard is open
// again and goes on the exposure board beside a hazard overdue more than 7 days, with its unit and
// responsible person); a major hazard is accepted by 滨海县's desk (the city's desk only sees that it
// waits for the county) and then closed out by the city (the county only sees that it waits for the
// city). Chinese and English, no ids or keys on the screen, screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { advanceClock, client, launchBrowser, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const HOUR = 3600 * 1000, DAY = 24 * HOUR;
let server, browser, shots;
const errors = [];

before(async () => {
  server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-09-30T01:00:00.000Z"]);
  browser = await launchBrowser();
  shots = shotDir(binaryDir);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
const advance = (ms) => advanceClock(server.port, ms);
async function openPage(user, lang = "zh", viewport = { width: 1366, height: 768 }) {
  const page = await openDesk(browser, server.url, user, { lang, ...viewport, errors });
  await page.click('#tabs button[data-tab="supplies"]');
  await page.waitForSelector("#hz-governance");
  return page;
}
// Nothing on the governance section is an id, a key or JSON.
async function assertReadable(page) {
  const text = await page.textContent("#hz-governance");
  assert.doesNotMatch(text, uuid);
  assert.doesNotMatch(text, /\b(gov|hz|unitkind|grade)\.[a-z_]+/);
  assert.doesNotMatch(text, /[{}]|undefined|null|NaN|ledger\/|lookback\//);
}

test("ledgers, look-back, exposure board and the two-step close-out of a major hazard", async () => {
  const officer = await client(server.port, "officer");
  const place = (name) => ({ name, lat: 27.9, lon: 120.0 });
  // Three general hazards of 石塘镇 closed in Q3, each with its responsible person.
  const closed = [];
  for (const title of ["石塘镇农贸市场灭火器过期", "石塘镇中学疏散指示缺失", "石塘镇加油站静电接地损坏"]) {
    const id = ok(await officer.call("hazard.report", { title, grade: "general", unit_id: "P0001", place: place(title) })).id;
    ok(await officer.call("hazard.assign", { id, unit_id: "P0001" }));
    ok(await officer.call("hazard.verify", { id, valid: true, grade: "general" }));
    ok(await officer.call("hazard.plan", { id, five_in_place: { target: "消除隐患", measures: "更换、补设", deadline: "2026-10-30T08:00:00.000Z", funds_yuan: 3000, owner: "石塘镇安监站 李明" } }));
    ok(await officer.call("hazard.rectified", { id }));
    ok(await officer.call("hazard.accept", { id, passed: true }));
    closed.push(id);
  }
  // A general hazard nobody rectifies: due 3 October, on the board after 10 October.
  const late = ok(await officer.call("hazard.report", { title: "港口镇冷库氨管锈蚀", grade: "general", unit_id: "P0007", place: place("港口镇冷库") })).id;
  // A major hazard of 石塘镇 rectified and waiting for acceptance.
  const major = ok(await officer.call("hazard.report", { title: "石塘镇尾矿库超设计库容", unit_id: "P0001", place: place("石塘镇尾矿库") })).id;
  ok(await officer.call("hazard.assign", { id: major, unit_id: "P0001" }));
  ok(await officer.call("hazard.verify", { id: major, valid: true, grade: "major" }));
  ok(await officer.call("hazard.plan", { id: major, five_in_place: { target: "库容降至设计值以下", measures: "清库、加高坝体", deadline: "2026-11-30T08:00:00.000Z", funds_yuan: 2000000, owner: "青山矿业 王建国" } }));
  ok(await officer.call("hazard.rectified", { id: major }));
  officer.close();

  // 1 October 01:00 local: the month's ledgers are asked for, due 5 October.
  await advance(16 * HOUR);
  const town = await openPage("town1");
  const own = town.locator('tr[data-ledger="P0001"]');
  assert.equal(await town.locator("tr[data-ledger]").count(), 1, "a township desk sees its own ledger");
  assert.equal(await own.getAttribute("data-state"), "due");
  assert.match(await town.textContent("#hz-governance h3"), /四级隐患台账 · 2026年10月（每月5日前更新）/);
  assert.match(await own.textContent(), /乡镇级.*待更新.*在办 1 · 已销号 3/s);
  assert.equal(await town.locator("#gov-lb-draw").count(), 0, "the look-back is the city's");
  assert.equal(await town.locator("table.exposure").count(), 0, "the board is the centre's");
  await town.screenshot({ path: join(shots, "hazard-governance-town-due-1366.png"), fullPage: true });
  await own.locator("[data-ledger-confirm]").click();
  await town.waitForSelector('tr[data-ledger="P0001"][data-state="updated"]');
  assert.match(await own.textContent(), /已更新/);
  assert.equal(await own.locator("[data-ledger-confirm]").count(), 0);
  await assertReadable(town);
  await town.close();

  // 11 October 01:00 local: the other ledgers are overdue, the unrectified hazard 7 days past its limit.
  await advance(10 * DAY);
  const desk = await openPage("officer");
  const units = Number(await desk.locator("tr[data-ledger]").count());
  assert.ok(units >= 16);
  assert.equal(await desk.getAttribute(".ledger-totals", "data-updated"), "1");
  assert.equal(await desk.getAttribute(".ledger-totals", "data-overdue"), String(units - 1));
  assert.match(await desk.textContent(".ledger-totals"), new RegExp(`已按时更新 1/${units} · 逾期后更新 0 · 逾期未更新 ${units - 1} · 待更新 0`));
  assert.deepEqual(await desk.locator("[data-ledger-confirm]").evaluateAll((bs) => bs.map((b) => b.dataset.ledgerConfirm)), ["city"],
    "the city confirms only its own ledger (late)");
  assert.equal(await desk.getAttribute('tr[data-ledger="city"]', "data-state"), "overdue");
  // The board: the overdue hazard, its unit, and nobody named (no five in place).
  const exposed = desk.locator(`tr[data-exposed="${late}"]`);
  assert.match(await exposed.textContent(), /港口镇冷库氨管锈蚀.*本周曝光.*港口镇.*未落实责任人.*整改逾期 7 日/s);
  // The county's acceptance is not the city's: the row says what the hazard waits for.
  const majorRow = desk.locator(`tr[data-hazard="${major}"]`);
  assert.equal(await majorRow.locator('[data-hz-op="county_accept"], [data-hz-op="accept"]').count(), 0);
  assert.match(await majorRow.locator(".hz-wait").textContent(), /待县级验收/);

  // 回头看: the Q3 sample at 100 %, one ok, one recurred.
  await desk.click("#gov-lb-draw");
  assert.match(await desk.textContent("#dialog"), /2026年第3季度/);
  await desk.fill("#dialog input[name=rate]", "0");
  await desk.click("#dialog #dlg-ok");
  assert.equal(await desk.textContent("#dialog #dlg-error"), "抽样比例须为 1–100 的整数");
  await desk.fill("#dialog input[name=rate]", "100");
  await desk.click("#dialog #dlg-ok");
  await desk.waitForSelector('.lookback[data-quarter="2026-Q3"] tr[data-lb-hazard]');
  assert.match(await desk.textContent('.lookback[data-quarter="2026-Q3"] p'), /2026年第3季度：已销号隐患 3 件，按 100% 抽取 3 件/);
  const items = await desk.locator("tr[data-lb-hazard]").evaluateAll((rs) => rs.map((r) => r.dataset.lbHazard));
  assert.deepEqual([...items].sort(), [...closed].sort());
  await desk.click(`[data-lb-ok="${items[0]}"]`);
  await desk.waitForSelector(`tr[data-lb-hazard="${items[0]}"][data-result="ok"]`);
  assert.equal(await desk.locator("#gov-lb-draw").count(), 0, "one draw a quarter");
  await desk.click(`[data-lb-recurred="${items[1]}"]`);
  await desk.click("#dialog #dlg-ok");
  assert.equal(await desk.textContent("#dialog #dlg-error"), "请写明复查发现的问题");
  await desk.fill("#dialog textarea[name=note]", "疏散指示再次缺失");
  await desk.click("#dialog #dlg-ok");
  await desk.waitForSelector(`tr[data-lb-hazard="${items[1]}"][data-result="recurred"]`);
  await desk.waitForSelector(`tr[data-exposed="${items[1]}"]`);
  assert.match(await desk.textContent(`tr[data-exposed="${items[1]}"]`), /石塘镇.*石塘镇安监站 李明.*2026年第3季度回头看发现反弹/s);
  assert.match(await desk.textContent('.lookback[data-quarter="2026-Q3"] p'), /已复查 2\/3 · 复查不合格 1\/3/);
  await desk.waitForSelector(`tr[data-hazard="${items[1]}"][data-status="rectifying"]`);
  await assertReadable(desk);
  await desk.screenshot({ path: join(shots, "hazard-governance-centre-1366.png"), fullPage: true });

  // 县级验收 by 滨海县's desk; the county may not close it out.
  const county = await openPage("county1");
  const countyRow = county.locator(`tr[data-hazard="${major}"]`);
  await countyRow.locator('[data-hz-op="county_accept"]').click();
  assert.match(await county.textContent("#dialog h2"), /重大隐患县级验收/);
  await county.click("#dialog #dlg-ok");
  await county.waitForSelector(`tr[data-hazard="${major}"][data-status="accepted"]`);
  assert.match(await countyRow.textContent(), /县级已验收，待市级销号/);
  assert.equal(await countyRow.locator('[data-hz-op="close_out"]').count(), 0);
  assert.match(await countyRow.locator(".hz-wait").textContent(), /待市级销号/);
  await county.close();

  // 市级销号 by the city.
  await desk.waitForSelector(`tr[data-hazard="${major}"][data-status="accepted"] [data-hz-op="close_out"]`);
  await desk.click(`tr[data-hazard="${major}"] [data-hz-op="close_out"]`);
  assert.match(await desk.textContent("#dialog h2"), /重大隐患市级销号/);
  assert.match(await desk.textContent("#dialog"), /县级验收通过于/);
  await desk.click("#dialog #dlg-ok");
  await desk.waitForSelector(`tr[data-hazard="${major}"][data-status="closed"]`);
  await desk.close();

  // The same screen in English.
  const en = await openPage("officer", "en", { width: 1920, height: 1080 });
  assert.match(await en.textContent("#hz-governance h3"), /Four-level hazard ledgers · October 2026 \(updated before the 5th\)/);
  assert.match(await en.textContent(".ledger-totals"), /Updated on time 1\//);
  assert.match(await en.textContent('.lookback[data-quarter="2026-Q3"] p'), /Q3 2026: 3 hazards closed, 3 drawn at 100%/);
  assert.match(await en.textContent(`tr[data-exposed="${late}"]`), /Rectification 7 days overdue/);
  assert.doesNotMatch(await en.textContent("#hz-governance"), /台账|曝光|回头看|抽取|待更新|已销号/);  // names of places are data
  await assertReadable(en);
  await en.screenshot({ path: join(shots, "hazard-governance-en-1920.png"), fullPage: true });
  await en.close();
  assert.deepEqual(errors, []);
});
