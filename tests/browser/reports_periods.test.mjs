// 周汇总 and 月总结 (reports.md) from the console, beyond the townships' daily reports that
// reports.test.mjs covers. Each level reports on its own cadence: a township daily, a county its
// weekly summary, the city its monthly one (a township's weekly or monthly report is refused).
// The deployment begins on Friday 2026-07-31 at 23:30 in Shanghai (manual clock), so August is the
// city's first month and the weeks ending 9, 16, 23 and 30 August its counties' weeks.
//  - August, a quiet month: every township sends 零报告 for each day asked and every county a zero
//    weekly summary. On Monday 31 August at 19:00 the city's duty officer (en, 1920x1080) sees the
//    month's roll-up (all three counties "nothing to report", each week on time) and sends the
//    month's 零报告 with one click, before its 20:00 deadline.
//  - The week of 31 August - 6 September, the typhoon's edge: 石塘镇 (town1 from the console, zh
//    1366x768) reports people evacuated, 河口镇 injuries, 滨海镇 nothing each day, and 松溪镇 misses
//    31 August. On Sunday at 17:00 滨海县's desk (county1, zh 1366x768) sees that week by township
//    (reported / nothing to report / missing and overdue) and sends its weekly summary from the
//    form: its townships' figures are added. 青山县 sends a zero week, 南河区 nothing.
//  - At 19:00 the city (zh 1366x768 and en 1920x1080) sees September's roll-up: 滨海县 reported,
//    青山县 nothing to report, 南河区 missing and overdue, the sums; and August's, with its own
//    zero summary, one period back.
// The demo city's five other counties are quiet throughout (zero reports each day and week), so
// the city's counts include them. Each day is stepped so the schedule asks for it, as it would by
// the hour; sessions last 12 h, so the API clients log in again after each step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const ID = /\b(P\d{4}|county-\d|city)\b|\/(daily|weekly|monthly)\/|undefined|NaN|\brep\.[a-z_.]+/;  // ids, keys: never shown
const COUNTY = { "county-1": ["P0001", "P0019", "P0037", "P0055"], "county-2": ["P0007", "P0025", "P0043", "P0061"],
  "county-3": ["P0013", "P0031", "P0049", "P0067"] };
const TOWNSHIPS = Object.values(COUNTY).flat();
const local = (s) => new Date(`${s}+08:00`).toISOString();  // a Shanghai wall-clock time on the wire
const dateAdd = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

test("weekly and monthly reports: a county's week and the city's zero month from the console, the roll-ups by period", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", local("2026-07-31T23:30:00")]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  const clients = [];
  try {
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const api = async (user) => { const c = await client(server.port, user); clients.push(c); return c; };
    // Moves the clock to a local time and waits until the schedule has asked for `subject` (a report id).
    const advanceTo = async (when, kind, subject) => {
      for (const c of clients.splice(0)) c.close();  // their sessions end with the jump
      ok(await (await api("admin")).call("clock.advance", { to: local(when) }));
      const officer = await api("officer");  // the sessions from before the jump have expired
      if (kind) await until(async () => ok(await officer.call("deadline.list", { kind, subject, open: false })).deadlines.length === 1);
      return officer;
    };
    // The reports of several units for one period, sent together (as the desks would, at once).
    const sendAll = (c, units, period, start) => Promise.all(units.map((u) => send(c, u, period, start)));
    const send = async (c, unit, period, start, body = { zero: true }) =>
      ok(await c.call("report.submit", { unit, period, period_start: start, ...body }));
    const page = async (user, lang, width, height) => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.on("pageerror", (e) => errors.push(`${user}: ${e}`));
      await p.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(p, server.url, user);
      await p.click('#tabs button[data-tab="reports"]');
      await p.waitForSelector("#reports #rep-history h3");
      return p;
    };
    const clean = async (p) => { const text = await p.textContent("#panel"); assert.doesNotMatch(text, uuid); assert.doesNotMatch(text, ID); };
    const child = (p, id) => p.locator(`table.rep-rollup tr[data-child="${id}"]`);
    const squash = async (loc) => (await loc.innerText()).replace(/\s+/g, " ").trim();  // as laid out: cells apart

    // The five outer counties of the demo city (beyond the three above) are quiet all along: their
    // townships send 零报告 each day asked and the counties a zero week.
    const units = ok(await (await api("officer")).call("unit.list", {})).units;
    const QUIET = units.filter((u) => u.kind === "county" && !COUNTY[u.id]).map((u) => u.id);
    const QUIET_TOWNSHIPS = units.filter((u) => u.kind === "township" && QUIET.includes(u.parent_id)).map((u) => u.id);
    assert.equal(QUIET.length, 5);

    // ---- August: a quiet month. Each Sunday the schedule asks for the day and the week. ----
    let officer;
    for (const sunday of ["2026-08-09", "2026-08-16", "2026-08-23", "2026-08-30"]) {
      const monday = dateAdd(sunday, -6);
      officer = await advanceTo(`${sunday}T10:00:00`, "report.weekly", `county-3/weekly/${monday}`);
      await sendAll(officer, [...TOWNSHIPS, ...QUIET_TOWNSHIPS], "daily", sunday);
      await sendAll(officer, [...Object.keys(COUNTY), ...QUIET], "weekly", monday);
    }
    // A township reports daily only: its weekly or monthly report is refused (nothing recorded).
    const refused = await officer.call("report.submit", { unit: "P0001", period: "weekly", period_start: "2026-08-24", zero: true });
    assert.equal(refused.error?.code, "bad_field");
    assert.equal(ok(await officer.call("report.list", { unit: "P0001", period: "weekly" })).reports.length, 0);

    // ---- Monday 31 August 09:00: the new week (it ends in September) and the day ----
    officer = await advanceTo("2026-08-31T09:00:00", "report.weekly", "county-1/weekly/2026-08-31");
    const town = await page("town1", "zh", 1366, 768);
    assert.match(await town.textContent("#rep-own"), /石塘镇日报[\s\S]*2026年8月31日/);
    await town.fill("#rep-form input[name=evacuated]", "120");
    await town.fill("#rep-form input[name=hazards_found]", "3");
    await town.fill("#rep-form textarea[name=text]", "台风“海葵”外围影响，转移沿海群众120人");
    await town.click("#rep-submit");
    await until(async () => /日报已报送，按时（截止 08\/31 16:00:00）；报告时限已办结/.test(await town.textContent("#rep-own")));
    await town.close();
    await send(officer, "P0055", "daily", "2026-08-31", { zero: false, figures: { incidents: 1, injured: 2 }, text: "河口镇大风致2人轻伤" });
    await sendAll(officer, ["P0019", ...COUNTY["county-2"], ...COUNTY["county-3"], ...QUIET_TOWNSHIPS], "daily", "2026-08-31");
    // 松溪镇 (P0037) sends nothing on the 31st.

    // ---- 19:00, the last day of August: the city's month, all quiet; its zero report ----
    officer = await advanceTo("2026-08-31T19:00:00");
    const cityEn = await page("officer", "en", 1920, 1080);
    const own = cityEn.locator("#rep-own");
    assert.match(await own.textContent(), /Demo City: monthly summary/);
    assert.match(await own.textContent(), /August 2026 · due 31\/08, 20:00:00/);
    await cityEn.waitForSelector("table.rep-rollup tr[data-child]");
    assert.match(await cityEn.textContent("#rep-roll"), /Demo City roll-up: the counties' weekly summaries this month/);
    assert.equal(await cityEn.getAttribute(".rep-counts", "data-counts"), "0/8/0");
    for (const c of Object.keys(COUNTY)) {
      assert.equal(await child(cityEn, c).getAttribute("data-status"), "zero");
      // The four weeks ending in August, each sent on time with nothing to report.
      assert.equal(await child(cityEn, c).locator(".rep-sub-zero").count(), 4, c);
    }
    assert.match(await squash(child(cityEn, "county-1")), /^Binhai County nothing to report 03\/08–09\/08 nothing to report on time 10\/08–16\/08 nothing to report on time 17\/08–23\/08 nothing to report on time 24\/08–30\/08 nothing to report on time/);
    assert.match(await squash(child(cityEn, "county-3")), /^Nanhe District nothing to report/);
    await cityEn.click("#rep-zero");
    await until(async () => /The monthly summary is sent, on time \(due 31\/08, 20:00:00\); its deadline is met/.test(await own.textContent()));
    await cityEn.waitForSelector('#rep-own [data-report-state="sent"] [data-on-time="on_time"]');
    const sentMonth = await squash(own);
    assert.match(sentMonth, /nothing to report sent 31\/08, 19:00:00 · on time/);
    assert.match(sentMonth, /Nothing to report this period/);
    assert.match(sentMonth, /Units below: reported 0, nothing to report 8, missing 0/);
    await until(async () => (await cityEn.locator('#rep-history tr[data-report="2026-08-01"]').count()) === 1);
    assert.match(await squash(cityEn.locator('#rep-history tr[data-report="2026-08-01"]')), /August 2026 Nothing to report this period/);
    await until(async () => /This unit's monthly summary was sent 31\/08, 19:00:00/.test(await cityEn.textContent("#rep-roll")));
    const month = ok(await officer.call("report.get", { unit: "city", period: "monthly", period_start: "2026-08-01" }));
    assert.equal(month.zero, true);
    assert.deepEqual(month.children, { submitted: [], zero: ["county-1", "county-2", "county-3", ...QUIET], missing: [], not_asked: [] });
    const monthDl = ok(await officer.call("deadline.list", { kind: "report.monthly", subject: "city/monthly/2026-08-01", open: false })).deadlines[0];
    assert.equal(monthDl.status, "met");
    await clean(cityEn);
    await cityEn.screenshot({ path: join(shots, "reports-city-zero-month-en-1920x1080.png") });
    await cityEn.close();

    // ---- 1-6 September at 09:00: each day asked; 石塘镇, 滨海镇, 河口镇 nothing more, 松溪镇 each day but the 31st ----
    for (let day = 1; day <= 6; day++) {
      const date = `2026-09-0${day}`;
      officer = await advanceTo(`${date}T09:00:00`, "report.daily", `P0001/daily/${date}`);
      await sendAll(officer, [...TOWNSHIPS, ...QUIET_TOWNSHIPS], "daily", date);
    }

    // ---- Sunday 6 September 17:00: 滨海县's week by township, and its weekly summary from the form ----
    officer = await advanceTo("2026-09-06T17:00:00");
    const county = await page("county1", "zh", 1366, 768);
    await county.waitForSelector("table.rep-rollup tr[data-child]");
    assert.match(await county.textContent("#rep-roll"), /滨海县汇总：各乡镇本周日报/);
    assert.match(await county.textContent(".rep-span"), /2026年 8月31日—9月6日/);
    assert.equal(await county.getAttribute(".rep-counts", "data-counts"), "2/1/1");
    assert.deepEqual(await Promise.all(COUNTY["county-1"].map((t) => child(county, t).getAttribute("data-status"))), ["reported", "zero", "missing", "reported"]);
    assert.match(await squash(child(county, "P0001")), /^石塘镇 已报 8\/31 已报 按时 9\/1 零报告 按时/);
    assert.equal(await child(county, "P0001").locator(".rep-sub").count(), 7, "the seven days of the week");
    assert.match(await squash(child(county, "P0019")), /^滨海镇 零报告/);
    assert.match(await squash(child(county, "P0037")), /^松溪镇 未报 8\/31 未报 已超时 9\/1 零报告 按时/);
    assert.match(await child(county, "P0037").getAttribute("class"), /row-overdue/);
    assert.match(await squash(child(county, "P0055")), /^河口镇 已报 8\/31 已报 按时/);
    const sum = county.locator("table.rep-rollup tr.rep-sum");
    assert.deepEqual(await Promise.all(["evacuated", "hazards_found", "injured", "incidents", "dead"].map((k) => sum.locator(`[data-fig="${k}"]`).textContent())),
      ["120", "3", "2", "1", "0"]);
    await county.locator("#rep-roll").scrollIntoViewIfNeeded();
    await county.screenshot({ path: join(shots, "reports-county-week-rollup-zh-1366x768.png") });
    const countyOwn = county.locator("#rep-own");
    assert.match(await countyOwn.textContent(), /滨海县周汇总/);
    assert.match(await squash(countyOwn), /2026年 8月31日—9月6日 · 截止 09\/06 18:00:00/);
    assert.match(await countyOwn.textContent(), /填写本级数字（可不填）；提交时自动加上下级报告的合计。/);
    await county.fill("#rep-form textarea[name=text]", "8月31日台风“海葵”外围影响：石塘镇转移120人，河口镇2人轻伤；松溪镇31日漏报，已督促。");
    await county.screenshot({ path: join(shots, "reports-county-week-form-zh-1366x768.png") });
    await county.click("#rep-submit");
    await until(async () => /周汇总已报送，按时（截止 09\/06 18:00:00）；报告时限已办结/.test(await countyOwn.textContent()));
    await county.waitForSelector('#rep-own [data-report-state="sent"] [data-on-time="on_time"]');
    const sentWeek = await squash(countyOwn);
    assert.match(sentWeek, /已报 报送于 09\/06 17:00:00 · 按时/);
    assert.match(sentWeek, /事件（起） 1 受伤（人） 2 转移安置（人） 120 排查隐患（处） 3/, "the townships' figures were added");
    assert.match(sentWeek, /下级：已报 2，零报告 1，未报 1/);
    assert.match(sentWeek, /松溪镇31日漏报，已督促/);
    await until(async () => (await county.locator('#rep-history tr[data-report="2026-08-31"]').count()) === 1);
    assert.match(await squash(county.locator('#rep-history tr[data-report="2026-08-31"]')), /^2026年 8月31日—9月6日 .*09\/06 17:00:00 按时$/);
    const week = ok(await officer.call("report.get", { unit: "county-1", period: "weekly", period_start: "2026-08-31" }));
    assert.deepEqual(week.children, { submitted: ["P0001", "P0055"], zero: ["P0019"], missing: ["P0037"], not_asked: [] });
    assert.equal(week.figures.evacuated, 120);
    await clean(county);
    await county.screenshot({ path: join(shots, "reports-county-week-sent-zh-1366x768.png") });
    await county.close();
    await sendAll(officer, ["county-2", ...QUIET], "weekly", "2026-08-31");  // 青山县: a quiet week. 南河区 sends nothing.

    // ---- 19:00, past the counties' 18:00: the city sees September so far, and August one period back ----
    await advanceTo("2026-09-06T19:00:00");
    for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
      const city = await page("officer", lang, width, height);
      await city.waitForSelector("table.rep-rollup tr[data-child]");
      assert.equal(await city.getAttribute(".rep-counts", "data-counts"), "1/6/1");
      assert.deepEqual(await Promise.all(Object.keys(COUNTY).map((c) => child(city, c).getAttribute("data-status"))), ["reported", "zero", "missing"]);
      assert.match(await child(city, "county-3").getAttribute("class"), /row-overdue/);
      const sums = city.locator("table.rep-rollup tr.rep-sum");
      assert.equal(await sums.locator('[data-fig="evacuated"]').textContent(), "120");
      assert.equal(await sums.locator('[data-fig="injured"]').textContent(), "2");
      assert.equal(await child(city, "county-3").locator('[data-fig="evacuated"]').textContent(), "—", "a missing county has no figures, not 0");
      if (lang === "zh") {
        assert.match(await city.textContent("#rep-roll"), /示范市汇总：各县（区）本月周汇总/);
        assert.match(await city.textContent(".rep-span"), /2026年9月/);
        assert.match(await city.textContent("#rep-roll"), /本级汇总截止 09\/30 20:00:00/);
        assert.match(await squash(child(city, "county-1")), /^滨海县 已报 8\/31–9\/6 已报 按时/);
        assert.match(await squash(child(city, "county-2")), /^青山县 零报告 8\/31–9\/6 零报告 按时/);
        assert.match(await squash(child(city, "county-3")), /^南河区 未报 8\/31–9\/6 未报 已超时/);
        assert.match(await squash(city.locator("#rep-own")), /示范市月总结 2026年9月 · 截止 09\/30 20:00:00/);
        assert.equal(await city.locator("#rep-form").count(), 1, "September's summary is still to be sent");
      } else {
        assert.match(await city.textContent(".rep-span"), /September 2026/);
        assert.match(await squash(child(city, "county-1")), /^Binhai County reported 31\/08–06\/09 reported on time/);
        assert.match(await squash(child(city, "county-2")), /^Qingshan County nothing to report 31\/08–06\/09 nothing to report on time/);
        assert.match(await squash(child(city, "county-3")), /^Nanhe District missing 31\/08–06\/09 missing overdue/);
      }
      await clean(city);
      assert.equal(await city.locator("#rep-next").isDisabled(), true, "October has not begun");
      await city.screenshot({ path: join(shots, `reports-city-month-${lang}-${width}x${height}.png`) });
      // August, one period back: all three quiet, and the city's own zero summary.
      await city.click("#rep-prev");
      await until(async () => (await city.locator('table.rep-rollup tr[data-status="zero"]').count()) === 8);
      assert.equal(await city.getAttribute(".rep-counts", "data-counts"), "0/8/0");
      assert.match(await city.textContent("#rep-roll"), lang === "zh" ? /本级月总结已报送 08\/31 19:00:00/ : /This unit's monthly summary was sent 31\/08, 19:00:00/);
      assert.match(await squash(city.locator('#rep-history tr[data-report="2026-08-01"]')), lang === "zh" ? /^2026年8月 本期无事可报/ : /^August 2026 Nothing to report this period/);
      await clean(city);
      await city.screenshot({ path: join(shots, `reports-city-august-${lang}-${width}x${height}.png`) });
      await city.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    await browser.close();
    await server.stop();
  }
});
