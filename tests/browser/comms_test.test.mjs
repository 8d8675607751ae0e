// Members' comms tests on the duty officer's desk (seed-digest §8: "team members who fail the comms
// test may not join rescues"): each member's latest test is shown in the team's detail; a failed
// test recorded without saying what failed is refused in words before anything is sent; recorded,
// the member reads 考核未通过 / failed; the order dialog says who stays behind before a rescue is
// sent (not for a patrol); a rescue ordered from the detail names the member the team
// keeps back, on the team lead's handheld (a WebSocket stand-in) and in the detail's task.
// zh at 1366x768, en at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const TEAM = "T-P0001";
const W = {
  zh: { noteNeeded: "未通过时请写明未通过的科目", failed: /考核未通过 \d\d\/\d\d/, heldBack: "通信考核未通过、不参加本次救援：", warned: /通信考核未通过，不参加本次救援$/ },
  en: { noteNeeded: "Say what the member could not do", failed: /failed \d\d\/\d\d/, heldBack: "Kept back (failed the comms test): ", warned: /failed the comms test and stay behind$/ },
};

for (const [lang, width, height] of [["zh", 1366, 768], ["en", 1920, 1080]]) {
  test(`a member who failed the comms test is kept back from a rescue (${lang}, ${width}x${height})`, async () => {
    const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
    const browser = await launchBrowser();
    const shots = shotDir(binaryDir), errors = [], w = W[lang], clients = [];
    const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };
    try {
      const admin = await client(server.port, "admin"); clients.push(admin);
      const lead = await client(server.port, "teamlead"); clients.push(lead);
      const roll = ok(await admin.call("team.get", { id: TEAM }), "team.get").members;
      assert.ok(roll.every((m) => m.comms_test === "passed" || m.comms_test === "failed"), "the demo squad was tested");
      const already = roll.filter((m) => m.on_duty === 1 && m.comms_test === "failed").map((m) => m.name);
      const member = roll.find((m) => m.on_duty === 1 && m.comms_test === "passed" && m.role === "member");

      const page = await browser.newPage({ viewport: { width, height } });
      page.on("pageerror", (e) => errors.push(String(e)));
      const sent = [];
      page.on("websocket", (ws) => ws.on("framesent", (f) => { try { const m = JSON.parse(f.payload); if (m.type === "req") sent.push(m.op); } catch {} }));
      await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
      await login(page, server.url, "officer");
      await page.click('#tabs button[data-tab="teams"]');
      await page.locator(`tr[data-team="${TEAM}"] td`).first().click();
      await page.waitForSelector("#dialog .td-comms-form");
      const cell = page.locator(`#dialog tr[data-member="${member.id}"] [data-comms]`);
      assert.equal(await cell.getAttribute("data-comms"), "passed");

      // Failed, with nothing said about what: refused before sending.
      await page.selectOption("#dialog select[name=comms_member]", member.id);
      await page.selectOption("#dialog select[name=comms_result]", "failed");
      await page.click("#td-comms-save");
      assert.equal(await page.textContent("#dialog #dlg-error"), w.noteNeeded);
      assert.equal(sent.filter((op) => op === "team.record_comms_test").length, 0, "nothing sent");
      await page.fill("#dialog input[name=comms_note]", "卫星电话拨号与定位上报不合格");
      await page.click("#td-comms-save");
      await until(async () => (await cell.getAttribute("data-comms")) === "failed", 10000);
      assert.match(await cell.textContent(), w.failed);
      assert.equal(await page.textContent("#dialog #dlg-error"), "");
      const server_member = ok(await admin.call("team.get", { id: TEAM }), "team.get").members.find((m) => m.id === member.id);
      assert.equal(server_member.comms_test, "failed");
      assert.equal(server_member.comms_test_note, "卫星电话拨号与定位上报不合格");
      await page.locator("#dialog .td-members").screenshot({ path: join(shots, `comms-test-members-${lang}-${width}.png`) });

      // A rescue ordered from the detail: the order says whom the team leaves behind.
      await page.click("#td-order");
      await page.selectOption("#dialog select[name=what]", "rescue");
      // Said before it is sent: who stays behind (not for a patrol).
      const warned = page.locator("#dialog #dlg-held-back [data-held-back]");
      await warned.waitFor();
      assert.ok((await warned.textContent()).includes(member.name), await warned.textContent());
      assert.match(await warned.textContent(), w.warned);
      await page.selectOption("#dialog select[name=what]", "patrol");
      await until(async () => (await warned.count()) === 0, 5000);
      await page.selectOption("#dialog select[name=what]", "rescue");
      await warned.waitFor();
      await page.locator("#dialog").screenshot({ path: join(shots, `comms-test-order-${lang}-${width}.png`) });
      await page.fill("#dialog textarea[name=note]", "搜救下洋社区被困群众");
      await page.click("#dlg-ok");
      await page.waitForSelector('#tabs button[data-tab="orders"].active');
      const taskId = await page.getAttribute("tr[data-task]", "data-task");
      await until(() => lead.envs.some((e) => e.correlation_id === taskId), 15000);
      const order = lead.envs.find((e) => e.correlation_id === taskId);
      const names = [...already, member.name].sort();
      const said = order.body.note.match(/^搜救下洋社区被困群众（通信考核未通过，不参加本次救援：(.+)）$/);
      assert.ok(said, order.body.note);
      assert.deepEqual(said[1].split("、").sort(), names);
      const task = ok(await admin.call("task.list", { team_id: TEAM }), "task.list").tasks.find((k) => k.id === taskId);
      assert.deepEqual(JSON.parse(task.held_back).map((m) => m.name).sort(), names);

      await page.click('#tabs button[data-tab="teams"]');
      await page.locator(`tr[data-team="${TEAM}"] td`).first().click();
      const item = page.locator(`#dialog .td-tasks li[data-task="${taskId}"] [data-held-back]`);
      await item.waitFor();
      assert.ok((await item.textContent()).startsWith(w.heldBack), await item.textContent());
      assert.ok((await item.textContent()).includes(member.name));
      const text = await page.textContent("#dialog");
      assert.doesNotMatch(text, uuid, "no id in the detail");
      if (lang === "zh") assert.doesNotMatch(text, /\btd\.[a-z_]+/, "no key in the zh UI");
      await page.locator("#dialog .team-detail").screenshot({ path: join(shots, `comms-test-held-back-${lang}-${width}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      for (const c of clients) c.close();
      await browser.close();
      await server.stop();
    }
  });
}
