// The keyboard shortcuts of shortcuts.js on a working morning (scan.mjs seedMorning): N a new
// incident, O a new order, M a new notice (with its groups), ? the list of shortcuts, / the journal's
// search, Alt+1…9 the tabs in the order shown. Each opens what it says; Esc closes the dialog; no
// shortcut works under an open dialog; the same letters typed into a field (a dialog's, the journal's
// search, the duty log's) only type; and the squad lead, who may do none of N, O, M and /, is neither
// offered them in the list nor has them work.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, login, startServer } from "./harness.mjs";
import { openTab, seedMorning } from "./scan.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
let server, browser;

before(async () => {
  server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  browser = await launchBrowser();
  await seedMorning(server.port);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("keyboard shortcuts open what they say, Esc closes, typing in a field does not trigger them", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.addInitScript(() => localStorage.setItem("lifeline.lang", "zh"));
  await login(page, server.url, "officer");
  await page.waitForTimeout(1000);
  const dialogTitle = async () => ((await page.locator("#dialog:not([hidden]) #dialog-body h2").count()) ? (await page.textContent("#dialog-body h2")).trim() : null);
  const activeTab = () => page.getAttribute("#tabs button.active", "data-tab");
  const key = async (k) => { await page.keyboard.press(k); await page.waitForTimeout(300); };

  // N, O, M and ? open their dialogs (the officer may do each); Esc closes each.
  await openTab(page, "incidents");
  await page.locator("body").click({ position: { x: 5, y: 400 } });  // the focus on the page, not a field
  for (const [k, title, field] of [["n", "新建事件", "select[name=type]"], ["o", "下达指令", "select[name=team][multiple]"],
    ["m", "发送通知", "select[name=groups]"], ["?", "键盘快捷键", "table.shortcuts"], ["Shift+N", "新建事件", "select[name=type]"]]) {
    await key(k);
    await page.waitForSelector(`#dialog:not([hidden]) ${field}`, { timeout: 5000 });
    assert.equal(await dialogTitle(), title, `${k} opens ${title}`);
    // Another shortcut while a dialog is open does nothing (the dialog stays what it was).
    await key("o");
    assert.equal(await dialogTitle(), title, `o inside the ${title} dialog changes nothing`);
    await key("Escape");
    assert.equal(await page.isHidden("#dialog"), true, `Esc closes ${title}`);
  }
  // The help lists exactly the keys this desk may use.
  await key("?");
  const help = await page.textContent("#dialog-body table.shortcuts");
  for (const s of ["Alt", "N", "新建事件", "O", "下达指令", "M", "发送通知", "/", "搜索值班日志", "Esc", "关闭对话框", "?"]) assert.ok(help.includes(s), `the help names ${s}: ${help}`);
  await key("Escape");

  // Typing a shortcut's letter into a dialog's field types it and opens nothing else.
  await key("n");
  await page.click("#dialog-body input[name=title]");
  await page.keyboard.type("nom?/");
  assert.equal(await page.inputValue("#dialog-body input[name=title]"), "nom?/");
  assert.equal(await dialogTitle(), "新建事件");
  await key("Escape");
  assert.equal(await page.isHidden("#dialog"), true);

  // / goes to the journal with its search field focused; the letters typed there stay there.
  await key("/");
  await page.waitForFunction(() => document.activeElement?.id === "jr-q", null, { timeout: 5000 });
  assert.equal(await activeTab(), "journal");
  await page.keyboard.type("nom?/");
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue("#jr-q"), "nom?/", "the letters are typed into the search field");
  assert.equal(await page.isHidden("#dialog"), true, "typing n, o, m, ? into a field opens no dialog");
  assert.equal(await activeTab(), "journal");

  // In the duty log's field too (an input outside any dialog).
  await openTab(page, "duty");
  await page.click("#duty-text");
  await page.keyboard.type("mono");
  assert.equal(await page.inputValue("#duty-text"), "mono");
  assert.equal(await page.isHidden("#dialog"), true);

  // Alt+1…9: the tabs in the order shown.
  await page.locator("body").click({ position: { x: 5, y: 400 } });
  const shown = await page.$$eval("#tabs button", (bs) => bs.filter((b) => !b.hidden).map((b) => b.dataset.tab));
  for (const n of [1, 2, 4, 9]) {
    await key(`Alt+Digit${n}`);
    assert.equal(await activeTab(), shown[n - 1], `Alt+${n} goes to ${shown[n - 1]}`);
  }
  // Not while a dialog is open.
  await key("n");
  await key("Alt+Digit1");
  assert.equal(await activeTab(), shown[8], "Alt+1 under an open dialog leaves the tab");
  await key("Escape");
  await page.close();

  // The squad lead may not open incidents, order or send notices, and has no journal: N, O, M and /
  // do nothing there, and its help does not offer them.
  const lead = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await lead.addInitScript(() => localStorage.setItem("lifeline.lang", "en"));
  await login(lead, server.url, "teamlead");
  await lead.waitForTimeout(1000);
  await lead.locator("body").click({ position: { x: 5, y: 400 } });
  for (const k of ["n", "o", "m", "/"]) {
    await lead.keyboard.press(k);
    await lead.waitForTimeout(300);
    assert.equal(await lead.isHidden("#dialog"), true, `${k} opens nothing for the squad lead`);
    assert.equal(await lead.getAttribute("#tabs button.active", "data-tab"), "incidents");
  }
  await lead.keyboard.press("?");
  await lead.waitForSelector("#dialog:not([hidden]) table.shortcuts");
  const leadHelp = await lead.textContent("#dialog-body table.shortcuts");
  for (const s of ["New incident", "New order", "Send a notice", "Search the journal"]) assert.ok(!leadHelp.includes(s), `the squad lead's help does not offer ${s}`);
  for (const s of ["Go to tab 1…9", "Close the dialog", "Show this list"]) assert.ok(leadHelp.includes(s), `the squad lead's help says ${s}`);
  await lead.keyboard.press("Escape");
  assert.equal(await lead.isHidden("#dialog"), true);
  await lead.close();
});
