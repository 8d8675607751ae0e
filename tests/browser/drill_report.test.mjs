// 演练 / Drills in the console: the 8·20 typhoon-day scenario shipped with the project plays in a
// drill on the manual clock (×60) while the officer, the commander and the squad's handheld
// respond over the API; the director opens the drill page from the console, sees the scenario
// clock, the injects to come and the template library, sends a no-script inject, and reads the
// after-action report, whose statuses and numbers match the server's drill.report. The report
// prints to an A4 PDF; no id shows anywhere; English at 1920x1080 too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const scenarioText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../schema/scenarios/typhoon-820.toml"), "utf8");

test("a scenario drill, its director's screen and its after-action report", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const director = await client(server.port, "director"), admin = await client(server.port, "admin");
    const officer = await client(server.port, "officer"), commander = await client(server.port, "commander");
    const teamlead = await client(server.port, "teamlead");  // acks every envelope "device", as a handheld does
    const drill = ok(await director.call("drill.start", { name: "8·20台风日联合演练", scripted: true }));
    const realm = drill.realm;
    ok(await director.call("scenario.load", { text: scenarioText }, realm));
    const advance = (s) => admin.call("clock.advance", { ms: s * 1000 });
    const sent = async (id) => until(async () => (await director.call("scenario.status", {}, realm)).result.injects.find((i) => i.id === id)?.sent_at);
    await sent("red-warning");
    const warning = ok(await officer.call("warning.list", {}, realm)).warnings[0];
    await advance(40);  // T+0:40
    ok(await officer.call("consultation.open", { subject: warning.id, title: "台风红色预警联合会商", departments: ["water_resources", "meteorology"],
      scheduled_at: "2026-08-20T01:45:00.000Z", held: true }, realm));
    await advance(50);  // T+1:30: the landslide
    await sent("landslide");
    const landslide = ok(await director.call("scenario.status", {}, realm)).injects.find((i) => i.id === "landslide");
    await advance(15);
    ok(await officer.call("task.assign", { team_id: "T-P0001", what: "rescue", incident_id: landslide.result.incident_id }, realm));
    await until(() => teamlead.envs.some((e) => e.realm === realm && e.kind === "order"));
    await advance(70);  // T+2:55
    ok(await commander.call("incident.set_level", { id: landslide.result.incident_id, level: 3, reason: "滑坡致3人失联" }, realm));
    const report = ok(await officer.call("drill.report", {}, realm));
    const convene = report.expectations.find((x) => x.id === "convene");
    assert.equal(convene.status, "met");
    assert.equal(convene.delay_ms, 40 * 60000);

    const open = async (user, lang, width, height) => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.on("pageerror", (e) => errors.push(String(e)));
      p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      await p.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(p, server.url, user);
      return p;
    };

    // zh, 1366x768: the console's 演练 link, then the drill's page from the list.
    const zh = await open("director", "zh", 1366, 768);
    assert.equal(await zh.isVisible("#drills"), true, "the drill director sees 演练 in the top bar");
    await zh.goto(`${server.url}drill.html`);
    await zh.waitForSelector("body[data-ready='1']");
    assert.match(await zh.textContent("#sheet"), /8·20台风日联合演练\s*/);
    await zh.click(`tr[data-drill="${drill.id}"] a`);
    await zh.waitForSelector("body[data-ready='1'] #kpi-expect");
    const text = await zh.textContent("body");
    assert.match(text, /演练复盘报告/);
    assert.match(text, /演习 EXERCISE/);
    assert.match(await zh.textContent("#scenario-clock"), /^T\+2:55$/);
    assert.match(text, /待发注入[\s\S]*石塘镇安置点帐篷、救生衣短缺/, "the injects to come, by title");
    assert.equal(await zh.textContent('tr[data-expect="convene"] [data-status]'), "按时完成");
    assert.equal(await zh.textContent('tr[data-expect="level"] [data-status]'), "超时完成", "III at 1h25m against the hour");
    assert.match(await zh.textContent('tr[data-expect="convene"]'), /40 分钟/);
    assert.match(await zh.textContent('tr[data-expect="level"]'), /局长 张建国/);
    assert.match(text, /石塘镇应急救援队/);
    // The town lost IP in the drill (due T+2:00, fired when this test's clock jumped to T+2:55; back
    // at T+5:00): none of its six teams reached since.
    assert.equal(await zh.textContent("#kpi-outage"), "0 / 6");
    assert.match(await zh.textContent('tr[data-outage="team:T-P0001"]'), /石塘镇应急救援队\s*T\+2:55\s*网络\s*未再送达\s*仍中断/);
    assert.doesNotMatch(await zh.textContent("#sheet"), uuid, "no id in the report");
    assert.doesNotMatch(await zh.textContent("#sheet"), /scenario\.|incident\.|task\./, "no event kind in the report");
    await zh.screenshot({ path: join(shots, "drill-report-zh.png"), fullPage: true });

    // Who plays: the scenario's participants (the centre, 石塘镇's desk and its six teams, two
    // bureaus); 港口镇 joins from the page with its teams.
    assert.match(await zh.textContent("#director"), /参演单位与队伍（10）/);
    assert.ok(await zh.isVisible('[data-participant="water_resources"]'));
    await zh.selectOption("#join-unit", "P0007");
    await zh.click("#join");
    await until(async () => /参演单位与队伍（17）/.test(await zh.textContent("#director")));
    assert.ok(await zh.isVisible('[data-participant="T-P0007"]'));
    // No script: the water bureau's notice from the library, sent by the director from the page.
    await zh.click('button[data-template="water-dam-notice"]');
    await until(async () => /注入已发出/.test(await zh.textContent("#status")));
    await until(async () => /水利局通报水库超汛限水位/.test(await zh.textContent("#sheet")));
    const after = ok(await director.call("scenario.status", {}, realm)).injects.find((i) => i.template === "water-dam-notice");
    assert.ok(after?.sent_at, "sent in the drill");
    assert.equal(after.error, "");
    // Pause: the clock stands still.
    await zh.click("#pause");
    await until(async () => /已暂停/.test(await zh.textContent("#director")));
    await advance(60);
    await zh.reload();
    await zh.waitForSelector("body[data-ready='1'] #scenario-clock");
    assert.match(await zh.textContent("#scenario-clock"), /^T\+2:55$/);

    const pdf = join(shots, "drill-report-zh.pdf");
    await zh.pdf({ path: pdf, format: "A4", printBackground: true });
    assert.ok(statSync(pdf).size > 20000, "a PDF with its fonts");

    // en, 1920x1080: the same report in English.
    const en = await open("officer", "en", 1920, 1080);
    await en.goto(`${server.url}drill.html?realm=${encodeURIComponent(realm)}`);
    await en.waitForSelector("body[data-ready='1'] #kpi-expect");
    const enText = await en.textContent("#sheet");
    assert.match(enText, /Drill after-action report/);
    assert.match(enText, /Joint consultation within 2 h of the red warning\s*2 h\s*met/);
    assert.match(enText, /Reaching the teams cut off/);
    assert.equal(await en.isVisible("#pause"), false, "the officer reads; only the director runs the clock");
    await en.screenshot({ path: join(shots, "drill-report-en.png"), fullPage: true });
    assert.deepEqual(errors, []);
    for (const c of [director, admin, officer, commander, teamlead]) c.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
