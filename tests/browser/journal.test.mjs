// 日志 / Journal and the print pages: the journal opened from an incident's dialog lists exactly
// that incident's significant events (as the server's journal.list says, none of another
// incident's), as sentences with local time and who; the search narrows it; the CSV download holds
// what is shown (UTF-8 with a BOM, time/who/what/incident); the incident's SITREP prints to an A4
// PDF whose facts match the event log (casualties, level, who approved it); the shift handover
// sheet prints too; the squad's field report shows in the incident's dialog; the keyboard shortcuts
// list, Esc, / and Alt+1 work. zh at 1366x768 (duty officer), en at 1920x1080 (duty leader).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the journal per incident, its search and CSV, the SITREP and the handover sheet", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const officer = await client(server.port, "officer");
    const leaderApi = await client(server.port, "leader");
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const a = ok(await officer.call("incident.create", { type: "flood", title: "石塘镇内涝", unit_id: "P0001",
      place: { name: "石塘镇老街", lat: 27.9, lon: 120.1 }, casualties: { dead: 1, missing: 2, injured: 3 }, losses_yuan: 1200000 }));
    const b = ok(await officer.call("incident.create", { type: "flood", title: "港口镇内涝", unit_id: "P0007",
      place: { name: "港口镇", lat: 27.85, lon: 120.5 } }));
    ok(await leaderApi.call("incident.set_level", { id: a.id, level: 3, reason: "积水超过一米" }));
    ok(await officer.call("incident.update", { id: a.id, casualties: { dead: 1, missing: 1, injured: 5 } }));
    const evacuate = ok(await officer.call("task.assign", { team_id: "T-P0001", what: "evacuate", incident_id: a.id }));
    // The squad's situation report on that task, as the handheld sends it (correlated with its task).
    const teamlead = await client(server.port, "teamlead");
    ok(await teamlead.call("bus.send", { id: "01a30000-0000-7000-8000-00000000f001", to: "role:duty_officer", kind: "report",
      precedence: "priority", ack: "device", correlation_id: evacuate.id, body: { text: "老街积水一米二，已转移 35 人", task_id: evacuate.id } }));
    ok(await officer.call("task.assign", { team_id: "T-P0007", what: "pump_water", incident_id: b.id }));
    ok(await officer.call("duty.log", { text: "石塘镇转移群众 120 人" }));
    let expected = ok(await officer.call("journal.list", { incident_id: a.id, limit: 1000 })).entries;
    assert.ok(expected.length >= 5, JSON.stringify(expected.map((e) => e.kind)));
    const leaderName = ok(await leaderApi.call("auth.whoami")).user?.display_name ?? "带班领导";

    const open = async (user, lang, width, height) => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.on("pageerror", (e) => errors.push(String(e)));
      p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      await p.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(p, server.url, user);
      return p;
    };

    // zh, 1366x768: from the incident's dialog to its journal.
    const zh = await open("officer", "zh", 1366, 768);
    await zh.locator(`tr[data-incident="${a.id}"]`).click();
    // 现场报告 in the incident's dialog: the squad's report on its task, by team and person.
    await zh.waitForSelector("#inc-field-reports li", { timeout: 15000 });
    const reports = await zh.textContent("#inc-field-reports");
    assert.match(reports, /现场报告/);
    assert.match(reports, /石塘镇应急救援队 · 石塘镇队长 刘强\s+老街积水一米二，已转移 35 人/);
    const dialogText = await zh.textContent("#dialog-body");
    assert.match(dialogText, new RegExp(`批准人: ${leaderName}`), "the approver by name");
    assert.doesNotMatch(dialogText, uuid, "no id in the incident's dialog");
    await zh.locator("#inc-field-reports").scrollIntoViewIfNeeded();
    await zh.screenshot({ path: join(shots, "incident-field-reports-zh-1366x768.png") });
    // The page acknowledged the report it received: that receipt is in the incident's journal too.
    await until(async () => ok(await officer.call("bus.deliveries", { message_id: "01a30000-0000-7000-8000-00000000f001" }))
      .deliveries.some((d) => d.state === "delivered"), 15000);
    expected = ok(await officer.call("journal.list", { incident_id: a.id, limit: 1000 })).entries;
    await zh.click("#inc-journal");
    const rows = zh.locator(".journal-list li[data-seq]");
    await until(async () => (await rows.count()) === expected.length, 15000)
      .catch(async () => assert.fail(`${await rows.count()} rows, expected ${expected.length}: ${await zh.textContent("#panel")}`));
    const seqs = await rows.evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));
    assert.deepEqual(seqs, expected.map((e) => e.seq), "exactly the incident's events, newest first");
    const panel = await zh.textContent(".journal-list");
    assert.match(panel, new RegExp(a.number));
    assert.doesNotMatch(panel, new RegExp(b.number), "not another incident's");
    assert.doesNotMatch(panel, /港口镇内涝/);
    assert.doesNotMatch(panel, uuid, "no id on the screen");
    assert.match(panel, /批准事件 .* 启动 III 级响应/);
    assert.match(panel, /向石塘镇应急救援队下达任务：转移群众|向石塘镇应急救援队下达任务/);
    assert.match(panel, /2026\/08\/20 09:00/, "local time (UTC+8)");
    await zh.screenshot({ path: join(shots, "journal-incident-zh-1366x768.png") });

    // The search: the level's approver by name.
    await zh.fill("#jr-q", "积水超过一米");
    await until(async () => (await rows.count()) === 1, 15000);
    assert.match(await rows.first().textContent(), /III/);
    await zh.fill("#jr-q", "");
    await until(async () => (await rows.count()) === expected.length, 15000);

    // CSV of what is shown: BOM, header, one line per row, the sentence and the incident.
    const [download] = await Promise.all([zh.waitForEvent("download"), zh.click("#jr-csv")]);
    assert.match(download.suggestedFilename(), /^值班日志-\d+\.csv$/);
    const file = join(shots, "journal-incident.csv");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    assert.equal(lines[0], '"时间","操作人","内容","事件"');
    assert.equal(lines.length, expected.length + 1);
    for (const line of lines.slice(1)) assert.match(line, new RegExp(`"${a.number} 石塘镇内涝"$`));
    assert.ok(lines.some((l) => l.includes("启动 III 级响应") && l.includes(leaderName)), lines.join("\n"));
    assert.doesNotMatch(bytes.toString("utf8"), uuid);

    // The SITREP, printed to PDF (A4); what it says checked against the event log.
    await zh.goto(`${server.url}sitrep.html?incident=${a.id}`);
    await zh.waitForSelector("body[data-ready]", { timeout: 15000 });
    const inc = ok(await officer.call("incident.get", { id: a.id })).incident;
    const levelSet = expected.find((e) => e.kind === "incident.level_set");
    const sheet = await zh.textContent("#sheet");
    assert.match(sheet, /突发事件情况报告/);
    assert.match(sheet, new RegExp(a.number));
    assert.equal(await zh.textContent("[data-dead]"), String(inc.dead));
    assert.equal(await zh.textContent("[data-missing]"), String(inc.missing));
    assert.equal(await zh.textContent("[data-injured]"), String(inc.injured));
    assert.equal(inc.injured, 5);
    assert.match(await zh.textContent(".level"), /III 级响应/);
    assert.equal(await zh.textContent(".approver"), levelSet.summary.approved_by_name);
    assert.match(sheet, /石塘镇应急救援队/);
    assert.match(sheet, /1,200,000/);
    assert.match(sheet, /打印人：值班员/);
    assert.doesNotMatch(sheet, uuid);
    assert.doesNotMatch(sheet, /港口镇内涝/);
    await zh.screenshot({ path: join(shots, "sitrep-zh-1366x768.png"), fullPage: true });
    await zh.emulateMedia({ media: "print" });
    await zh.screenshot({ path: join(shots, "sitrep-print-zh.png"), fullPage: true });
    const pdf = join(shots, "sitrep-zh.pdf");
    await zh.pdf({ path: pdf, format: "A4", printBackground: true });
    const raw = readFileSync(pdf);
    assert.equal(raw.subarray(0, 5).toString(), "%PDF-");
    assert.ok(statSync(pdf).size > 20000, "a PDF with its fonts");
    const pages = (raw.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 4, `${pages} A4 pages`);
    assert.match(raw.toString("latin1"), /\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/, "A4");

    // en, 1920x1080: the duty leader's whole-centre journal and the handover sheet.
    const en = await open("leader", "en", 1920, 1080);
    // The keyboard: ? lists the shortcuts this role has, Esc closes, / opens the journal's search.
    await en.keyboard.press("Shift+Slash");
    await en.waitForSelector("table.shortcuts");
    const keys = await en.textContent("#dialog-body");
    assert.match(keys, /Keyboard shortcuts/);
    assert.match(keys, /Search the journal/);
    await en.screenshot({ path: join(shots, "shortcuts-en-1920x1080.png") });
    await en.keyboard.press("Escape");
    await en.waitForSelector("#dialog", { state: "hidden" });
    await en.keyboard.press("/");
    await until(async () => (await en.evaluate(() => document.activeElement?.id)) === "jr-q", 15000);
    await en.keyboard.press("Alt+1");
    await en.waitForSelector('#tabs button[data-tab="incidents"].active');
    await en.click('#tabs button[data-tab="journal"]');
    await until(async () => (await en.locator(".journal-list li[data-seq]").count()) > 0, 15000);
    const enText = await en.textContent("#panel");
    assert.match(enText, /approved level III for/);
    assert.match(enText, /logged: 石塘镇转移群众 120 人/);
    assert.doesNotMatch(enText, uuid);
    await en.screenshot({ path: join(shots, "journal-en-1920x1080.png") });
    await en.click('#tabs button[data-tab="duty"]');
    await en.waitForSelector("#duty-print");
    const [sheetPage] = await Promise.all([en.waitForEvent("popup"), en.click("#duty-print")]);
    sheetPage.on("pageerror", (e) => errors.push(String(e)));
    await sheetPage.setViewportSize({ width: 1920, height: 1080 });
    await sheetPage.waitForSelector("body[data-ready]", { timeout: 15000 });
    const hand = await sheetPage.textContent("#sheet");
    assert.match(hand, /Shift handover sheet/);
    assert.match(hand, new RegExp(a.number));
    assert.match(hand, new RegExp(b.number));
    assert.match(hand, /石塘镇转移群众 120 人/);
    assert.doesNotMatch(hand, uuid);
    await sheetPage.screenshot({ path: join(shots, "handover-en-1920x1080.png"), fullPage: true });
    await sheetPage.pdf({ path: join(shots, "handover-en.pdf"), format: "A4", printBackground: true });
    officer.close(); leaderApi.close(); teamlead.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
