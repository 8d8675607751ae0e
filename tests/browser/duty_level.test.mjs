// 值守等级 on the duty screen (schema/rules.md raise_duty_level): the meteorological bureau's red
// typhoon warning puts the city on 100 % readiness with the leader on 24 h duty, and the duty
// officer (zh, 1366x768) and the commander (en, 1920x1080) see it with the warning that holds it
// up; when the bureau cancels the warning both screens fall back to normal duty without a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capAlert, client, launchBrowser, openDesk, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

// 2026-10-20: between National Day and the fire season, so no key period holds the level up.
const cap = (identifier, msgType, references = "") => capAlert({ identifier, msgType, references, type: "typhoon", sent: "2026-10-20T09:00:00+08:00" });

test("the duty level rises with a red warning and falls back when it is cancelled", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-10-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const weather = await client(server.port, "weather");
    const desk = async (user, lang, width, height) => {
      const p = await openDesk(browser, server.url, user, { lang, width, height, errors });
      await p.click('#tabs button[data-tab="duty"]');
      await p.waitForSelector(".duty-level");
      return p;
    };
    const duty = await desk("officer", "zh", 1366, 768);
    const chief = await desk("commander", "en", 1920, 1080);
    assert.match(await duty.textContent(".duty-level"), /值守等级\s*常态值守/);

    const issued = await weather.call("warning.import", { xml: cap("QX-DL-1", "Alert") });
    assert.ok(issued.ok, JSON.stringify(issued.error));
    for (const p of [duty, chief]) {
      await p.bringToFront();
      await p.waitForSelector('.duty-level[data-duty-level="raised"]', { timeout: 15000 });
    }
    const zh = await duty.textContent(".duty-level");
    assert.match(zh, /在岗率 100%.*领导24小时带班/s);
    assert.match(zh, /预警：台风红色预警：“海葵”今夜登陆.*红色预警：建议 II 级响应，100% 在岗，领导 24 小时带班.*自 10\/20 09:00:00/s);
    const en = await chief.textContent(".duty-level");
    assert.match(en, /100% on post.*leader on 24 h duty/s);
    assert.match(en, /Red warning: level II proposed, 100% readiness, leader on 24 h duty/);
    for (const text of [zh, en]) assert.doesNotMatch(text, uuid, "no ids on the duty screen");
    await duty.bringToFront();
    await duty.screenshot({ path: join(shots, "duty-level-raised-zh-1366.png") });
    await chief.bringToFront();
    await chief.screenshot({ path: join(shots, "duty-level-raised-en-1920.png") });

    const cancelled = await weather.call("warning.import",
      { xml: cap("QX-DL-2", "Cancel", "weather@demo-city.example,QX-DL-1,2026-10-20T09:00:00+08:00") });
    assert.ok(cancelled.ok && cancelled.result.change === "cancelled", JSON.stringify(cancelled));
    for (const p of [duty, chief]) {
      await p.bringToFront();
      await p.waitForSelector('.duty-level[data-duty-level="normal"]', { timeout: 15000 });
    }
    assert.match(await chief.textContent(".duty-level"), /Duty level\s*normal duty/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
