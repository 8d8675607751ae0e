// 演练台账 / the drill register on the drills page: the year's drills against the bureau's cadences
// (city comprehensive drill each quarter, a special drill in each county each month, ...). The
// duty officer (zh, 1366x768) reads which periods were met or missed, registers a county's drill
// held outside the system from the form and sees the county's July turn met; an ended in-system
// drill waits to be classified and is registered from its row. The water bureau (en, 1920x1080)
// sees its own drill only. No id on screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, launchBrowser, openDesk, shotDir, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the drill register counts the year's drills against the bureau's cadences", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  const shots = shotDir(binaryDir), errors = [];
  try {
    const ok = (r) => { assert.ok(r.ok, JSON.stringify(r.error)); return r.result; };
    const officerApi = await client(server.port, "officer"), director = await client(server.port, "director");
    const water = await client(server.port, "water");
    const outside = (kind, unit, day, people = 80) => ({ title: `${day} ${kind}`, kind, unit_id: unit, held_on: day, participants: people, scripted: true });
    ok(await officerApi.call("drill.register", { ...outside("comprehensive", "city", "2026-03-15", 2000), title: "一季度全市防汛综合演练" }));
    ok(await water.call("drill.register", { ...outside("joint", "water_resources", "2026-04-02", 150), title: "水库调度联合演练", scripted: false,
      departments: ["water_resources", "meteorology"] }));
    const drill = ok(await director.call("drill.start", { name: "台风无脚本演练", scripted: false }));
    ok(await director.call("drill.end", { id: drill.id }));

    const page = await openDesk(browser, server.url, "officer", { lang: "zh", width: 1366, height: 768, errors });
    await page.goto(server.url + "drill.html");
    await page.waitForSelector("body[data-ready='1'] section.register");
    const chip = (cadence, unit, period) => page.locator(`tr[data-cadence="${cadence}"][data-unit="${unit}"] [data-period="${period}"]`);
    assert.match(await page.textContent("#dreg-totals"), /全年演练 2 次，其中无脚本演练 1 次，参演 2,150 人次/);
    assert.match(await chip("city_comprehensive", "city", "2026-Q1").getAttribute("class"), /chip-met/);
    assert.match(await chip("city_comprehensive", "city", "2026-Q2").getAttribute("class"), /chip-missed/);
    assert.match(await chip("city_comprehensive", "city", "2026-Q3").textContent(), /进行中/);
    assert.match(await chip("county_special", "county-1", "2026-07").getAttribute("class"), /chip-missed/);
    assert.match(await page.textContent('tr[data-cadence="county_special"][data-unit="county-1"]'), /专项演练.*滨海县.*0\/7 期/s);
    assert.equal(await page.inputValue("#dreg-form [name=unit_id]"), "city", "the desk's own unit first");

    // A county's July drill, held outside the system, registered from the form.
    await page.fill("#dreg-form [name=title]", "滨海县森林火灾专项演练");
    await page.selectOption("#dreg-form [name=kind]", "special");
    await page.selectOption("#dreg-form [name=unit_id]", "county-1");
    await page.fill("#dreg-form [name=held_on]", "2026-07-10");
    await page.fill("#dreg-form [name=participants]", "60");
    await page.click("#dreg-form button");
    await until(async () => /chip-met/.test(await chip("county_special", "county-1", "2026-07").getAttribute("class")));
    assert.match(await page.textContent("section.register table.entries"), /2026-07-10\s*滨海县森林火灾专项演练\s*专项演练\s*滨海县\s*60/);
    // The in-system drill, classified from its row.
    const row = page.locator(`tr[data-unregistered="${drill.id}"]`);
    await row.locator("select[name=kind]").selectOption("joint");
    await row.locator("input[name=participants]").fill("120");
    await row.locator("button").click();
    await until(async () => (await page.locator("tr[data-unregistered]").count()) === 0);
    assert.match(await page.textContent("section.register table.entries"), /台风无脚本演练\s*（系统内演练）\s*部门联合演练/);
    // The plans register below: 1 master and 25 special plans, their rules, a revision after a drill.
    assert.equal(await page.locator("tr[data-plan]").count(), 26);
    assert.match(await page.textContent("#plan-totals"), /专项预案 25 件，共 26 件；本年度已修订 0 件/);
    assert.match(await page.textContent('tr[data-plan="flood_typhoon"] [data-rule="warning.red"]'), /红色预警.*触发 0 次/s);
    assert.match(await page.textContent('tr[data-plan="earthquake"]'), /尚无规则，由值班台人工研判/);
    await page.selectOption("#plan-revise [name=plan]", "reservoir");
    await page.selectOption("#plan-revise [name=drill]", { label: "2026-04-02 水库调度联合演练" });
    await page.fill("#plan-revise [name=summary]", "演练后补充下游转移路线");
    await page.click("#plan-revise button");
    await until(async () => /本年已修订/.test(await page.textContent('tr[data-plan="reservoir"]')));
    assert.match(await page.textContent('tr[data-plan="reservoir"]'), /2026-08-20 演练后补充下游转移路线/);
    const text = await page.textContent("body");
    assert.doesNotMatch(text, uuid, "no id on the page");
    await page.screenshot({ path: join(shots, "drill-register-zh-1366.png"), fullPage: true });
    await page.locator("section.plans").screenshot({ path: join(shots, "plans-register-zh-1366.png") });

    // The water bureau's desk: its own drill only, and the register page is its drills page.
    const dept = await openDesk(browser, server.url, "water", { lang: "en", width: 1920, height: 1080, errors });
    assert.equal(await dept.isVisible("#drills"), true);
    await dept.goto(server.url + "drill.html");
    await dept.waitForSelector("body[data-ready='1'] section.register");
    assert.equal(await dept.locator("table.entries tr[data-entry]").count(), 1);
    assert.match(await dept.textContent("table.entries"), /Reservoir|水库调度联合演练.*Joint \(departments\).*Water Resources Bureau.*150.*No script/s);
    assert.equal(await dept.locator("table.cadences").count(), 0, "a department answers for no cadence");
    // It records revisions of the plans it leads only.
    const revisable = await dept.locator("#plan-revise [name=plan] option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(revisable.sort(), ["drought", "reservoir"]);
    await dept.screenshot({ path: join(shots, "drill-register-department-en-1920.png"), fullPage: true });
    assert.deepEqual(errors, []);
    for (const c of [officerApi, director, water]) c.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
