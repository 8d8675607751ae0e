// A typhoon morning on the 预警 and 会商 screens: the meteorological bureau's red typhoon warning
// arrives; the duty officer (zh, 1366x768) sees it in force with its colour, its township coloured
// on the map, the rules' level proposal and the 2 h convene limit counting down; the commander
// (en, 1920x1080) approves the level from the warning. The officer convenes the consultation from
// the warning with the departments the rule named already ticked; the water bureau's desk (a
// department user) sees only its own consultation, joins it and later marks the decision it owns
// done; the officer records minutes and a decision and closes the meeting, and the convene limit is
// met. Then the officer imports a second warning (an orange rainstorm CAP file pasted in) and a
// malformed one is refused with a message and changes nothing. The second duty officer reads the
// closed consultation in English at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, launchBrowser, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

const cap = (identifier, colour, event, headline, area, geocode) => capAlert({ identifier, colour, event, headline, area, geocode });

test("a red typhoon warning is followed, approved and consulted on from the console", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const weather = await client(server.port, "weather");
    const desk = async (user, lang, width, height) => {
      const p = await openDesk(browser, server.url, user, { lang, width, height, errors });
      return p;
    };
    const issued = await weather.call("warning.import", { xml: cap("QX-T-1", "red", "台风预警", "台风红色预警：“海葵”今夜登陆", "石塘镇", "339901001") });
    assert.ok(issued.ok, JSON.stringify(issued.error));
    const warningId = issued.result.id;

    // The duty officer: the warning in force, its colour, township, proposal and convene limit.
    const duty = await desk("officer", "zh", 1366, 768);
    await duty.click('#tabs button[data-tab="warnings"]');
    const row = duty.locator(`#warning-list tr[data-warning="${warningId}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    assert.match(rowText, /红色/);
    assert.match(rowText, /台风红色预警：“海葵”今夜登陆/);
    assert.match(rowText, /石塘镇/);
    assert.match(rowText, /II\s*建议/);
    assert.match(rowText, /会商时限 1:59:/, "the 2 h convene limit counts down");
    assert.equal(await duty.locator("#warn-import").count(), 1, "the officer may import a CAP file");
    // The map fills the township under the warning in red.
    await until(async () => /预警区域：石塘镇（红色）/.test(await duty.textContent("#map-warning-areas")), 10000);
    await duty.screenshot({ path: join(shots, "warnings-zh-1366.png") });

    // The commander approves the proposed level from the warning's detail.
    const chief = await desk("commander", "en", 1920, 1080);
    await chief.click('#tabs button[data-tab="warnings"]');
    await chief.locator(`#warning-list tr[data-warning="${warningId}"]`).click();
    await chief.waitForSelector("#dialog:not([hidden]) h3");
    const detail = await chief.locator("#dialog-body").textContent();
    assert.match(detail, /What the rules did/);
    assert.match(detail, /Typhoon or rainstorm warning: joint consultation within 2 h · consultation required/);
    assert.match(detail, /Convene the typhoon\/rainstorm joint consultation/);
    // The township's squad and village teams were told in one message, followed here by its tally.
    assert.match(detail, /Teams told in the area\s*Red warning: stand by now, ready to evacuate residents · delivered \d+\/([2-9]|\d\d)/);
    assert.match(detail, /Issued · sent 20\/08, 09:00:00/);
    assert.equal(await chief.locator("#warn-convene").count(), 1);
    await chief.screenshot({ path: join(shots, "warning-detail-en-1920.png") });
    await chief.click("#dialog-body [data-approve]");
    await until(async () => /approved by/.test(await chief.locator("#dialog-body").textContent()), 10000);
    await chief.keyboard.press("Escape");

    // The officer convenes from the warning: the rule's departments come ticked.
    await duty.bringToFront();
    await until(async () => /II\s*已批准/.test(await row.textContent()), 10000);
    await row.click();
    await duty.click("#warn-convene");
    const ticked = await duty.locator("#dialog-body [name=dept]:checked").evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(ticked.sort(), ["fire", "housing", "meteorology", "natural_resources", "transport", "water_resources"]);
    await duty.click("#dialog-body #dlg-ok");
    await duty.locator("[data-consultation-dialog]").waitFor();
    assert.match(await duty.locator("#dialog-body").textContent(), /预警 红色 台风红色预警/);

    // The water bureau's desk: its consultation only, and no order buttons; it joins.
    const water = await desk("water", "zh", 1366, 768);
    assert.equal(await water.locator('#tabs button[data-tab="warnings"]').isVisible(), true);
    await water.click('#tabs button[data-tab="consultations"]');
    const wrow = water.locator("#consultation-list tr[data-consultation]");
    await wrow.first().waitFor();
    assert.equal(await wrow.count(), 1);
    assert.equal(await water.locator("#cons-new").count(), 0, "a department does not convene");
    await wrow.first().click();
    await water.click('#dialog-body [data-join="water_resources"]');
    await until(async () => /水利局已到会/.test((await water.locator('#dialog-body tr[data-participant="water_resources"]').textContent()).replace(/\s+/g, "")), 10000);
    assert.equal(await water.locator("#dialog-body [data-join]").count(), 0, "a department answers only for itself");

    // The officer sees the water bureau present without reloading, records minutes and a decision.
    await duty.bringToFront();
    await until(async () => /已到会/.test(await duty.locator('#dialog-body tr[data-participant="water_resources"]').textContent()), 10000);
    await duty.fill("#cons-minute", "水利局：石塘水库水位 32.6 米，已开闸预泄。");
    await duty.click("#cons-minute-add");
    await until(async () => /已开闸预泄/.test(await duty.locator("#dialog-body").textContent()), 10000);
    assert.equal(await duty.inputValue("#cons-minute"), "", "a recorded minute leaves the box empty");
    await duty.fill("#dec-text", "石塘水库每小时报告水位");
    await duty.selectOption("#dec-owner", "dept:water_resources");
    await duty.fill("#dec-due", "2026-08-20T09:00");  // local time: one minute before now is refused
    await duty.click("#dec-add");
    assert.match(await duty.textContent("#dialog-body #dlg-error"), /完成时限须晚于现在/);
    await duty.fill("#dec-due", "2026-08-20T13:00");
    await duty.click("#dec-add");
    const decision = duty.locator("#dialog-body tr[data-decision]");
    await decision.waitFor();
    assert.match(await decision.textContent(), /石塘水库每小时报告水位.*水利局.*08\/20 13:00:00.*待落实.*(3:59:\d\d|4:00:00)/s);
    await duty.screenshot({ path: join(shots, "consultation-zh-1366.png") });

    // The water bureau marks its decision done.
    await water.bringToFront();
    await water.locator('#dialog-body [data-decision-status="done"]').waitFor({ timeout: 10000 });
    await water.click('#dialog-body [data-decision-status="done"]');
    await until(async () => /已完成/.test(await water.locator("#dialog-body tr[data-decision]").textContent()), 10000);
    await water.screenshot({ path: join(shots, "consultation-department-zh-1366.png") });

    // The officer closes the meeting; the convene limit is met (gone from the warning's row).
    await duty.bringToFront();
    await duty.fill("#cons-summary", "启动防台风 II 级应急响应，各单位按议定事项落实。");
    await duty.click("#cons-close");
    await until(async () => /已结束/.test(await duty.locator("#dialog-body").textContent()), 10000);
    await duty.keyboard.press("Escape");
    await until(async () => /已结束/.test(await row.textContent()) && !/会商时限/.test(await row.textContent()), 10000);

    // Importing a CAP file by paste: an orange rainstorm warning for 松溪镇; a broken one changes nothing.
    await duty.click("#warn-import");
    await duty.fill("#cap-xml", "<alert>不是预警</alert>");
    await duty.click("#dialog-body #dlg-ok");
    await until(async () => (await duty.textContent("#dialog-body #dlg-error")).length > 0, 10000);
    assert.doesNotMatch(await duty.textContent("#dialog-body #dlg-error"), /[{}]|cap_invalid/);
    await duty.fill("#cap-xml", cap("QX-R-1", "orange", "暴雨预警", "暴雨橙色预警：松溪流域 3 小时雨量将超 80 毫米", "松溪镇", "339901037"));
    await duty.click("#dialog-body #dlg-ok");
    await until(async () => /已导入：新发布，影响乡镇：松溪镇/.test(await duty.textContent("#cap-result")), 10000);
    await duty.keyboard.press("Escape");
    await until(async () => (await duty.locator("#warning-list tr[data-warning]").count()) === 2, 10000);
    assert.match(await duty.locator("#warning-list tr[data-warning]").nth(1).textContent(), /橙色.*暴雨橙色预警/s);
    const list = (await officerList(server.port)).filter((w) => w.status === "active");
    assert.equal(list.length, 2, "the broken document recorded nothing");
    await duty.screenshot({ path: join(shots, "warnings-two-zh-1366.png") });

    // The closed consultation in English at 1920x1080, as the second duty officer reads it the next
    // shift: who came, the minutes, the decision done by its owner.
    const en = await desk("officer2", "en", 1920, 1080);
    await en.click('#tabs button[data-tab="consultations"]');
    const crow = en.locator("#consultation-list tr[data-consultation]").first();
    await crow.waitFor();
    assert.match(await crow.textContent(), /closed/);
    await crow.click();
    await en.locator("[data-consultation-dialog]").waitFor();
    const record = await en.locator("#dialog-body").textContent();
    assert.match(record, /Attendance.*Water Resources Bureau\s*present/s);
    assert.match(record, /Minutes.*已开闸预泄/s);  // what was said stays as it was said
    assert.match(record, /Decisions.*石塘水库每小时报告水位.*Water Resources Bureau.*done/s);
    assert.doesNotMatch(record, /\b(cons|dec|att|warn)\.[a-z_]+\b|undefined|NaN|[{}]/);
    assert.doesNotMatch(record, uuid);
    // Only what people wrote is in Chinese: the meeting's title, the minutes, the decision, a name.
    assert.doesNotMatch(record.replace(/联合会商|台风红色预警：“海葵”今夜登陆|已开闸预泄|水利局：石塘水库水位 32\.6 米，|石塘水库每小时报告水位|启动防台风 II 级应急响应，各单位按议定事项落实。|值班员 王芳|。/g, ""),
      /[\u4e00-\u9fff]/);
    await en.screenshot({ path: join(shots, "consultation-en-1920.png") });

    for (const p of [duty, chief, water, en]) assert.doesNotMatch(await p.textContent("#panel"), uuid, "no ids on screen");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

async function officerList(port) {
  const officer = await client(port, "officer");
  const r = await officer.call("warning.list", { status: "all" });
  assert.ok(r.ok);
  return r.result.warnings;
}
