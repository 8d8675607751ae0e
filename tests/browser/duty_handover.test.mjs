// The duty handover signed by the incoming shift: the duty officer on shift (zh, 1366x768) hands
// over with a note and two open items; the next day the incoming officer (en, 1920x1080) reads them
// and signs; the outgoing desk then sees who signed and when. A week ahead the roster runs out and
// the duty screen lists the hours no shift covers. Manual clock; the demo's roster alternates the
// two officers daily from 08:00 local.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("a handover with open items is signed by the incoming shift, and roster gaps are shown", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const admin = await client(server.port, "admin");
    const desk = async (user, lang, width, height) => {
      const p = await openDesk(browser, server.url, user, { lang, width, height, errors });
      await p.click('#tabs button[data-tab="duty"]');
      return p;
    };
    // The officer on shift today: a full week rostered, nothing uncovered.
    const out = await desk("officer", "zh", 1366, 768);
    await out.waitForSelector("#duty-handover");
    assert.equal(await out.locator("[data-gaps]").count(), 0, "the demo's roster covers the coming week");
    await out.click("#duty-handover");
    assert.match(await out.textContent("#duty-error"), /请填写交班说明/, "a handover needs its note");
    await out.fill("#duty-note", "台风过境，石塘镇转移未完成");
    await out.fill("#duty-items", "石塘镇东岙村还有 12 人未转移\n\n港口镇渔船回港清点  ");
    await out.click("#duty-handover");
    const mine = out.locator("[data-handover]");
    await mine.waitFor();
    const text = await mine.textContent();
    assert.match(text, /台风过境，石塘镇转移未完成/);
    assert.deepEqual(await mine.locator(".open-items li").allTextContents(), ["石塘镇东岙村还有 12 人未转移", "港口镇渔船回港清点"]);
    assert.match(text, /接班尚未签收/);
    assert.equal(await out.locator("#duty-handover").count(), 0, "handed over once");
    await out.screenshot({ path: join(shots, "duty-handover-zh-1366.png") });

    // The next morning: the incoming officer reads and signs.
    assert.ok((await admin.call("clock.advance", { ms: 24 * 3600 * 1000 })).ok);
    const incoming = await desk("officer2", "en", 1920, 1080);
    const received = incoming.locator("[data-handover]").first();
    await received.waitFor();
    assert.match(await received.textContent(), /Previous shift's handover note/);
    assert.match(await received.textContent(), /Not yet accepted by the incoming shift/);
    assert.equal(await received.locator(".open-items li").count(), 2);
    await incoming.fill("#duty-accept-note", "12 people to move by 10:00");
    await incoming.click("#duty-accept");
    await until(async () => /Accepted by .* · \d\d\/\d\d, 09:00/.test(await incoming.locator("[data-handover]").first().textContent()));
    assert.match(await incoming.locator("[data-handover]").first().textContent(), /12 people to move by 10:00/);
    assert.equal(await incoming.locator("#duty-accept").count(), 0, "signed once");
    await incoming.screenshot({ path: join(shots, "duty-handover-en-1920.png") });

    // The outgoing desk sees the signature (its session ran out overnight: it logs in again).
    await login(out, server.url, "officer");
    await out.click('#tabs button[data-tab="duty"]');
    await until(async () => /已签收/.test(await out.locator("[data-handover]").first().textContent()));
    assert.equal(await out.locator("#duty-accept").count(), 0, "only the incoming shift signs");

    // A week on, the demo's roster runs out inside the coming 7 days: the uncovered hours are listed.
    const admin2 = await client(server.port, "admin");  // the first admin session ran out overnight
    assert.ok((await admin2.call("clock.advance", { ms: 7 * 24 * 3600 * 1000 })).ok);
    admin2.close();
    await login(out, server.url, "officer");
    await out.click('#tabs button[data-tab="duty"]');
    await out.waitForSelector("[data-gaps]");
    assert.match(await out.textContent("[data-gaps]"), /未排班时段（未来 7 天）\s*\d\d\/\d\d/);
    for (const p of [out, incoming]) assert.doesNotMatch(await p.textContent("#panel"), uuid);
    admin.close();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
