// 图表 / Charts (schema/charts.md): the duty officer's charts tab says 暂无数据 where nothing has
// happened yet; after an incident's casualties change twice, an order is received and accepted over
// IP while another waits with no link and its receipt deadline is missed, the tab draws exactly
// stats.charts' numbers (read back from the ECharts instances), and the incident's dialog draws its
// casualties. zh at 1920x1080, en at 1366x768; screenshots of each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

// Each chart's title, legend and series data as ECharts holds them (canvas draws what it holds).
const chartsOnPage = (page, ids) => page.evaluate(async (ids) => {
  const ec = await import(new URL("vendor/echarts/echarts.esm.min.mjs", location.href).href);
  const out = {};
  for (const id of ids) {
    const o = ec.getInstanceByDom(document.getElementById(id))?.getOption();
    out[id] = o ? { title: o.title[0].text, legend: o.legend[0].data, series: o.series.map((s) => ({ name: s.name, data: s.data })),
      font: o.textStyle.fontFamily, aria: (document.getElementById(id).closest("[aria-label]") ?? document.getElementById(id).querySelector("[aria-label]"))?.getAttribute("aria-label") ?? "" } : null;
  }
  return out;
}, ids);

test("the charts tab and the incident's casualties chart", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const [officer, admin, teamlead] = await Promise.all(["officer", "admin", "teamlead"].map((u) => client(server.port, u)));
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.addInitScript(() => localStorage.setItem("lifeline.lang", "zh"));
    await login(page, server.url, "officer");

    // Nothing has happened yet: words, not empty axes; readiness is there from the start.
    await page.click('#tabs button[data-tab="charts"]');
    await page.waitForSelector("#ch-readiness canvas", { timeout: 10000 });
    assert.match(await page.textContent("#ch-orders"), /暂无数据/);
    assert.match(await page.textContent("#ch-on-time"), /暂无数据/);
    assert.match(await page.textContent("#ch-casualties"), /暂无进行中的事件/);
    await page.screenshot({ path: join(shots, "charts-empty-zh-1920x1080.png") });
    const before = (await chartsOnPage(page, ["ch-readiness"]))["ch-readiness"];
    assert.equal(before.series[0].data.length, 30, "every township of the 8 counties");
    const counted = ok(await officer.call("stats.charts", {})).readiness;
    assert.deepEqual(before.series[0].data, counted.map((r) => r.ready), "as the server counted them");
    assert.ok(counted.every((r) => r.ready === r.teams && r.teams >= 3), "all ready: the squad and its village teams");

    // 09:00 Beijing: an incident, an order received and accepted over IP, one to a squad off every link.
    const inc = ok(await officer.call("incident.create", { type: "flood", title: "石塘镇内涝", unit_id: "P0001",
      place: { name: "石塘镇老街", lat: 27.9, lon: 120.1 }, casualties: { injured: 2 } }));
    const order = ok(await officer.call("task.assign", { team_id: "T-P0001", what: "evacuate", incident_id: inc.id }));
    await until(() => teamlead.envs.some((e) => e.id === order.message_id));
    ok(await teamlead.accept(order.message_id));
    ok(await officer.call("task.assign", { team_id: "T-P0007", what: "evacuate", incident_id: inc.id }));
    // 09:10 and 09:25: the casualties change twice; the squad off every link misses its receipt (due 09:10).
    ok(await admin.call("clock.advance", { to: "2026-08-20T01:10:00.000Z" }));
    ok(await officer.call("incident.update", { id: inc.id, casualties: { dead: 1, injured: 5 } }));
    ok(await admin.call("clock.advance", { to: "2026-08-20T01:25:00.000Z" }));
    ok(await officer.call("incident.update", { id: inc.id, casualties: { dead: 1, missing: 2, injured: 6 } }));
    await until(async () => ok(await officer.call("stats.charts", {})).on_time.some((k) => k.missed === 1));
    const want = ok(await officer.call("stats.charts", { incident_id: inc.id }));

    // The tab again: what the server counted, as drawn.
    await page.click('#tabs button[data-tab="incidents"]');
    await page.click('#tabs button[data-tab="charts"]');
    await page.waitForSelector("#ch-orders canvas, #ch-on-time canvas, #ch-casualties canvas", { timeout: 10000 });
    await until(async () => (await page.locator(".charts canvas").count()) === 4);
    const drawn = await chartsOnPage(page, ["ch-casualties", "ch-orders", "ch-on-time", "ch-readiness"]);
    const cas = drawn["ch-casualties"];
    assert.match(cas.title, new RegExp(`伤亡人数变化：${inc.number} 石塘镇内涝`));
    assert.deepEqual(cas.legend, ["死亡", "失踪", "受伤"]);
    const values = (s) => s.data.map((d) => (Array.isArray(d) ? d : d.value)[1]);
    assert.deepEqual(values(cas.series[0]), [0, 1, 1, 1], "dead, held to now");
    assert.deepEqual(values(cas.series[1]), [0, 0, 2, 2], "missing");
    assert.deepEqual(values(cas.series[2]), [2, 5, 6, 6], "injured");
    assert.deepEqual(cas.series[2].data.slice(0, 3).map((d) => d[0]), want.casualties.points.map((p) => Date.parse(p.at)));
    const orders = drawn["ch-orders"];
    assert.deepEqual(orders.legend, ["网络送达", "网络回执"], "only the channel that carried orders");
    const hour = want.orders.hours.indexOf("2026-08-20T01:00:00.000Z");
    assert.equal(orders.series[0].data[hour], 100);
    assert.equal(orders.series[1].data[hour], 100);
    assert.equal(orders.series[0].data.filter((v) => v != null).length, 1, "no point where no order was given");
    assert.match(await page.textContent("#ch-not-sent"), /尚未经任何链路发出的指令：1 条/);
    const onTime = drawn["ch-on-time"];
    assert.deepEqual(onTime.legend, ["按时办结", "超时（已逐级提醒）"]);
    const kinds = want.on_time.map((k) => k.kind);
    assert.deepEqual(onTime.series[0].data, want.on_time.map((k) => k.met));
    assert.deepEqual(onTime.series[1].data, want.on_time.map((k) => k.missed));
    assert.equal(onTime.series[1].data[kinds.indexOf("order.receipt")], 1);
    assert.equal(onTime.series[0].data[kinds.indexOf("order.receipt")], 1);
    const readiness = drawn["ch-readiness"];
    assert.deepEqual(readiness.series[0].data, want.readiness.map((r) => r.ready));
    assert.equal(readiness.series[0].data[want.readiness.findIndex((r) => r.unit_id === "P0001")], 5, "the squad on its task is not ready, its 5 village teams are");
    assert.match(drawn["ch-orders"].font, /Noto Sans CJK SC|WenQuanYi/, "the console's own fonts");
    assert.ok(readiness.aria.length > 0, "described for a screen reader");
    const text = await page.textContent("#panel");
    assert.doesNotMatch(text, uuid);
    assert.doesNotMatch(text, /ch\.|dlkind\./, "no untranslated key");
    // A tooltip drawn on the canvas (no HTML, nothing the CSP refuses: errors stay empty).
    await page.hover("#ch-casualties", { position: { x: 400, y: 160 } });
    await page.screenshot({ path: join(shots, "charts-zh-1920x1080.png") });

    // en, 1366x768: the same charts in English; then the incident's dialog.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.click("#lang");
    await until(async () => /Orders delivered and acknowledged/.test((await chartsOnPage(page, ["ch-orders"]))["ch-orders"]?.title ?? ""));
    const english = await chartsOnPage(page, ["ch-casualties", "ch-on-time", "ch-readiness"]);
    assert.deepEqual(english["ch-casualties"].legend, ["Dead", "Missing", "Injured"]);
    assert.deepEqual(english["ch-on-time"].legend, ["Met on time", "Missed (escalated)"]);
    assert.match(english["ch-readiness"].title, /Team readiness by township/);
    await page.screenshot({ path: join(shots, "charts-en-1366x768.png") });
    await page.locator("#panel").evaluate((p) => p.scrollTo(0, p.scrollHeight));
    await page.screenshot({ path: join(shots, "charts-en-1366x768-lower.png") });

    await page.click('#tabs button[data-tab="incidents"]');
    await page.locator(`tr[data-incident="${inc.id}"]`).click();
    await page.waitForSelector("#inc-casualties canvas", { timeout: 10000 });
    const dialogChart = (await chartsOnPage(page, ["inc-casualties"]))["inc-casualties"];
    assert.deepEqual(values(dialogChart.series[2]), [2, 5, 6, 6]);
    await page.screenshot({ path: join(shots, "charts-incident-dialog-en-1366x768.png") });
    assert.deepEqual(errors, []);
    for (const c of [officer, admin, teamlead]) c.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
