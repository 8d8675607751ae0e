// Duty at every level on the duty screen (schema/duty.md): in the flood season (manual clock,
// 2026-08-20) the 滨海县 desk (zh, 1366x768) reads its own roster, the key period in force with
// what it asks of the county, and the day of the coming week its roster has no leader on 24 h
// duty; it picks 石塘镇 below it and reads the day no township leader leads a shift. The city desk
// (en, 1920x1080) picks 滨海县 and reads the same in English; a township desk has no picker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
// Wire words and raw values that must never reach the screen.
const raw = /round_the_clock|leader_24h|leader_daily|key_period|flood_season|undefined|null|NaN|\{|\}/;

test("each level's roster, the key period in force and the rules it breaks in the coming week", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const desk = async (user, lang, width, height) => {
      const p = await openDesk(browser, server.url, user, { lang, width, height, errors });
      await p.click('#tabs button[data-tab="duty"]');
      await p.waitForSelector(".key-periods");
      return p;
    };
    const county = await desk("county1", "zh", 1366, 768);
    const options = await county.locator("#duty-unit option").allTextContents();
    assert.deepEqual(options.slice(0, 2), ["滨海县（县级）", "\u3000石塘镇（乡镇）"], "its own roster first, then its townships");
    assert.ok(options.every((o) => /^(滨海县（县级）|\u3000.+镇（乡镇）)$/.test(o)), "only its own subtree: " + options);
    const period = await county.textContent(".key-periods");
    assert.match(period, /重点时段\s*主汛期（6月1日至9月30日）\s*· 在岗率 100% · 本级须领导24小时带班/);
    assert.match(period, /本级常态要求：24小时值班/);
    const breaches = await county.textContent("[data-breaches]");
    assert.match(breaches, /带班要求未落实（未来 7 天）\s*领导24小时带班 08\/23 08:00:00 – 08\/24 08:00:00 · 重点时段：主汛期/);
    assert.equal(await county.locator("[data-gaps]").count(), 0, "the county's 24 h duty is covered");
    await county.screenshot({ path: join(shots, "duty-rosters-county-zh-1366.png") });

    // 石塘镇, below it: a day shift led by the township's leader every day but one.
    await county.selectOption("#duty-unit", "P0001");
    await county.waitForSelector('.duty-unit[data-roster="township"]');
    assert.match(await county.textContent(".key-periods"), /本级常态要求：领导每日带班/);
    assert.match(await county.textContent("[data-breaches]"), /领导每日带班 08\/24 00:00:00 – 08\/25 00:00:00/);
    assert.equal(await county.locator("[data-gaps]").count(), 0, "a township's nights are not required");
    assert.match(await county.textContent("#panel"), /带班领导: 何平|带班领导: 石塘镇带班领导 何平|何平/);
    await county.screenshot({ path: join(shots, "duty-rosters-township-zh-1366.png") });
    for (const text of [await county.textContent("#panel")]) {
      assert.doesNotMatch(text, uuid);
      assert.doesNotMatch(text, raw);
    }

    // The city desk, in English: every roster, 滨海县 picked.
    const city = await desk("officer", "en", 1920, 1080);
    assert.equal(await city.locator("[data-breaches]").count(), 0, "the city's roster keeps its leader on 24 h");
    assert.match(await city.textContent(".key-periods"), /Key period\s*main flood season \(1 Jun to 30 Sept?\)\s*· 100% on post/);
    assert.ok(await city.locator("#duty-unit option").count() >= 16, "the city, its counties and townships");
    await city.selectOption("#duty-unit", "county-1");
    await city.waitForSelector("[data-breaches]");
    assert.match(await city.textContent("[data-breaches]"), /Leader-on-shift rules not met \(next 7 days\)\s*leader on shift 24 h 23\/08, 08:00:00 – 24\/08, 08:00:00 · key period: main flood season/);
    assert.match(await city.textContent(".key-periods"), /this level: leader on shift 24 h/);
    const en = await city.textContent("#panel");
    assert.doesNotMatch(en, uuid);
    assert.doesNotMatch(en, raw);
    assert.doesNotMatch(en, /[\u4e00-\u9fff]{2,}县（/, "no Chinese labels in English");
    await city.screenshot({ path: join(shots, "duty-rosters-city-en-1920.png") });

    // The township desk reads only its own roster: no picker.
    const town = await desk("town1", "zh", 1366, 768);
    assert.equal(await town.locator("#duty-unit").count(), 0);
    assert.match(await town.textContent(".duty-unit"), /值班表\s*石塘镇/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
