// The urban-rural fringe campaign (城乡结合部专项排查, issue 20, seed-digest §4 "monthly in October and
// November, with a rectification target ≥ 95 %") from the console, on a manual clock on Tuesday
// 10 November 2026: 滨海县's desk sees its October round and its hazards rectified against 95 %,
// records November's round from its row, and reports a hazard found in the campaign, which the
// hazard list marks and the rectification counts. The city's desk sees every county in English.
// Then the device ledger shows 南湾镇's monitors five handhelds short. No ids or keys on the screen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
let server, browser, shots;
const errors = [];

before(async () => {
  server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-11-10T01:00:00.000Z"]);
  browser = await launchBrowser();
  shots = shotDir(binaryDir);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openSupplies(user, lang = "zh", viewport = { width: 1366, height: 768 }) {
  const page = await openDesk(browser, server.url, user, { lang, ...viewport, errors });
  await page.click('#tabs button[data-tab="supplies"]');
  await page.waitForSelector("#hz-fringe");
  return page;
}
async function assertReadable(page, selector) {
  const text = await page.textContent(selector);
  assert.doesNotMatch(text, uuid);
  assert.doesNotMatch(text, /\b(frg|scr|hz|dev)\.[a-z_]+/);
  assert.doesNotMatch(text, /county-\d|urban_rural|[{}]|undefined|null|NaN/);
}

test("a county records its fringe round and the campaign's rectification is counted against 95 %", async () => {
  const county = await openSupplies("county1");
  const row = county.locator('tr[data-fringe="county-1"]');
  assert.equal(await county.locator("tr[data-fringe]").count(), 1, "a county desk sees its own county");
  assert.match(await county.textContent("#hz-fringe h3"), /2026年城乡结合部隐患专项排查（10月、11月每月一次，整改率≥95%）/);
  assert.match(await row.locator('[data-month="2026-10"]').textContent(), /1 次，发现隐患 3 项（10月15日）/);
  assert.match(await row.textContent(), /5\/6 · 83\.3%/);
  assert.match(await county.textContent(".fringe-totals"), /合计：台账中专项排查隐患 6 项，已整改 5 项（83\.3%，目标≥95%）/);

  // November's round, from the row.
  await row.locator("[data-round-record]").click();
  assert.match(await county.textContent("#dialog h2"), /登记城乡结合部专项排查 · 滨海县/);
  await county.fill("#dialog input[name=found]", "2");
  await county.fill("#dialog textarea[name=note]", "城中村出租屋、废品收购站");
  await county.click("#dialog #dlg-ok");
  await county.waitForSelector('tr[data-fringe="county-1"] [data-month="2026-11"][data-state="done"]');
  assert.match(await row.locator('[data-month="2026-11"]').textContent(), /1 次，发现隐患 2 项/);
  await assertReadable(county, "#hz-fringe");
  await county.locator("#hz-fringe").screenshot({ path: join(shots, "fringe-county-1366.png") });

  // A hazard the round found, reported from the hazard list with the campaign ticked.
  await county.click("#hz-new");
  await county.fill("#dialog input[name=title]", "城郊结合部废品站易燃物堆放");
  await county.fill("#dialog input[name=place]", "滨海县城郊结合部");
  await county.check("#dialog input[name=fringe]");
  await county.click("#dialog #dlg-ok");
  await county.waitForSelector('.fringe-totals[data-denominator="7"]');
  assert.match(await county.textContent(".fringe-totals"), /台账中专项排查隐患 7 项，已整改 5 项/);
  const listed = county.locator("table.hazards > tbody > tr", { hasText: "城郊结合部废品站易燃物堆放" }).first();
  assert.match(await listed.textContent(), /城乡结合部专项/);
  await county.close();

  // The centre: every county, in English; 南河区 missed nothing it was asked (November began before
  // the demo did), so its November reads "Not asked".
  const en = await openSupplies("officer", "en", { width: 1920, height: 1080 });
  assert.equal(await en.locator("tr[data-fringe]").count(), 8);
  assert.match(await en.textContent("#hz-fringe h3"), /Urban-rural fringe screening 2026 \(monthly in October and November, ≥95% rectified\)/);
  assert.match(await en.textContent('tr[data-fringe="county-3"]'), /Not asked/);
  assert.match(await en.textContent(".fringe-totals"), /In all: 49 campaign hazards in the ledger, 44 rectified \(89\.8%; target ≥95%\)/);
  // And among the screen's metrics, short of its target.
  assert.match(await en.textContent('[data-metric="fringe_rectification"]'), /Urban-rural fringe hazards rectified, 2026\s*89\.8%\s*44\/49 · required ≥95%/);
  assert.match(await en.getAttribute('[data-metric="fringe_rectification"]', "class"), /bad/);
  await assertReadable(en, "#hz-fringe");
  assert.doesNotMatch(await en.textContent("#hz-fringe"), /[\u4e00-\u9fff]/, "no Chinese left in English");
  await en.locator("#hz-fringe").screenshot({ path: join(shots, "fringe-centre-en-1920.png") });

  // The device ledger: 南湾镇's monitoring points, five without a handheld.
  const gap = en.locator('tr[data-device-target="P0013/handheld"]');
  await gap.scrollIntoViewIfNeeded();
  assert.match(await gap.textContent(), /Handheld terminal\s*15\/20\s*5 short/);
  await en.close();
  assert.deepEqual(errors, []);
});
