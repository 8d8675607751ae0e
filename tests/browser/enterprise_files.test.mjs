// Enterprise files (一企一档) and the dishonesty list from the console (issue 20, schema/hazards.md
// "Enterprise files", "Exposure board"), on a manual clock from Wednesday 30 September 2026: 石塘镇's
// desk sees the enterprises in 石塘镇, records a watch-list enterprise's self-inspection and two
// inspections from the row (a count typed in words is refused in the dialog), a screening round of
// the township (隐患排查) and opens the enterprise's file; a
// hazard found at that enterprise goes unfixed; the centre publishes the exposure board on 11 and
// on 18 October, and the enterprise, exposed two weeks in a row, is on the dishonesty list on both
// desks. Chinese and English, no ids or keys on the screen, screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { advanceClock, client, launchBrowser, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const DAY = 24 * 3600 * 1000;
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
  await page.waitForSelector("table.enterprises");
  return page;
}
// Nothing on the section or its dialog is an id, a key or JSON.
async function assertReadable(page, selector) {
  const text = await page.textContent(selector);
  assert.doesNotMatch(text, uuid);
  assert.doesNotMatch(text, /\b(ent|scr|gov|hz|grade)\.[a-z_]+/);
  assert.doesNotMatch(text, /ENT-C|[{}]|undefined|null|NaN|self_inspection|hazmat|\d{4}-W\d|-H[12]\b/);
}

test("an enterprise's filings, its file, two weeks on the exposure board and the dishonesty list", async () => {
  const town = await openPage("town1");
  const rows = await town.locator("tr[data-enterprise]").evaluateAll((rs) => rs.map((r) => r.dataset.enterprise));
  assert.ok(rows.length >= 1 && rows.includes("ENT-C1-01"), rows.join());
  const row = town.locator('tr[data-enterprise="ENT-C1-01"]');
  assert.match(await row.textContent(), /滨海精细化工有限公司.*危险化学品.*重点监管.*石塘镇.*未报送.*0\/2 次.*未报送/s);

  // The month's self-inspection from the row: a count in words is refused before it is sent.
  await row.locator("[data-ent-record]").click();
  assert.match(await town.textContent("#dialog h2"), /登记自查、检查或演练 · 滨海精细化工有限公司/);
  await town.fill("#dialog input[name=found]", "三");
  await town.click("#dialog #dlg-ok");
  assert.equal(await town.textContent("#dialog #dlg-error"), "发现隐患数须为 0 或正整数");
  await town.fill("#dialog input[name=found]", "3");
  await town.fill("#dialog textarea[name=note]", "液氯库房通风不良、消防通道堵塞");
  await town.click("#dialog #dlg-ok");
  await town.waitForFunction(() => document.querySelector('tr[data-enterprise="ENT-C1-01"] td:nth-child(3)')?.textContent.includes("已报送"));
  // Two inspections of the watch list this month.
  for (const found of ["1", "0"]) {
    await town.locator('tr[data-enterprise="ENT-C1-01"] [data-ent-record]').click();
    await town.selectOption("#dialog select[name=kind]", "inspection");
    await town.fill("#dialog input[name=found]", found);
    await town.click("#dialog #dlg-ok");
    await town.waitForSelector("#dialog", { state: "hidden" });
  }
  await town.waitForFunction(() => document.querySelector('tr[data-enterprise="ENT-C1-01"] td:nth-child(4)')?.textContent.includes("2/2"));
  await assertReadable(town, "#enterprise-files");
  await town.locator("#enterprise-files").screenshot({ path: join(shots, "enterprise-files-town-1366.png") });
  await town.locator("#hz-screening").screenshot({ path: join(shots, "hazard-screening-town-1366.png") });

  // A screening round of the township itself, from its row of 隐患排查.
  const scr = town.locator('tr[data-screening="P0001"]');
  assert.match(await scr.textContent(), /石塘镇.*尚未排查/s);
  await scr.locator("[data-round-record]").click();
  assert.match(await town.textContent("#dialog h2"), /登记隐患排查 · 石塘镇/);
  await town.fill("#dialog input[name=found]", "2");
  await town.fill("#dialog textarea[name=note]", "农贸市场、加油站");
  await town.click("#dialog #dlg-ok");
  await town.waitForSelector('tr[data-screening="P0001"][data-rounds="1"]');
  assert.match(await town.textContent('tr[data-screening="P0001"]'), /1 次，发现隐患 2 项/);
  assert.match(await town.textContent("#hz-screening"), /乡镇 · 2026年第40周.*村 · 2026年9月下半月/s);
  await assertReadable(town, "#hz-screening");

  // The township leader's weekly inspection (领导带队检查), from its row: who led it is asked for.
  const ldr = town.locator('tr[data-inspection="P0001"]');
  assert.match(await ldr.textContent(), /石塘镇.*尚未检查/s);
  await ldr.locator("[data-round-record]").click();
  assert.match(await town.textContent("#dialog h2"), /登记领导带队检查 · 石塘镇/);
  await town.fill("#dialog input[name=found]", "1");
  await town.click("#dialog #dlg-ok");
  assert.equal(await town.textContent("#dialog #dlg-error"), "请填写带队领导");
  await town.fill("#dialog input[name=leader]", "镇长 刘强");
  await town.click("#dialog #dlg-ok");
  await town.waitForSelector('tr[data-inspection="P0001"][data-rounds="1"]');
  assert.match(await town.textContent('tr[data-inspection="P0001"]'), /1 次，发现隐患 1 项/);
  assert.match(await town.textContent("#hz-inspections"), /乡镇 · 2026年第40周/);
  await assertReadable(town, "#hz-inspections");
  await town.locator("#hz-inspections").screenshot({ path: join(shots, "leader-inspections-town-1366.png") });

  // Its file: the filings with who recorded them.
  await town.click('[data-ent-file="ENT-C1-01"]');
  await town.waitForSelector("#dialog table.ent-filings");
  assert.match(await town.textContent("#dialog"), /企业档案 · 滨海精细化工有限公司.*安全负责人.*自查、检查与演练（3）.*监管检查.*企业月度自查.*发现隐患 3 项.*石塘镇值班员/s);
  await assertReadable(town, "#dialog");
  await town.screenshot({ path: join(shots, "enterprise-file-dialog-1366.png") });
  await town.keyboard.press("Escape");

  // A hazard found at the enterprise, never fixed: 3 days to fix, then on the board past 7 overdue.
  const officer = await client(server.port, "officer");
  ok(await officer.call("hazard.report", { title: "液氯钢瓶库房通风不良", grade: "general", enterprise_id: "ENT-C1-01",
    place: { name: "滨海精细化工有限公司", lat: 27.9, lon: 120.0 } }));
  officer.close();
  await advance(11 * DAY);  // Sunday 11 October, 09:00 local: week 41
  const desk = await openPage("officer");
  await desk.waitForSelector("#gov-ex-publish");
  assert.match(await desk.textContent("table.exposure"), /液氯钢瓶库房通风不良.*企业：滨海精细化工有限公司/s);
  await desk.click("#gov-ex-publish");
  assert.match(await desk.textContent("#dialog"), /连续两周被曝光的企业将列入失信名单/);
  await desk.click("#dialog #dlg-ok");
  await desk.waitForSelector("#gov-ex-published");
  assert.match(await desk.textContent("#gov-ex-published"), /本周（2026年第41周）已于 .* 发布/);
  assert.equal(await desk.locator(".dishonest-list").count(), 0, "one week is not two in a row");
  await desk.close();

  await advance(7 * DAY);  // week 42: still unfixed
  const desk2 = await openPage("officer");
  await desk2.click("#gov-ex-publish");
  await desk2.click("#dialog #dlg-ok");
  await desk2.waitForSelector('.dishonest-list li[data-dishonest="ENT-C1-01"]');
  assert.match(await desk2.textContent(".dishonest-list"), /失信名单.*滨海精细化工有限公司.*石塘镇.*2026年第41周、2026年第42周连续曝光/s);
  await assertReadable(desk2, "#enterprise-files");
  await assertReadable(desk2, "#hz-governance");
  await desk2.screenshot({ path: join(shots, "enterprise-dishonesty-centre-1366.png"), fullPage: true });
  // The sections themselves (the screen scrolls inside its panel).
  await desk2.locator("#hz-screening").screenshot({ path: join(shots, "hazard-screening-centre-1366.png") });
  await desk2.locator("#enterprise-files").screenshot({ path: join(shots, "enterprise-files-centre-1366.png") });
  await desk2.close();

  // 石塘镇's desk sees its enterprise marked, and cannot take it off the list (the city's to do).
  await town.close();
  const again = await openPage("town1");
  assert.match(await again.textContent('tr[data-enterprise="ENT-C1-01"]'), /失信/);
  assert.match(await again.textContent('tr[data-enterprise="ENT-C1-01"]'), /曝光 2 周/);
  assert.equal(await again.locator("[data-ent-restore]").count(), 0);
  await again.close();

  // English.
  const en = await openPage("officer", "en", { width: 1920, height: 1080 });
  assert.match(await en.textContent("#ent-files"), /Enterprise files .*48 enterprises.*28 on the watch list.*1 dishonest/);
  assert.match(await en.textContent(".dishonest-list"), /Dishonesty list.*Binhai Fine Chemicals Co\..*exposed week 41 of 2026 and week 42 of 2026/s);
  await assertReadable(en, "#enterprise-files");
  assert.doesNotMatch(await en.textContent("#supplies .dishonest-list"), /失信|曝光|企业/);
  await en.locator("#enterprise-files").screenshot({ path: join(shots, "enterprise-files-en-1920.png") });
  await en.close();
  assert.deepEqual(errors, []);
});
