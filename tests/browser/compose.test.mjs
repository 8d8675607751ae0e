// The duty officer sends a notice from the console to a team, a role and a department: it reaches
// the squad lead's handheld and the water bureau's desk, the sent list shows a live tally that
// turns to read when the squad lead answers, and a send whose answer was lost is sent again as the
// same message (no second copy anywhere). Chinese at 1366x768, English at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, spoilFirstAnswer, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("a notice to a team, a role and a department, with a live tally and a retry that is the same message", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  const clients = [];
  try {
    const teamlead = await client(server.port, "teamlead"); clients.push(teamlead);
    const water = await client(server.port, "water"); clients.push(water);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    // The first bus.send's answer is spoiled on the way back: the message is stored, the console hears an error.
    const picked = await spoilFirstAnswer(page, (f) => f.op === "bus.send");
    await login(page, server.url, "officer");
    await page.click('#tabs button[data-tab="notices"]');
    await page.click("#compose");
    await page.click("#dlg-ok");
    assert.match(await page.textContent("#dlg-error"), /至少选择一个接收方/);
    await page.selectOption("select[name=teams]", ["team:T-P0001"]);
    await page.check('input[name=to][value="role:duty_leader"]');
    await page.check('input[name=to][value="dept:water_resources"]');
    await page.selectOption("select[name=precedence]", "immediate");
    const text = "今晚20时起石塘镇沿海村组人员全部转移，请各单位做好准备";
    await page.fill("textarea[name=text]", text);
    await page.screenshot({ path: join(shots, "compose-1366.png") });
    await page.click("#dlg-ok");
    await page.waitForFunction(() => /重试/.test(document.querySelector("#dlg-ok")?.textContent ?? ""));
    assert.match(await page.textContent("#dlg-error"), /应答在途中丢失/);
    await page.click("#dlg-ok");  // the same message id again: the server says duplicate, nothing new is sent
    await page.waitForSelector("#dialog", { state: "hidden" });
    const sends = picked.map((b) => b.id);
    assert.equal(sends.length, 2);
    assert.equal(sends[0], sends[1], "the retry is the same message");
    const id = sends[0];

    // It reached the squad lead's handheld and the water bureau, once each.
    await until(() => teamlead.envs.some((e) => e.id === id) && water.envs.some((e) => e.id === id));
    assert.equal(new Set(teamlead.envs.filter((e) => e.id === id).map((e) => e.id)).size, 1);
    assert.equal(water.envs.find((e) => e.id === id).body.text, text);
    const deliveries = (await water.call("bus.deliveries", { message_id: id })).result;
    // The team, the duty leader (not logged in: queued) and the water bureau's user.
    assert.ok(deliveries.tally.total >= 3, JSON.stringify(deliveries));

    // The sent list: the message with its recipients in words and a tally that follows the receipts.
    const card = page.locator(`[data-sent="${id}"]`);
    await card.waitFor();
    const cardText = await card.textContent();
    assert.match(cardText, /石塘镇应急救援队/);
    assert.match(cardText, /带班领导/);
    assert.match(cardText, /水利局|水务局/);
    await until(async () => /送达 [2-9]\/\d+/.test(await card.textContent()), 15000);
    await teamlead.accept(id);
    await until(async () => /已读 1/.test(await card.textContent()), 15000);
    const panel = await page.locator("#panel").textContent();
    assert.doesNotMatch(panel, uuid);
    assert.doesNotMatch(panel, /\b(compose|notice|role)\.[a-z_]+/);
    await page.screenshot({ path: join(shots, "compose-sent-1366.png") });

    // English, the large screen: the composer speaks English.
    const en = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    en.on("pageerror", (e) => errors.push(String(e)));
    await login(en, server.url, "officer2");
    await en.bringToFront();  // a page in the background gets no animation frames (the console renders on them)
    await en.click("#lang");
    await en.click('#tabs button[data-tab="notices"]');
    await en.click("#compose");
    await en.waitForFunction(() => /Send a notice/.test(document.querySelector("#dialog")?.textContent ?? ""), null, { timeout: 10000 });
    assert.match(await en.textContent("#dialog"), /Send a notice/);
    assert.match(await en.textContent("#dialog"), /Departments/);
    // A group by its title (never its address name), sent to every member.
    assert.match(await en.textContent("#dialog"), /Shitang Town flood group/);
    assert.doesNotMatch(await en.textContent("#dialog"), /flood-P|squads-county/);
    await en.screenshot({ path: join(shots, "compose-en-1920.png") });
    await en.selectOption("select[name=groups]", ["group:flood-P0001"]);
    await en.fill("textarea[name=text]", "石塘镇各村组织群众向安置点转移");
    await en.click("#dlg-ok");
    await en.waitForSelector("#dialog", { state: "hidden" });
    const groupCard = en.locator("[data-sent]").first();
    await until(async () => /Shitang Town flood group/.test(await groupCard.textContent()), 15000);
    const members = (await water.call("group.list")).result;  // a department lists none of the city's groups
    assert.deepEqual(members.groups, []);
    const officer2 = await client(server.port, "officer2"); clients.push(officer2);
    const flood = (await officer2.call("group.list")).result.groups.find((g) => g.name === "flood-P0001");
    const groupId = await groupCard.getAttribute("data-sent");
    assert.equal((await officer2.call("bus.deliveries", { message_id: groupId })).result.tally.total, flood.members);
    await en.click("#lang");
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    await browser.close();
    await server.stop();
  }
});
