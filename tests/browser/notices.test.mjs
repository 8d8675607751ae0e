// Notices to a duty officer close their loop: a team's field report, a user's message and a missed
// deadline's escalation (from role:system) reach the officer's console, which acks each "device" at
// once (the delivery turns `delivered`) and "human" when the officer opens it (`read`), shows each
// with a readable sender and text (never JSON or ids), and is never sent any of them twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, fieldClient, launchBrowser, login, shotDir, startServer, until } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
// command/delivery: no device ack within the IP ack timeout (comms/bus link_policy: ip 3000 ms) and
// the message is sent again, the wait growing to 3× the timeout (9 s) per attempt.
const IP_ACK_TIMEOUT_MS = 3000, LONGEST_RESEND_WAIT_MS = 3 * IP_ACK_TIMEOUT_MS;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ok = (r, what) => { assert.ok(r.ok, `${what}: ${JSON.stringify(r.error)}`); return r.result; };

test("notices reach the duty officer's console, are acknowledged once, read when opened, never re-sent", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T00:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const clients = [];
  try {
    const admin = await client(server.port, "admin"); clients.push(admin);
    const users = ok(await admin.call("user.list"), "user.list").users;
    const officerId = users.find((u) => u.username === "officer").id;
    const officer2 = users.find((u) => u.username === "officer2");
    const me = `user:${officerId}`;
    const delivery = async (id) => ok(await admin.call("bus.deliveries", { message_id: id }), "bus.deliveries").deliveries.find((d) => d.recipient === me);

    // What the page's socket receives and sends, seen from outside the console.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const envs = new Map(), envCount = new Map(), acks = [];
    page.on("websocket", (ws) => {
      ws.on("framereceived", ({ payload }) => {
        const f = JSON.parse(payload);
        if (f.type === "env") { envs.set(f.envelope.id, f); envCount.set(f.envelope.id, (envCount.get(f.envelope.id) ?? 0) + 1); }
      });
      ws.on("framesent", ({ payload }) => { const f = JSON.parse(payload); if (f.type === "ack") acks.push({ id: f.id, level: f.level, at: Date.now() }); });
    });
    const acksOf = (id, level) => acks.filter((a) => a.id === id && a.level === level).length;
    await login(page, server.url, "officer");

    // 1. A field report from the team lead's handheld to every duty officer: the real field client
    // (lifeline-field report) when it is built, else a WebSocket stand-in speaking the same protocol.
    const teamlead = await client(server.port, "teamlead"); clients.push(teamlead);
    const handheld = await fieldClient(binaryDir, server.port, "teamlead");
    if (handheld) clients.push(handheld);
    const reportText = "石塘镇东堤K3+200处发现管涌，已组织20人抢护，请求增派排涝设备";
    const sentAt = Date.now();
    const report = handheld ? { id: await handheld.report(reportText) }
      : ok(await teamlead.call("bus.send", { to: "role:duty_officer", kind: "report", precedence: "priority",
        body: { text: reportText, reported_at: "2026-08-20T00:00:00.000Z" } }), "bus.send report");
    await until(async () => (await delivery(report.id))?.state === "delivered", 10000);
    const deliveredMs = Date.now() - sentAt;
    // The server may read the ack before Playwright reports the frame the page sent: wait for both.
    await until(() => acksOf(report.id, "device") >= 1, 5000);
    assert.equal(acksOf(report.id, "device"), 1, "one device ack");

    // 2. A message from another duty officer (a user: shown by name), markup in it stays text.
    const o2 = await client(server.port, "officer2"); clients.push(o2);
    const textMsg = ok(await o2.call("bus.send", { to: me, kind: "text", precedence: "flash",
      body: { text: `请立即核实港口镇转移人数 <img src=x onerror="window.__xss=1">` } }), "bus.send text");
    await until(async () => (await delivery(textMsg.id))?.state === "delivered", 10000);

    // 3. A major hazard's 1 h report-up deadline missed: the escalation notice comes from role:system.
    const hz = ok(await admin.call("hazard.report", { title: "松溪镇便桥桥墩冲刷", place: { name: "松溪镇", lat: 27.97, lon: 120.23 },
      unit_id: "P0037", grade: "major" }), "hazard.report");
    const dl = ok(await admin.call("deadline.list", {}), "deadline.list").deadlines.find((d) => d.subject === hz.id && d.kind === "hazard.report_up");
    assert.ok(dl, "the major hazard opened its report-up deadline");
    ok(await admin.call("clock.advance", { to: new Date(Date.parse(dl.due_at) + 1000).toISOString() }), "clock.advance");
    await until(() => [...envs.values()].some((f) => f.envelope.from === "role:system" && f.envelope.body?.deadline_id === dl.id), 10000);
    const escalation = [...envs.values()].find((f) => f.envelope.from === "role:system" && f.envelope.body?.deadline_id === dl.id).envelope;
    await until(async () => (await delivery(escalation.id))?.state === "delivered", 10000);

    // The tab and the top strip count three unread; the panel shows each one readably.
    await page.waitForFunction(() => document.querySelector("#notices-badge")?.textContent === "3");
    assert.match(await page.textContent("#glance-notices"), /未读通知 3/);
    await page.click('#tabs button[data-tab="notices"]');
    const card = (id) => page.locator(`[data-notice="${id}"]`);
    await card(escalation.id).waitFor();
    const reportCard = await card(report.id).textContent();
    assert.match(reportCard, /石塘镇应急救援队/, "a team's report is from the team, by name");
    assert.match(reportCard, /现场报告/); assert.match(reportCard, /加急/);
    assert.ok(reportCard.includes(reportText));
    const textCard = await card(textMsg.id).textContent();
    assert.ok(textCard.includes(officer2.display_name), `a user's message is from the user by name: ${textCard}`);
    assert.match(textCard, /特急/); assert.ok(textCard.includes('<img src=x onerror="window.__xss=1">'), "markup shown as text");
    const escCard = await card(escalation.id).textContent();
    assert.match(escCard, /Lifeline 系统/);
    assert.match(escCard, /时限已过：隐患「松溪镇便桥桥墩冲刷」1小时内向上级报告（应于 08\/20 09:00:00 前完成），已升级至第 1 级/);
    const panel = await page.textContent("#panel");
    assert.doesNotMatch(panel, /[{}]|deadline_id|role:|team:|user:|T-P0001/, "no JSON, addresses or ids");
    assert.doesNotMatch(panel, UUID, "no raw ids");
    assert.equal(await page.locator(".notice.unread").count(), 3);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.screenshot({ path: join(shots, "notices-1366.png") });

    // Opening a notice sends the read receipt, once; opening it again sends nothing.
    for (const id of [report.id, escalation.id]) {
      await card(id).click();
      await until(async () => (await delivery(id))?.state === "read", 10000);
      await page.waitForSelector(`[data-notice="${id}"]:not(.unread)`);
      await card(id).click();  // closes it again
    }
    await card(escalation.id).click();  // open, for the screenshot
    await page.waitForFunction(() => document.querySelector("#notices-badge")?.textContent === "1");
    assert.match(await page.textContent(`[data-notice="${escalation.id}"] .notice-meta`), /已读回执已发送/);
    await page.screenshot({ path: join(shots, "notices-read-1366.png") });

    // Never re-sent: the receipts hold over more than the longest resend wait, in real time and
    // on the server's (manual) clock, moved on in steps well past a first resend (3 s), a second (6 s) and a third (9 s).
    const lastAck = Math.max(...acks.map((a) => a.at));
    for (let i = 0; i < 3; i++) {
      ok(await admin.call("clock.advance", { ms: LONGEST_RESEND_WAIT_MS + 1000 }), "clock.advance");
      await new Promise((r) => setTimeout(r, 1500));
    }
    const realWait = LONGEST_RESEND_WAIT_MS + 1500 - (Date.now() - lastAck);
    if (realWait > 0) await new Promise((r) => setTimeout(r, realWait));
    const waitedMs = Date.now() - lastAck;
    assert.ok(waitedMs > LONGEST_RESEND_WAIT_MS + 1000);
    const final = {};
    for (const [name, id] of [["report", report.id], ["text", textMsg.id], ["escalation", escalation.id]]) {
      const d = await delivery(id);
      final[name] = { state: d.state, attempt: d.attempt, frames: envCount.get(id), device_acks: acksOf(id, "device"), human_acks: acksOf(id, "human") };
      assert.equal(d.attempt, 1, `${name}: sent once (attempt ${d.attempt})`);
      assert.equal(envCount.get(id), 1, `${name}: one env frame at the page`);
      assert.equal(acksOf(id, "device"), 1, `${name}: one device ack`);
      assert.equal(acksOf(id, "human"), name === "text" ? 0 : 1, `${name}: one read receipt, when opened`);
      assert.equal(d.state, name === "text" ? "delivered" : "read");
      assert.ok(d.delivered_at, `${name}: delivered_at`);
    }
    const counted = await page.evaluate(() => window.lifelineEnv);
    assert.deepEqual(counted.byId, { [report.id]: 1, [textMsg.id]: 1, [escalation.id]: 1 }, "the console counted one frame per envelope");
    console.log(JSON.stringify({ delivered_after_ms: deliveredMs, waited_after_last_ack_ms: waitedMs, server_clock_moved_ms: 3 * (LONGEST_RESEND_WAIT_MS + 1000), final }));

    // The wall screen, and the same panel in English.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(shots, "notices-1920.png") });
    await page.click("#lang");
    await page.waitForSelector('#tabs button[data-tab="notices"]:has-text("Notices")');
    const en = await page.textContent(`[data-notice="${escalation.id}"]`);
    assert.match(en, /Lifeline system/); assert.match(en, /Overdue: Hazard "松溪镇便桥桥墩冲刷": report upward within 1 h \(due 20\/08, 09:00:00\)/);
    assert.match(await page.textContent(`[data-notice="${report.id}"]`), /field report/);
    await page.screenshot({ path: join(shots, "notices-en-1920.png") });
    await page.click("#lang");  // back to Chinese for the next test's profile (each has its own anyway)
  } finally {
    for (const c of clients) await c.close();
    await browser.close();
    await server.stop();
  }
});

// A message sent in a drill reaches the same console marked 演习, and its receipts are the drill's.
test("a drill's notice is marked 演习 and acknowledged in the drill", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T00:00:00.000Z"]);
  const browser = await launchBrowser();
  const clients = [];
  try {
    const admin = await client(server.port, "admin"); clients.push(admin);
    const officerId = ok(await admin.call("user.list"), "user.list").users.find((u) => u.username === "officer").id;
    const director = await client(server.port, "director"); clients.push(director);
    const realm = ok(await director.call("drill.start", { name: "防汛桌面推演" }), "drill.start").realm;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, server.url, "officer");
    const sent = ok(await director.call("bus.send", { to: `user:${officerId}`, kind: "text", precedence: "immediate", realm,
      body: { text: "演练：假设港口镇堤防溃口，请组织转移" } }, realm), "bus.send in the drill");
    await page.click('#tabs button[data-tab="notices"]');
    const card = page.locator(`[data-notice="${sent.id}"]`);
    await card.waitFor();
    assert.match(await card.locator(".ex-tag").textContent(), /演习/);
    const delivery = async () => ok(await director.call("bus.deliveries", { message_id: sent.id }, realm), "bus.deliveries").deliveries[0];
    await until(async () => (await delivery())?.state === "delivered", 10000);
    await card.click();
    await until(async () => (await delivery())?.state === "read", 10000);
    assert.equal((await delivery()).attempt, 1);
    assert.equal(ok(await admin.call("bus.deliveries", { message_id: sent.id }), "live deliveries").deliveries.length, 0, "nothing in live");
    await page.screenshot({ path: join(shotDir(binaryDir), "notices-drill-1366.png") });
  } finally {
    for (const c of clients) await c.close();
    await browser.close();
    await server.stop();
  }
});
