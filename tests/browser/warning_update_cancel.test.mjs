// A warning's life after it is issued, as the duty desk follows it on the 预警 screen: the
// meteorological bureau (user `weather`, CAP 1.2 over warning.import) issues an orange typhoon
// warning for 石塘镇, an hour later UPDATES it (msgType Update, <references> naming the first
// message) to red over 石塘镇 and 滨海镇 with a new headline, and 45 minutes later CANCELS it
// (msgType Cancel) at 10:45. A yellow rainstorm warning for 松溪镇 stays in force throughout. Two duty
// officers watch without reloading: `officer` in Chinese at 1366x768 and `officer2` in English at
// 1920x1080. Each sees the row change colour and headline in place, the map's warning areas follow
// (two townships red, then gone, 松溪镇 yellow all along), the detail's message history go
// 发布 → 更新 → 解除, the cancelled warning leave the "in force" list and read 已解除 under the
// 已解除 filter, its convene limit cancelled and its level proposals lapsed (nothing to approve).
// The clock is manual (Thursday 2026-08-20 09:00 in Shanghai), moved by the admin between messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, launchBrowser, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const HOUR = 3600 * 1000;
const SENDER = "weather@demo-city.example";
// What a duty officer must never read: ids, wire names, untranslated keys.
const RAW = /\b(P\d{4}|county-\d|msg_?[Tt]ype|cancelled_at|proposed_level|undefined|null|NaN)\b|\bwarn\.[a-z_.]+|\bcolour\.[a-z]+|[{}]/;

test("a warning updated then cancelled by the weather bureau, followed on two duty desks", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const weather = await client(server.port, "weather");
    const admin = await client(server.port, "admin");
    const rain = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-R-7", colour: "yellow", event: "暴雨预警",
      headline: "暴雨黄色预警：松溪流域 6 小时雨量将达 50 毫米", area: "松溪镇", geocode: "339901037" }) }));
    const issued = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-T-9", colour: "orange",
      headline: "台风橙色预警：“海葵”明日登陆", area: "石塘镇", geocode: "339901001" }) }));
    assert.equal(issued.change, "issued");
    const id = issued.id;

    const desk = async (user, lang, width, height) => {
      const p = await openDesk(browser, server.url, user, { lang, width, height, errors });
      await p.click('#tabs button[data-tab="warnings"]');
      await p.locator(`#warning-list tr[data-warning="${id}"]`).waitFor();
      return p;
    };
    const zh = await desk("officer", "zh", 1366, 768);
    const en = await desk("officer2", "en", 1920, 1080);
    const row = (p) => p.locator(`#warning-list tr[data-warning="${id}"]`);
    const mapText = (p) => p.textContent("#map-warning-areas");
    // The detail dialog of the typhoon warning: its text, and its CAP message history as read.
    const openDetail = async (p) => {
      await p.bringToFront();
      await row(p).click();
      await p.waitForSelector("#dialog:not([hidden]) [data-warning-dialog]");
      const body = p.locator("#dialog-body");
      const history = (await body.locator("h3:has-text('CAP') + ul.timeline > li").allTextContents()).map((s) => s.replace(/\s+/g, " ").trim());
      return { text: (await body.textContent()).replace(/\s+/g, " "), history, body };
    };
    const close = async (p) => { await p.keyboard.press("Escape"); await p.waitForSelector("#dialog", { state: "hidden" }); };

    // ---- 09:00 issued: orange over 石塘镇 ----
    assert.match(await row(zh).textContent(), /橙色[\s\S]*台风橙色预警：“海葵”明日登陆[\s\S]*示范市气象局[\s\S]*石塘镇/);
    assert.match(await row(en).textContent(), /Orange[\s\S]*台风橙色预警：“海葵”明日登陆[\s\S]*Shitang Town/);
    await until(async () => /预警区域：.*石塘镇（橙色）/.test(await mapText(zh)) && /松溪镇（黄色）/.test(await mapText(zh)));
    await until(async () => /Under warning: .*Shitang Town \(Orange\)/.test(await mapText(en)));
    let d = await openDetail(zh);
    assert.match(d.text, /台风 · 示范市气象局 · 生效中/);
    assert.deepEqual(d.history.map((h) => h.replace(/ · 收到.*/, "")), ["发布 · 发出 08/20 09:00:00"]);
    await close(zh);

    // ---- 10:00 the bureau updates it: red, a new headline, 滨海镇 added ----
    ok(await admin.call("clock.advance", { ms: HOUR }));
    const update = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-T-9-U1", msgType: "Update",
      references: `${SENDER},QX-T-9,2026-08-20T09:00:00+08:00`, sent: "2026-08-20T10:00:00+08:00", colour: "red",
      headline: "台风红色预警：“海葵”今夜登陆，风力 14 级", area: "石塘镇、滨海镇", geocode: "" }) }));
    assert.deepEqual([update.id, update.change], [id, "upgraded"], "the update changes the same warning");

    // Both desks: the same row, now red with the new headline (no reload), one typhoon warning, not two.
    await until(async () => /红色/.test(await row(zh).textContent()) && /风力 14 级/.test(await row(zh).textContent()));
    const zhRow = await row(zh).textContent();
    assert.match(zhRow, /红色[\s\S]*台风红色预警：“海葵”今夜登陆，风力 14 级[\s\S]*石塘镇\s*滨海镇/);
    assert.doesNotMatch(zhRow, /橙色|明日登陆/, "the old colour and headline are gone from the row");
    assert.match(zhRow, /II\s*建议/, "the red warning's level proposal");
    assert.match(zhRow, /会商时限/, "the red typhoon's convene limit counts down");
    assert.equal(await zh.locator("#warning-list tr[data-warning]").count(), 2);
    assert.match(await zh.textContent("#warnings h3"), /预警信息（2）/);
    await until(async () => /石塘镇（红色）/.test(await mapText(zh)) && /滨海镇（红色）/.test(await mapText(zh)) && /松溪镇（黄色）/.test(await mapText(zh)));
    await until(async () => /Red[\s\S]*风力 14 级/.test(await row(en).textContent()));
    assert.match(await row(en).textContent(), /Shitang Town\s*Binhai Town[\s\S]*II\s*proposed/);
    await until(async () => /Shitang Town \(Red\)/.test(await mapText(en)) && /Binhai Town \(Red\)/.test(await mapText(en)) && /Songxi Town \(Yellow\)/.test(await mapText(en)));
    await zh.screenshot({ path: join(shots, "warning-updated-zh-1366x768.png") });

    d = await openDetail(zh);
    assert.match(d.text, /红色 台风红色预警：“海葵”今夜登陆，风力 14 级/);
    assert.match(d.text, /台风 · 示范市气象局 · 生效中/);
    assert.match(d.text, /发布 08\/20 09:00:00 · 更新 08\/20 10:00:00/);
    assert.match(d.text, /影响乡镇: 石塘镇 滨海镇/);
    assert.deepEqual(d.history.map((h) => h.replace(/ · 收到.*/, "")), ["发布 · 发出 08/20 09:00:00", "更新 · 发出 08/20 10:00:00"]);
    assert.equal(await d.body.locator("[data-approve]").count(), 0, "a duty officer approves no level");
    assert.equal(await zh.locator("#warn-convene").count(), 1, "a warning in force may be consulted on");
    await zh.screenshot({ path: join(shots, "warning-updated-detail-zh-1366x768.png") });
    await close(zh);
    d = await openDetail(en);
    assert.match(d.text, /Typhoon · 示范市气象局 · in force/);
    assert.deepEqual(d.history.map((h) => h.replace(/ · received.*/, "")), ["Issued · sent 20/08, 09:00:00", "Updated · sent 20/08, 10:00:00"]);
    await en.screenshot({ path: join(shots, "warning-updated-detail-en-1920x1080.png") });
    await close(en);

    // ---- 10:45 the bureau cancels it (before the convene limit falls due at 11:00) ----
    ok(await admin.call("clock.advance", { ms: 0.75 * HOUR }));
    const cancel = ok(await weather.call("warning.import", { xml: capAlert({ identifier: "QX-T-9-C1", msgType: "Cancel",
      references: `${SENDER},QX-T-9,2026-08-20T09:00:00+08:00 ${SENDER},QX-T-9-U1,2026-08-20T10:00:00+08:00`,
      sent: "2026-08-20T10:45:00+08:00", colour: "red", headline: "解除台风红色预警：“海葵”已转向外海", area: "石塘镇、滨海镇", geocode: "" }) }));
    assert.deepEqual([cancel.id, cancel.change], [id, "cancelled"]);

    // In force: the typhoon warning leaves the list and the map; the rainstorm stays.
    for (const [p, count, gone] of [[zh, /预警信息（1）/, /石塘镇|滨海镇/], [en, /Warnings \(1\)/, /Shitang|Binhai/]]) {
      await p.bringToFront();
      await until(async () => (await row(p).count()) === 0);
      assert.match(await p.textContent("#warnings h3"), count);
      assert.equal(await p.locator(`#warning-list tr[data-warning="${rain.id}"]`).count(), 1);
      await until(async () => !gone.test(await mapText(p)));
    }
    assert.match(await mapText(zh), /预警区域：松溪镇（黄色）/);
    assert.match(await mapText(en), /Under warning: Songxi Town \(Yellow\)/);
    await zh.screenshot({ path: join(shots, "warning-cancelled-inforce-zh-1366x768.png") });

    // The 已解除 filter: the warning as cancelled; the map still shows what is in force.
    await zh.selectOption("#warn-filter", "cancelled");
    await row(zh).waitFor();
    const cancelledRow = (await row(zh).textContent()).replace(/\s+/g, " ");
    assert.match(cancelledRow, /红色\s*台风\s*解除台风红色预警：“海葵”已转向外海\s*示范市气象局 · 08\/20 10:45:00 · 已解除/);
    assert.doesNotMatch(cancelledRow, /会商时限|建议/, "no convene limit and no proposal on a cancelled warning");
    assert.match(await row(zh).getAttribute("class"), /row-cancelled/);
    assert.equal(await zh.locator("#warning-list tr[data-warning]").count(), 1, "only the cancelled one");
    assert.match(await mapText(zh), /预警区域：松溪镇（黄色）/, "the map shows the warnings in force whatever the list shows");
    await zh.screenshot({ path: join(shots, "warning-cancelled-list-zh-1366x768.png") });

    d = await openDetail(zh);
    assert.match(d.text, /台风 · 示范市气象局 · 已解除/);
    assert.deepEqual(d.history.map((h) => h.replace(/ · 收到.*/, "")),
      ["发布 · 发出 08/20 09:00:00", "更新 · 发出 08/20 10:00:00", "解除 · 发出 08/20 10:45:00"]);
    assert.match(d.text, /预警解除：通知值班 · 已通知/, "the rule on cancellation told the duty desk");
    assert.match(d.text, /预警已解除：本队解除待命，恢复正常值守/, "the area's teams told to stand by are stood down");
    assert.match(d.text, /召开台风\/暴雨联合会商 · 到期时间 08\/20 11:00:00 · 已撤销/, "the convene limit is cancelled, not overdue");
    assert.match(d.text, /预警已解除，不再审批/, "the level proposals lapsed with the warning");
    assert.doesNotMatch(d.text, /已被新建议取代|待审批/);
    assert.equal(await d.body.locator("[data-approve]").count(), 0);
    assert.equal(await zh.locator("#warn-convene").count(), 0, "no consultation is convened on a cancelled warning");
    assert.doesNotMatch(d.text, uuid); assert.doesNotMatch(d.text, RAW);
    await zh.screenshot({ path: join(shots, "warning-cancelled-detail-zh-1366x768.png") });
    await close(zh);

    await en.bringToFront();
    await en.selectOption("#warn-filter", "all");
    await until(async () => (await en.locator("#warning-list tr[data-warning]").count()) === 2);
    assert.match((await row(en).textContent()).replace(/\s+/g, " "), /Red\s*Typhoon\s*解除台风红色预警：“海葵”已转向外海\s*示范市气象局 · 20\/08, 10:45:00 · cancelled/);
    assert.match(await en.locator("#warning-list tr[data-warning]").nth(0).getAttribute("data-warning"), new RegExp(rain.id), "in force first");
    d = await openDetail(en);
    assert.match(d.text, /Typhoon · 示范市气象局 · cancelled/);
    assert.deepEqual(d.history.map((h) => h.replace(/ · received.*/, "")),
      ["Issued · sent 20/08, 09:00:00", "Updated · sent 20/08, 10:00:00", "Cancelled · sent 20/08, 10:45:00"]);
    assert.match(d.text, /lapsed: the warning was cancelled/);
    assert.doesNotMatch(d.text, uuid); assert.doesNotMatch(d.text, RAW);
    await en.screenshot({ path: join(shots, "warning-cancelled-detail-en-1920x1080.png") });
    await close(en);

    for (const p of [zh, en]) { const text = await p.textContent("#panel"); assert.doesNotMatch(text, uuid); assert.doesNotMatch(text, RAW); }
    assert.deepEqual(errors, []);
    weather.close(); admin.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
