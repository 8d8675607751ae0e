// An order's receipts as CSV (issue 17): the duty officer orders 石塘镇应急救援队, its handheld gets the
// order and the team lead accepts it; 导出 CSV under the order's receipts downloads one row per
// recipient by name with its state, link and times in China Standard Time, the same as the server's
// receipt (bus.deliveries). A rejected order reads 拒绝; a cancelled one has a row for the notice
// that told the team. Chinese at 1366x768; the headers follow the language (English once).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { client, fieldClient, handheld, launchBrowser, login, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

// RFC 4180 as the console writes it (every cell quoted, CRLF, a UTF-8 BOM first): rows of cells.
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, "a BOM first, so Excel reads the Chinese as UTF-8");
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += c;
  }
  assert.equal(row.length + cell.length, 0, "the file ends with a complete row");
  return rows;
}
// The rows below the header as objects by header.
const cells = ([head, ...rows]) => rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
// A UTC ms time as the console's CSV writes it, in China Standard Time (UTC+8, no daylight saving),
// with its separators left out so that the zh (2026/08/20 09:01:02) and en (20/08/2026, …) forms
// compare by their digits in their own order.
const cst = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 19);
const digits = (s) => s.replace(/\D/g, "");
const zhDigits = (ms) => digits(cst(ms));
const chanZh = { ip: "网络", pdt: "PDT对讲", beidou: "北斗", iridium: "铱星", tiantong: "天通", sms: "短信" };
const answerZh = { accept: "接受", reject: "拒绝" }, answerEn = { accept: "accepted", reject: "rejected" };

async function exportCsv(page, taskId) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-receipts-csv="${taskId}"]`)]);
  return { name: download.suggestedFilename(), rows: parseCsv(await readFile(await download.path(), "utf8")) };
}

test("an order's receipts download as CSV: the recipient by name, its state, link and times as the server has them", async () => {
  const server = await startServer(binaryDir);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir);
  const errors = [];
  let field = null, lead = null, api = null;
  try {
    api = await client(server.port, "officer");
    // The team lead's handheld: the real field client when it is built, else the WebSocket stand-in.
    field = await fieldClient(binaryDir, server.port, "teamlead");
    lead = field ? null : await handheld(server.port, "teamlead");
    console.log(`handheld: ${field ? "lifeline-field (real process)" : "WebSocket stand-in (lifeline-field not built)"}`);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, server.url, "officer");
    await page.click('#tabs button[data-tab="teams"]');
    await page.click('button[data-order="T-P0001"]');
    await page.selectOption("select[name=what]", "evacuate");
    await page.fill("textarea[name=note]", "转移下洋社区低洼处群众");
    await page.click("#dlg-ok");
    await page.waitForSelector('#tabs button[data-tab="orders"].active');
    const taskId = await page.getAttribute("tr[data-task]", "data-task");
    await page.waitForSelector(`tr[data-task="${taskId}"] .st-delivered, tr[data-task="${taskId}"] .st-read`, { timeout: 15000 });
    if (field) await field.ack(taskId);
    else { await until(() => lead.envs.length > 0); await lead.accept(lead.envs[0].id); }
    await page.waitForSelector(`tr[data-task="${taskId}"] .st-read`);

    // The server's receipt for the order: one recipient (the team), read, over IP.
    const server_ = (await api.call("bus.deliveries", { correlation_id: taskId })).result.deliveries;
    assert.equal(server_.length, 1, JSON.stringify(server_));
    const [d] = server_;
    assert.equal(d.recipient, "team:T-P0001");
    assert.equal(d.state, "read");
    assert.equal(d.channel, "ip");
    assert.ok(d.sent_at && d.delivered_at && d.read_at, JSON.stringify(d));

    const button = page.locator(`[data-receipts-csv="${taskId}"]`);
    assert.equal((await button.textContent()).trim(), "导出 CSV");
    await button.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, "receipts-csv-1366.png") });

    const zh = await exportCsv(page, taskId);
    assert.match(zh.name, /^指令回执-石塘镇应急救援队-\d{12}\.csv$/);
    assert.deepEqual(zh.rows[0], ["接收方", "消息类型", "送达状态", "链路", "回执链路", "答复", "发出时间", "送达时间", "已读确认时间"]);
    assert.equal(zh.rows.length, 2, "one row per recipient");
    const row = cells(zh.rows)[0];
    assert.equal(row.接收方, "石塘镇应急救援队", "the recipient by its name");
    assert.equal(row.消息类型, "指令");
    assert.equal(row.送达状态, "已读", "the server's state (read)");
    assert.equal(row.链路, "网络", "the server's link (ip)");
    assert.equal(row.回执链路, chanZh[d.receipt_channel] ?? "", "the link the receipt came back on");
    assert.equal(row.答复, answerZh[d.answer] ?? "", "the team's answer");
    assert.match(row.发出时间, /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/, "a full local date and time");
    assert.deepEqual([row.发出时间, row.送达时间, row.已读确认时间].map(digits), [d.sent_at, d.delivered_at, d.read_at].map(zhDigits),
      "sent, delivered, read in China Standard Time");
    assert.doesNotMatch(zh.rows.flat().join(" "), uuid, "names, never ids");
    assert.doesNotMatch(zh.rows.flat().join(" "), /team:|T-P0001|\b(state|chan|answer|rc)\.[a-z_.]+/, "no address, no untranslated key");

    // A second order, which the team lead turns down from another handheld: its answer in words on
    // the screen and in the file (拒绝, not the key answer.reject).
    const other = await client(server.port, "teamlead");
    await page.click('#tabs button[data-tab="teams"]');
    await page.click('button[data-order="T-P0001"]');
    await page.selectOption("select[name=what]", "search");
    await page.click("#dlg-ok");
    await page.waitForSelector('#tabs button[data-tab="orders"].active');
    await page.waitForFunction(() => document.querySelectorAll("tr[data-task]").length === 2);
    const second = await page.$$eval("tr[data-task]", (trs) => trs.map((tr) => tr.dataset.task));
    const rejectedId = second.find((id) => id !== taskId);
    await until(() => other.envs.some((e) => e.kind === "order" && e.correlation_id === rejectedId));
    const env = other.envs.find((e) => e.kind === "order" && e.correlation_id === rejectedId);
    other.ws.send(JSON.stringify({ type: "ack", rid: "reject-1", id: env.id, level: "human", answer: "reject", reason: "人员不足" }));
    await page.waitForSelector(`tr[data-task="${rejectedId}"] .st-read`);
    const rejectedRow = await page.locator(`tr[data-task="${rejectedId}"]`).textContent();
    assert.match(rejectedRow, /拒绝/);
    assert.doesNotMatch(rejectedRow, /answer\./);
    const rejected = await exportCsv(page, rejectedId);
    assert.equal(rejected.rows.length, 2);
    const no = cells(rejected.rows)[0];
    assert.deepEqual([no.接收方, no.送达状态, no.答复], ["石塘镇应急救援队", "已读", "拒绝"]);
    other.close();

    // Cancelled, the order has a second message to the team (the task notice saying so): two rows
    // for one recipient, told apart by the message's kind.
    await page.click(`[data-cancel-task="${taskId}"]`);
    await page.fill("textarea[name=reason]", "险情解除");
    await page.click("#dlg-ok");
    await until(async () => (await api.call("bus.deliveries", { correlation_id: taskId })).result.deliveries
      .some((x) => x.kind === "task" && ["delivered", "read"].includes(x.state)));
    const cancelled = cells((await exportCsv(page, taskId)).rows);
    const stateZh = { queued: "排队", sent: "已发出", delivered: "已送达", read: "已读", failed: "失败", expired: "过期" };
    const now = (await api.call("bus.deliveries", { correlation_id: taskId })).result.deliveries;
    assert.deepEqual(now.map((x) => [x.kind, x.state]).sort(), [["order", "read"], ["task", now.find((y) => y.kind === "task").state]]);
    assert.deepEqual(cancelled.map((x) => [x.接收方, x.消息类型, x.送达状态]).sort(),
      [["石塘镇应急救援队", "任务", stateZh[now.find((y) => y.kind === "task").state]], ["石塘镇应急救援队", "指令", "已读"]]);

    // The headers and words follow the console's language.
    await page.click("#lang");
    await page.waitForSelector('#tabs button[data-tab="orders"]:text("Orders")');
    await page.click('#tabs button[data-tab="orders"]');
    const en = await exportCsv(page, taskId);
    assert.match(en.name, /^order-receipts-.+-\d{12}\.csv$/);
    assert.deepEqual(en.rows[0], ["Recipient", "Message", "Delivery", "Channel", "Receipt via", "Answer", "Sent", "Delivered", "Acknowledged"]);
    const enRow = cells(en.rows)[0];
    assert.deepEqual([enRow.Message, enRow.Delivery, enRow.Channel, enRow.Answer], ["order", "read", "IP", answerEn[d.answer] ?? ""]);
    await page.click("#lang");  // back to Chinese
    assert.deepEqual(errors, []);
  } finally {
    api?.close();
    if (field) await field.close();
    lead?.close();
    await browser.close();
    await server.stop();
  }
});
