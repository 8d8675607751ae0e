// Hazards from the console (issue 16): the duty officer triages a citizen's 随手拍 (awaiting
// assignment first, with its 1 h limit), assigns it, verifies it as general (the grade's
// consequence shown first), plans the five in place (a bad funds number is refused in words and
// nothing is sent), reports it rectified, has the acceptance refused (back to rectification with a
// new 7-day limit), then passed (closed), and reopens it after a re-check; the detail lists who did
// each step and when. A major hazard reported from the console opens its 1 h report-up, met from the
// console. An observer sees no step. English and Chinese, 1366x768 and 1920x1080, screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, login, shotDir, startServer, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const cjk = /[\u4e00-\u9fff]/;
let server, browser, shots, officerApi;
const errors = [];

before(async () => {
  // 2026-12-01 08:00 in Shanghai, a clock that stands still unless advanced.
  server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-12-01T00:00:00.000Z"]);
  browser = await launchBrowser();
  shots = shotDir(binaryDir);
  officerApi = await client(server.port, "officer");
});
after(async () => {
  officerApi?.close();
  await browser?.close();
  await server?.stop();
});

const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
async function citizenReport(key, description, place) {
  const res = await fetch(`${server.url}api/citizen/hazards`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_key: key, description, place: { name: place, lat: 28.3169, lon: 120.1995 }, photo: { ref: `photo://${key}`, bytes: 90000 } }) });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}
async function openPage(user, viewport, lang = "zh") {
  const page = await browser.newPage({ viewport });
  page.on("pageerror", (e) => errors.push(String(e)));
  const sent = [];  // the ops this page sent
  page.on("websocket", (ws) => ws.on("framesent", (f) => { try { const m = JSON.parse(f.payload); if (m.type === "req") sent.push(m.op); } catch {} }));
  await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
  await login(page, server.url, user);
  await page.click('#tabs button[data-tab="supplies"]');
  await page.waitForSelector("#supplies table.hazards");
  return { page, sent };
}
const row = (page, id) => page.locator(`tr[data-hazard="${id}"]`);
const waitStatus = (page, id, status) => page.waitForSelector(`tr[data-hazard="${id}"][data-status="${status}"]`);
const step = (page, id, op) => page.click(`tr[data-hazard="${id}"] [data-hz-op="${op}"]`);
const dialogError = (page) => page.locator("#dialog #dlg-error").textContent();

test("a citizen's report from triage to closed and reopened, from the console", async () => {
  const older = await citizenReport("hz-browser-0", "松溪镇便桥护栏缺失", "松溪镇便桥");
  ok(await officerApi.call("hazard.assign", { id: older, unit_id: "county-2" }));  // already assigned: not in the triage's head
  ok(await officerApi.call("hazard.report", { title: "云岭乡卫生院配电房渗水", place: { name: "云岭乡卫生院" } }));
  const id = await citizenReport("hz-browser-1", "河口镇老街电线杆倾斜", "河口镇老街");
  const { page, sent } = await openPage("officer", { width: 1366, height: 768 });

  // 随手拍: citizen reports only, the one awaiting assignment first, with its 1 h limit.
  assert.match(await page.textContent('[data-hz-filter="citizen"]'), /随手拍 · 待交办 1/);
  await page.click('[data-hz-filter="citizen"]');
  await page.waitForSelector('[data-hz-filter="citizen"][aria-pressed="true"]');
  const rows = page.locator("table.hazards > tbody > tr");
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.first().getAttribute("data-hazard"), id);
  assert.match(await rows.first().getAttribute("class"), /hz-triage/);
  assert.match(await row(page, id).locator("table.dls").textContent(), /交办 (1:00:00|0:59:\d\d)/);
  assert.match(await row(page, id).locator("table.dls").textContent(), /核查 (24:00:00|23:59:\d\d)/);
  // The officer may assign it; verifying waits for the assignment.
  assert.deepEqual(await row(page, id).locator("[data-hz-op]").evaluateAll((bs) => bs.map((b) => b.dataset.hzOp)), ["assign", "detail"]);
  await page.screenshot({ path: join(shots, "hazards-triage-1366.png") });

  // 交办: a unit must be chosen; then the county, and the 1 h limit is met.
  await step(page, id, "assign");
  assert.match(await page.textContent("#dialog .hz-limit"), /交办 · 须于 12\/01 09:00:00 前完成/);
  await page.click("#dialog #dlg-ok");
  assert.equal(await dialogError(page), "请选择责任单位");
  assert.match(await page.locator('#dialog select[name=unit] option[value="P0001"]').textContent(), /^滨海县 · 石塘镇$/);
  await page.selectOption("#dialog select[name=unit]", "county-1");
  await page.click("#dialog #dlg-ok");
  await page.waitForSelector("#dialog", { state: "hidden" });
  await waitStatus(page, id, "assigned");
  assert.match(await row(page, id).locator("table.dls").textContent(), /交办 按时完成/);
  assert.match(await row(page, id).textContent(), /滨海县/);
  assert.match(await page.textContent('[data-hz-filter="citizen"]'), /待交办 0/);

  // 核查: each finding says what it brings before it is sent.
  await step(page, id, "verify");
  const conseq = () => page.textContent("#dialog .hz-conseq");
  assert.match(await conseq(), /一般隐患：7日内反馈整改结果/);
  await page.check('#dialog input[name=grade][value="major"]');
  assert.match(await conseq(), /重大隐患：挂牌督办，须在1小时内向上级报告/);
  await page.check('#dialog input[name=grade][value="larger"]');
  assert.match(await conseq(), /停产停业整改/);
  await page.check('#dialog input[name=valid][value="no"]');
  assert.match(await conseq(), /不予认定/);
  assert.equal(await page.isDisabled('#dialog input[name=grade][value="general"]'), true);
  await page.check('#dialog input[name=valid][value="yes"]');
  await page.check('#dialog input[name=grade][value="general"]');
  await page.fill("#dialog textarea[name=note]", "电线杆基础松动，属实");
  await page.screenshot({ path: join(shots, "hazards-verify-1366.png") });
  await page.click("#dialog #dlg-ok");
  await waitStatus(page, id, "rectifying");
  assert.match(await row(page, id).textContent(), /一般/);
  assert.match(await row(page, id).locator("table.dls").textContent(), /核查 按时完成/);

  // 整改方案: funds that are not whole yuan are refused in words and nothing is sent.
  await step(page, id, "plan");
  await page.fill("#dialog input[name=target]", "电线杆扶正加固，消除倒伏风险");
  await page.fill("#dialog textarea[name=measures]", "更换基础、增设拉线，施工期间设置警示带");
  await page.fill("#dialog input[name=deadline]", "2026-12-05T18:00");
  await page.fill("#dialog input[name=owner]", "河口镇供电所 陈工");
  for (const [funds, message] of [["12万", "整改资金须为整数金额（元），如 80000；“12万”不是金额"], ["-500", "整改资金不能为负数"],
    ["3000.5", "整改资金按整数元填写，不含角、分"], ["", "请填写整改资金（元）；没有资金投入请填 0"]]) {
    await page.fill("#dialog input[name=funds]", funds);
    await page.click("#dialog #dlg-ok");
    assert.equal(await dialogError(page), message, funds);
  }
  await page.screenshot({ path: join(shots, "hazards-plan-error-1366.png") });
  assert.equal(sent.filter((op) => op === "hazard.plan").length, 0, "a bad number is never sent");
  assert.equal(ok(await officerApi.call("hazard.get", { id })).five_in_place, null, "nothing changed");
  // A deadline already past is refused too.
  await page.fill("#dialog input[name=funds]", "80,000");
  await page.fill("#dialog input[name=deadline]", "2026-11-30T18:00");
  await page.click("#dialog #dlg-ok");
  assert.match(await dialogError(page), /^整改时限须晚于当前时间/);
  await page.fill("#dialog input[name=deadline]", "2026-12-05T18:00");
  await page.click("#dialog #dlg-ok");
  await page.waitForSelector("#dialog", { state: "hidden" });
  await page.waitForFunction((hid) => document.querySelector(`tr[data-hazard="${hid}"] .five`)?.textContent.trim() === "5/5", id);
  const five = ok(await officerApi.call("hazard.get", { id })).five_in_place;
  assert.deepEqual({ ...five }, { target: "电线杆扶正加固，消除倒伏风险", measures: "更换基础、增设拉线，施工期间设置警示带",
    deadline: Date.parse("2026-12-05T10:00:00Z"), funds_yuan: 80000, owner: "河口镇供电所 陈工" });
  assert.equal(sent.filter((op) => op === "hazard.plan").length, 1);
  assert.equal(await row(page, id).locator('[data-hz-op="replan"]').textContent(), "修改方案");

  // 已整改 → 待验收 with its 3 working days; 验收 refused (a reason is required) → back to rectification.
  await step(page, id, "rectified");
  await waitStatus(page, id, "accepting");
  assert.match(await row(page, id).locator("table.dls").textContent(), /整改 按时完成.*验收 \d天 \d\d:\d\d:\d\d|验收 \d天 \d\d:\d\d:\d\d.*整改 按时完成/s);
  await step(page, id, "accept");
  await page.click("#dialog #dlg-refuse");
  assert.equal(await dialogError(page), "退回整改须填写验收意见（不通过的原因）");
  await page.fill("#dialog textarea[name=note]", "拉线未固定，警示带缺失");
  await page.click("#dialog #dlg-refuse");
  await waitStatus(page, id, "rectifying");
  assert.match(await row(page, id).locator("table.dls").textContent(), /整改 (7天 00:00:00|6天 23:5\d:\d\d)/);
  // Rectified again, accepted: closed (已销号), and the closure rate counts it.
  await step(page, id, "rectified");
  await waitStatus(page, id, "accepting");
  await step(page, id, "accept");
  await page.fill("#dialog textarea[name=note]", "复验合格");
  await page.click("#dialog #dlg-ok");
  await waitStatus(page, id, "closed");
  assert.equal(await row(page, id).locator(".hz-status").textContent(), "已销号");
  assert.deepEqual(await row(page, id).locator("[data-hz-op]").evaluateAll((bs) => bs.map((b) => b.dataset.hzOp)), ["reopen", "detail"]);

  // 复查重开: a reason, then rectifying again with the count shown.
  await step(page, id, "reopen");
  await page.click("#dialog #dlg-ok");
  assert.equal(await dialogError(page), "请填写重开原因");
  await page.fill("#dialog textarea[name=reason]", "回头看复查：拉线再次松脱");
  await page.click("#dialog #dlg-ok");
  await waitStatus(page, id, "rectifying");
  assert.match(await row(page, id).textContent(), /复查重开 1 次/);
  // One line per kind in the row (the open limit, else the last decided); the detail has them all.
  assert.deepEqual((await row(page, id).locator("table.dls .muted:first-child").allTextContents()).sort(), ["交办", "整改", "核查", "验收"].sort());

  // The detail: who did each step and when, in words (no ids, no JSON).
  await step(page, id, "detail");
  await page.waitForSelector("#dialog .hz-history li");
  const history = await page.locator("#dialog .hz-history li").allTextContents();
  assert.equal(history.length, 9, history.join("\n"));
  assert.match(history[0], /12\/01 08:00:00 群众（随手拍） 群众随手拍举报 · 河口镇老街/);
  assert.match(history[1], /值班员 王芳 交办给滨海县/);
  assert.match(history[2], /值班员 王芳 核查属实，定为一般隐患：电线杆基础松动，属实/);
  assert.match(history[3], /制定整改方案（五到位）：目标：电线杆扶正加固.*资金：80,000 元；责任人：河口镇供电所 陈工/);
  assert.match(history[5], /验收不通过，退回整改：拉线未固定，警示带缺失/);
  assert.match(history[7], /验收通过，销号：复验合格/);
  assert.match(history[8], /复查不合格，重新整改：回头看复查：拉线再次松脱/);
  const detail = await page.textContent("#dialog-body");
  assert.doesNotMatch(detail, uuid);
  assert.doesNotMatch(detail, /[{[]\s*"|"\s*:/);
  assert.match(detail, /整改资金|资金.*80,000 元/s);
  await page.screenshot({ path: join(shots, "hazards-detail-1366.png") });

  assert.equal(await page.locator("#dialog #hz-reward").count(), 0, "the duty officer does not pay rewards");
  await page.click("#dialog [data-close]");

  // Someone else moved a hazard on while the dialog was open: said in words, not in state codes.
  const other = await citizenReport("hz-browser-2", "梅林镇塘头村山体裂缝", "梅林镇塘头村");
  await row(page, other).waitFor();
  await step(page, other, "assign");
  await page.selectOption("#dialog select[name=unit]", "county-3");
  ok(await officerApi.call("hazard.assign", { id: other, unit_id: "county-2" }));
  await page.click("#dialog #dlg-ok");
  await page.waitForFunction(() => document.querySelector("#dialog #dlg-error")?.textContent.length > 0);
  assert.equal(await dialogError(page), "该隐患已由他人办理、状态已变化，请关闭后查看最新状态");
  assert.equal(await page.isDisabled("#dialog #dlg-ok"), false);
  await page.click("#dialog [data-close]");
  await page.click('[data-hz-filter="all"]');
  await page.screenshot({ path: join(shots, "hazards-1366.png") });

  // 举报奖励 (seed-digest §4: a verified citizen report RMB 50–500), paid by the leader on duty: out
  // of range is refused before anything is sent; 300 yuan is paid, shown, and cannot be paid twice.
  const leader = await openPage("leader", { width: 1366, height: 768 });
  await leader.page.click('[data-hz-filter="all"]');
  await step(leader.page, id, "detail");
  await leader.page.click("#dialog #hz-reward");
  await leader.page.fill("#dialog input[name=amount]", "20");
  await leader.page.click("#dialog #dlg-ok");
  assert.equal(await dialogError(leader.page), "请填写 50 至 500 之间的整数金额");
  assert.equal(leader.sent.filter((op) => op === "hazard.reward").length, 0, "a bad amount is never sent");
  await leader.page.fill("#dialog input[name=amount]", "300");
  await leader.page.click("#dialog #dlg-ok");
  await leader.page.waitForSelector('#dialog .hz-history li[data-kind="hazard.rewarded"]');
  assert.match(await leader.page.textContent("#dialog-body"), /举报奖励 300 元/);
  assert.equal(await leader.page.locator("#dialog #hz-reward").count(), 0, "paid once");
  assert.equal(ok(await officerApi.call("hazard.get", { id })).reward_yuan, 300);
  await leader.page.screenshot({ path: join(shots, "hazards-reward-1366.png") });
  await leader.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a major hazard reported from the console opens its 1 h report-up, met from the console", async () => {
  const { page } = await openPage("officer", { width: 1920, height: 1080 });
  await page.click("#hz-new");
  await page.click("#dialog #dlg-ok");
  assert.equal(await dialogError(page), "请填写隐患名称");
  await page.fill("#dialog input[name=title]", "滨海化工园区储罐区防火堤开裂");
  await page.fill("#dialog input[name=place]", "滨海化工园区");
  await page.selectOption("#dialog select[name=unit]", "county-1");
  await page.click("#dialog #dlg-ok");
  await page.waitForSelector("#dialog", { state: "hidden" });
  const r = page.locator("tr[data-hazard]", { hasText: "滨海化工园区储罐区防火堤开裂" });
  await r.waitFor();
  const id = await r.getAttribute("data-hazard");
  assert.equal(await r.getAttribute("data-status"), "reported");
  assert.equal(await r.locator("table.dls tr").count(), 0, "an inspector's find has no citizen limits");
  await step(page, id, "assign");
  await page.selectOption("#dialog select[name=unit]", "county-1");
  await page.click("#dialog #dlg-ok");
  await waitStatus(page, id, "assigned");
  await step(page, id, "verify");
  await page.check('#dialog input[name=grade][value="major"]');
  assert.match(await page.textContent("#dialog .hz-conseq"), /1小时内向上级报告/);
  await page.click("#dialog #dlg-ok");
  await waitStatus(page, id, "rectifying");
  // Listed, 0/5, the 1 h report-up running; no 已整改 before the five in place.
  await page.waitForFunction((hid) => /上报 (1:00:00|0:59:\d\d)/.test(document.querySelector(`tr[data-hazard="${hid}"] table.dls`)?.textContent ?? ""), id);
  assert.match(await r.textContent(), /重大.*挂牌督办/s);
  assert.equal((await r.locator(".five").textContent()).trim(), "0/5");
  assert.equal(await r.locator('[data-hz-op="rectified"]').count(), 0);
  assert.match(await r.locator(".hz-hint").textContent(), /重大隐患须先落实五到位/);
  await page.screenshot({ path: join(shots, "hazards-major-1920.png") });
  await step(page, id, "report_up");
  assert.match(await page.textContent("#dialog"), /上报 · 须于 12\/01 09:00:00 前完成/);
  assert.match(await page.textContent("#dialog"), /报送：示范市/);
  await page.click("#dialog #dlg-ok");
  assert.equal(await dialogError(page), "请填写上报内容");
  await page.fill("#dialog textarea[name=text]", "滨海化工园区储罐区防火堤开裂约3米，已降液位并设警戒区");
  await page.click("#dialog #dlg-ok");
  await page.waitForFunction((hid) => /上报 按时完成/.test(document.querySelector(`tr[data-hazard="${hid}"] table.dls`)?.textContent ?? ""), id);
  assert.equal(await r.locator('[data-hz-op="report_up"]').count(), 0);
  assert.equal(await r.locator('[data-hz-op="follow_up"]').textContent(), "续报");
  await step(page, id, "follow_up");
  assert.match(await page.textContent("#dialog h2"), /重大隐患续报/);
  await page.click("#dialog [data-close]");
  assert.deepEqual(errors, []);
  await page.close();
});

test("an observer sees the hazards and their details, but no step", async () => {
  const { page } = await openPage("observer", { width: 1366, height: 768 });
  await page.waitForSelector("tr[data-hazard]");
  assert.ok(await page.locator("tr[data-hazard]").count() >= 4);
  assert.equal(await page.locator("#hz-new").count(), 0);
  const ops = await page.locator("[data-hz-op]").evaluateAll((bs) => [...new Set(bs.map((b) => b.dataset.hzOp))]);
  assert.deepEqual(ops, ["detail"]);
  await page.locator('[data-hz-op="detail"]').first().click();
  await page.waitForSelector("#dialog .hz-history li");
  await page.click("#dialog [data-close]");
  await page.locator("table.hazards").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "hazards-observer-1366.png") });
  await page.close();
});

test("in English: the steps, the consequences and the funds message; the wall screen in both languages", async () => {
  const id = await citizenReport("hz-browser-en", "南湾镇码头护栏断裂", "南湾镇码头");
  for (const [viewport, name] of [[{ width: 1366, height: 768 }, "1366"], [{ width: 1920, height: 1080 }, "1920"]]) {
    const { page } = await openPage("officer", viewport, "en");
    await row(page, id).waitFor();
    for (const sel of ["#supplies h3", "#supplies th", "#supplies button", ".hz-status", "table.hazards table.dls .muted"])
      for (const text of await page.locator(sel).allTextContents()) assert.doesNotMatch(text, cjk, `${sel}: ${text}`);
    assert.match(await page.textContent('[data-hz-filter="citizen"]'), /^Citizen reports · \d+ to assign$/);
    await page.locator("table.hazards").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `hazards-en-${name}.png`) });
    if (name === "1366") {
      assert.match(await row(page, id).locator("table.dls").textContent(), /Assign (1:00:00|0:59:\d\d)/);
      await step(page, id, "assign");
      await page.selectOption("#dialog select[name=unit]", "county-2");
      assert.match(await page.locator('#dialog select[name=unit] option[value="county-2"]').textContent(), /^Qingshan County$/);
      await page.click("#dialog #dlg-ok");
      await waitStatus(page, id, "assigned");
      await step(page, id, "verify");
      assert.match(await page.textContent("#dialog .hz-conseq"), /General: the rectification is fed back within 7 days/);
      await page.check('#dialog input[name=grade][value="major"]');
      assert.match(await page.textContent("#dialog .hz-conseq"), /Major: listed for city supervision and reported upward within 1 h/);
      await page.check('#dialog input[name=grade][value="general"]');
      await page.click("#dialog #dlg-ok");
      await waitStatus(page, id, "rectifying");
      await step(page, id, "plan");
      await page.fill("#dialog input[name=target]", "Railing replaced");
      await page.fill("#dialog textarea[name=measures]", "New railing, warning tape meanwhile");
      await page.fill("#dialog input[name=deadline]", "2026-12-04T12:00");
      await page.fill("#dialog input[name=owner]", "Pier manager Li");
      await page.fill("#dialog input[name=funds]", "twelve thousand");
      await page.click("#dialog #dlg-ok");
      assert.equal(await dialogError(page), 'Funds must be a whole number of yuan, such as 80000, not "twelve thousand"');
      for (const text of await page.locator("#dialog label span, #dialog h2, #dialog button, #dialog-body > p.muted").allTextContents())
        assert.doesNotMatch(text, cjk, text);
      await page.screenshot({ path: join(shots, "hazards-plan-en-1366.png") });
      await page.fill("#dialog input[name=funds]", "12000");
      await page.click("#dialog #dlg-ok");
      await page.waitForFunction((hid) => document.querySelector(`tr[data-hazard="${hid}"] .five`)?.textContent.trim() === "5/5", id);
      await step(page, id, "detail");
      await page.waitForSelector("#dialog .hz-history li");
      const history = await page.locator("#dialog .hz-history li").allTextContents();
      assert.match(history[1], /Duty officer Wang Fang|值班员 王芳/);  // a person's name is as entered
      assert.match(history.join("\n"), /Assigned to Qingshan County.*Verified: a general hazard.*Rectification plan \(five in place\): target: Railing replaced.*funds: 12,000 yuan/s);
      for (const text of await page.locator("#dialog h3, #dialog dt, #dialog .hz-status").allTextContents()) assert.doesNotMatch(text, cjk, text);
      await page.screenshot({ path: join(shots, "hazards-detail-en-1366.png") });
      await page.click("#dialog [data-close]");
    } else {
      await page.click("#lang");
      await page.waitForSelector(`tr[data-hazard="${id}"] .hz-status:text("整改中")`);
      assert.match(await page.textContent('[data-hz-filter="citizen"]'), /随手拍/);
      await page.screenshot({ path: join(shots, "hazards-1920.png") });
    }
    await page.close();
  }
  assert.deepEqual(errors, []);
});
