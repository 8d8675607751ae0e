// 报告 (reports.md) in the console: 石塘镇's duty officer (town1) sends the day's report with its
// figures from the form (a figure typed as "三" is refused with a clear message and nothing is sent;
// full-width digits with a separator are read as the number) and sees the deadline met on time;
// the next day one click sends a 零报告 (a zero report with a figure filled in is refused first; its
// answer is lost once and the retry, with the same client_key, is not a second report).
// 滨海县's duty officer (county1) sees the week's roll-up of its four townships: reported (on time
// and late), nothing to report, missing and overdue, with their figures and sums, by name; the
// previous week (asked for nothing) and back. zh at 1366x768, en at 1920x1080, screenshots.
// The clock is manual: the server starts on Thursday 2026-08-20 at 23:30 in Shanghai, and at the
// first advance to Friday 09:00 the schedule opens the townships' day (due 16:00). Sessions last
// 12 h, so the API clients log in again after each jump.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, spoilFirstAnswer, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const HOUR = 3600 * 1000;
const ID = /\b(P\d{4}|county-\d|city)\b|\/daily\/|\/weekly\//;  // unit ids and report ids are never shown

test("reports: a township sends its day (figures, bad number, zero report), the county sees the roll-up", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T15:30:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const clients = [];
    const api = async (user) => { const c = await client(server.port, user); clients.push(c); return c; };
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    ok(await (await api("admin")).call("clock.advance", { ms: 9.5 * HOUR }));  // Friday 2026-08-21 09:00: the day is asked for
    const admin = await api("admin");
    let countyApi = await api("county1");
    await until(async () => (ok(await admin.call("deadline.list", { kind: "report.daily" })).deadlines.length) === 30);  // every township of the 8 counties

    const page = async (user, lang, width, height, before = null) => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.on("pageerror", (e) => errors.push(String(e)));
      await before?.(p);
      await p.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(p, server.url, user);
      return p;
    };
    const openReports = async (p) => { await p.bringToFront(); await p.click('#tabs button[data-tab="reports"]'); await p.waitForSelector("#reports #rep-history h3"); };

    // ---- town1, zh, 1366x768: a bad number, then the day's figures ----
    const town = await page("town1", "zh", 1366, 768);
    await openReports(town);
    const own = town.locator("#rep-own");
    assert.match(await own.textContent(), /石塘镇日报/);
    assert.match(await own.textContent(), /2026年8月21日/);
    assert.match(await own.textContent(), /截止 08\/21 16:00:00/);
    await town.fill("#rep-form input[name=injured]", "2");
    await town.fill("#rep-form input[name=dead]", "三");
    await town.click("#rep-submit");
    await until(async () => /“死亡（人）”须填不小于 0 的整数.*“三”不是数字/.test(await town.textContent("#rep-error")));
    assert.equal(await town.locator("#rep-form input[name=dead].invalid").count(), 1);
    assert.equal(await town.locator("#rep-form input.invalid").count(), 1, "only the bad field is marked");
    await town.waitForTimeout(500);
    assert.equal(ok(await countyApi.call("report.list", { unit: "P0001" })).reports.length, 0, "nothing was sent");
    // An empty report is refused too (a zero report is its own button).
    await town.fill("#rep-form input[name=dead]", "");
    await town.fill("#rep-form input[name=injured]", "");
    await town.click("#rep-submit");
    assert.match(await town.textContent("#rep-error"), /报告无内容/);
    await town.fill("#rep-form input[name=incidents]", "2");
    await town.fill("#rep-form input[name=injured]", "3");
    await town.fill("#rep-form input[name=evacuated]", "１,２００");  // full-width, with a separator
    await town.fill("#rep-form input[name=hazards_found]", "5");
    await town.fill("#rep-form textarea[name=text]", "东岙村山洪，转移群众1200人，无人员死亡");
    await town.screenshot({ path: join(shots, "reports-town-form-zh-1366x768.png") });
    await town.click("#rep-submit");
    await until(async () => /日报已报送，按时（截止 08\/21 16:00:00）；报告时限已办结/.test(await own.textContent()));
    await town.waitForSelector('#rep-own [data-report-state="sent"] [data-on-time="on_time"]');
    const sent = ok(await countyApi.call("report.get", { unit: "P0001", period: "daily", period_start: "2026-08-21" }));
    assert.equal(sent.zero, false);
    assert.deepEqual(sent.own_figures, { incidents: 2, injured: 3, evacuated: 1200, hazards_found: 5 });
    assert.equal(sent.figures.dead, 0);
    assert.match(await own.textContent(), /转移安置（人） 1,200/);
    await until(async () => (await town.locator('#rep-history tr[data-report="2026-08-21"]').count()) === 1);
    const townText = await town.textContent("#panel");
    assert.doesNotMatch(townText, uuid); assert.doesNotMatch(townText, ID);
    const dl = ok(await admin.call("deadline.list", { kind: "report.daily", open: false })).deadlines.find((d) => d.subject === "P0001/daily/2026-08-21");
    assert.equal(dl.status, "met");
    await town.screenshot({ path: join(shots, "reports-town-sent-zh-1366x768.png") });

    // ---- the county's other townships: 滨海镇 nothing to report, 河口镇 late (after 16:00), 松溪镇 missing ----
    ok(await countyApi.call("report.submit", { unit: "P0019", period: "daily", period_start: "2026-08-21", zero: true }));
    ok(await admin.call("clock.advance", { ms: 8 * HOUR }));  // 17:00: the day's deadline has passed
    ok(await countyApi.call("report.submit", { unit: "P0055", period: "daily", period_start: "2026-08-21", zero: false,
      figures: { evacuated: 30, hazards_found: 1 }, text: "河口镇低洼处转移30人" }));

    for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
      const county = await page("county1", lang, width, height);
      await openReports(county);
      await county.waitForSelector("table.rep-rollup tr[data-child]");
      const row = (id) => county.locator(`table.rep-rollup tr[data-child="${id}"]`);
      await until(async () => (await row("P0055").getAttribute("data-status")) === "reported");
      assert.equal(await row("P0001").getAttribute("data-status"), "reported");
      assert.equal(await row("P0019").getAttribute("data-status"), "zero");
      assert.equal(await row("P0037").getAttribute("data-status"), "missing");
      assert.match(await row("P0037").getAttribute("class"), /row-overdue/);
      assert.equal(await county.getAttribute(".rep-counts", "data-counts"), "2/1/1");
      const sum = county.locator("table.rep-rollup tr.rep-sum");
      assert.equal(await sum.locator('[data-fig="evacuated"]').textContent(), "1,230");
      assert.equal(await sum.locator('[data-fig="hazards_found"]').textContent(), "6");
      assert.equal(await sum.locator('[data-fig="injured"]').textContent(), "3");
      assert.equal(await row("P0037").locator('[data-fig="dead"]').textContent(), "—", "a missing township has no figures, not 0");
      if (lang === "zh") {
        assert.match(await county.textContent("#rep-roll"), /滨海县汇总：各乡镇本周日报/);
        assert.match(await county.textContent("#rep-roll"), /2026年 8月17日—8月23日/);
        assert.match(await row("P0001").textContent(), /石塘镇\s*已报[\s\S]*8\/21 已报 按时/);
        assert.match(await row("P0019").textContent(), /滨海镇\s*零报告/);
        assert.match(await row("P0037").textContent(), /松溪镇\s*未报[\s\S]*未报 已超时/);
        assert.match(await row("P0055").textContent(), /河口镇\s*已报[\s\S]*迟报/);
        assert.match(await county.textContent("#rep-own"), /滨海县周汇总/);
      } else {
        assert.match(await county.textContent("#rep-roll"), /Binhai County roll-up: the townships' daily reports this week/);
        assert.match(await row("P0001").textContent(), /Shitang Town\s*reported[\s\S]*on time/);
        assert.match(await row("P0019").textContent(), /Binhai Town\s*nothing to report/);
        assert.match(await row("P0037").textContent(), /Songxi Town\s*missing[\s\S]*overdue/);
        assert.match(await row("P0055").textContent(), /Hekou Town\s*reported[\s\S]*late/);
        assert.match(await county.textContent("#rep-own"), /Binhai County: weekly summary/);
      }
      const text = await county.textContent("#panel");
      assert.doesNotMatch(text, uuid); assert.doesNotMatch(text, ID);
      assert.equal(await county.locator("#rep-next").isDisabled(), true, "the next week has not begun");
      await county.screenshot({ path: join(shots, `reports-county-${lang}-${width}x${height}.png`) });
      // The previous week was asked for nothing (before the deployment), then back to this week.
      await county.click("#rep-prev");
      await until(async () => (await county.locator('table.rep-rollup tr[data-status="not_asked"]').count()) === 4);
      assert.match(await county.textContent(".rep-span"), lang === "zh" ? /8月10日—8月16日/ : /10 August – 16 August/);
      await county.click("#rep-now");
      await until(async () => (await county.locator('table.rep-rollup tr[data-child="P0037"][data-status="missing"]').count()) === 1);
      await county.close();
    }

    // ---- the next day, town1 in English at 1920x1080: a zero report ----
    ok(await admin.call("clock.advance", { ms: 16 * HOUR }));  // Saturday 2026-08-22 09:00
    countyApi = await api("county1");
    // The first answer to report.submit is lost on the way back: the retry is the same report (client_key).
    let submits = null;
    const townEn = await page("town1", "en", 1920, 1080, async (p) => { submits = await spoilFirstAnswer(p, (f) => f.op === "report.submit"); });
    await openReports(townEn);
    await townEn.waitForSelector("#rep-form");
    assert.match(await townEn.textContent("#rep-own"), /Shitang Town: daily report/);
    assert.match(await townEn.textContent("#rep-own"), /Sat(urday)?,? 22 August 2026/);
    await townEn.fill("#rep-form input[name=dead]", "1");
    await townEn.click("#rep-zero");
    assert.match(await townEn.textContent("#rep-error"), /Figures are filled in/);
    await townEn.fill("#rep-form input[name=dead]", "");
    await townEn.click("#rep-zero");
    await until(async () => /the answer was lost on the way\. Press again: the same report is never sent twice/.test(await townEn.textContent("#rep-error")));
    await townEn.click("#rep-zero");
    await until(async () => /This report had already reached the server; nothing was sent twice/.test(await townEn.textContent("#rep-own")));
    await townEn.waitForSelector('#rep-own [data-report-state="sent"] [data-on-time="on_time"]');
    assert.equal(submits.length, 2);
    assert.equal(submits[0].client_key, submits[1].client_key, "the retry names the same report");
    assert.equal(submits[1].zero, true);
    assert.match(await townEn.textContent("#rep-own"), /nothing to report/);
    const zero = ok(await countyApi.call("report.get", { unit: "P0001", period: "daily", period_start: "2026-08-22" }));
    assert.equal(zero.zero, true);
    assert.equal(Object.values(zero.figures).reduce((a, b) => a + b, 0), 0);
    await until(async () => (await townEn.locator("#rep-history tr[data-report]").count()) === 2);
    assert.doesNotMatch(await townEn.textContent("#panel"), ID);
    await townEn.screenshot({ path: join(shots, "reports-town-zero-en-1920x1080.png") });

    // Roles that call none of the report ops are not offered the tab.
    for (const user of ["teamlead", "water"]) {
      const p = await page(user, "zh", 1366, 768);
      assert.equal(await p.locator('#tabs button[data-tab="reports"]').isVisible(), false, user);
      await p.close();
    }
    for (const c of clients) c.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
