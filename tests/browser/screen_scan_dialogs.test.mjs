// The dialogs a city duty officer opens on a working morning (scan.mjs seedMorning), in both
// languages, scanned for raw JSON, ids, string keys, missing values and, in Chinese, program
// identifiers and English words: new incident, an incident's detail, the order dialog (from a team
// and from the incident, for several teams), convening a consultation, the notice with its group
// picker, a team's detail, a warning's detail and the CAP import, a consultation's detail, cancelling
// an order, a status phoned in (and confirming the late FLASH order by phone), a hazard's detail, a
// new release of supplies, the shortcuts' help.
// Each dialog's content must also fit its width (nothing cut off at its edge). The keyboard
// shortcuts: shortcuts.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser, login, shotDir, startServer } from "./harness.mjs";
import { closeWithEsc, dialogOverflow, openDialog, openTab, problems, seedMorning, switchLanguage } from "./scan.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
let server, browser, seed;

before(async () => {
  server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  browser = await launchBrowser();
  seed = await seedMorning(server.port);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the duty officer's dialogs show no raw JSON, ids, keys or identifiers, in either language", async () => {
  const found = [];
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.addInitScript(() => localStorage.setItem("lifeline.lang", "zh"));
  await login(page, server.url, "officer");
  await page.waitForTimeout(1500);
  for (const lang of ["zh", "en"]) {
    await switchLanguage(page, lang);
    const scan = async (what, open, ready, shot = false) => {
      await openDialog(page, open, ready);
      found.push(...problems(`officer/${lang} ${what}`, await page.textContent("#dialog-body"), lang), ...await dialogOverflow(page, `officer/${lang} ${what}`));
      if (shot) await page.screenshot({ path: join(shotDir(binaryDir), `dialog-${what.replace(/\W+/g, "-")}-${lang}.png`) });
      await closeWithEsc(page);
    };
    await openTab(page, "incidents");
    await scan("new incident", () => page.click("#new-incident"), "select[name=type] option");
    await scan("incident detail", () => page.locator(`tr[data-incident="${seed.inc.id}"]`).click(), ".timeline li");
    await scan("order from the incident", async () => {
      await page.locator(`tr[data-incident="${seed.inc.id}"]`).click();
      await page.click("#dialog-body #inc-order");
    }, "select[name=team] option", lang === "zh");
    await scan("convene about the incident", async () => {
      await page.locator(`tr[data-incident="${seed.inc.id}"]`).click();
      await page.click("#dialog-body #inc-convene");
    }, "[name=dept]");
    await openTab(page, "teams");
    await scan("order to a team", () => page.click('#panel [data-order="T-P0001"]'), "select[name=what] option");
    await scan("team detail", () => page.locator('#panel tr[data-team="T-P0001"]').click(), ".team-detail .td-members", lang === "en");
    await openTab(page, "notices");
    await scan("compose notice", () => page.click("#panel #compose"), "select[name=groups] option", true);
    await openTab(page, "orders");
    await scan("cancel order", () => page.click(`#panel tr[data-task="${seed.flash.id}"] [data-cancel-task]`), "textarea[name=reason]");
    await scan("phoned status", () => page.click(`#panel tr[data-task="${seed.phoned.id}"] [data-phoned]`), "select[name=status] option");
    await scan("late order confirmed by phone", () => page.click(`#panel [data-phone-confirm="${seed.flash.id}"]`), "select[name=status] option");
    await openTab(page, "warnings");
    await scan("warning detail", () => page.locator(`#panel tr[data-warning="${seed.warning.id}"]`).click(), "[data-warning-dialog] [data-consultation]", lang === "zh");
    await scan("CAP import", () => page.click("#panel #warn-import"), "#cap-xml");
    await openTab(page, "consultations");
    await scan("consultation detail", () => page.locator(`#panel tr[data-consultation="${seed.meeting.id}"]`).click(), "[data-consultation-dialog] .decisions");
    await scan("scheduled consultation", () => page.locator(`#panel tr[data-consultation="${seed.floodMeeting.id}"]`).click(), "[data-consultation-dialog] .participants");
    await openTab(page, "supplies");
    await scan("hazard detail", () => page.click(`#panel [data-hz-op="detail"][data-id="${seed.hazard.id}"]`), ".hz-detail h3");
    await scan("new release", () => page.click("#panel #sup-new-release"), "#dlg-ok");
    await scan("shortcuts help", () => page.click("#shortcuts"), "table.shortcuts");
  }
  await page.close();
  assert.deepEqual(found, [], found.join("\n"));
});
