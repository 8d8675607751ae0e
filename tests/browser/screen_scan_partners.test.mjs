// The desks outside the duty chain, in both languages, on a working morning (scan.mjs
// seedMorning): the water bureau's department desk (user water) and the 石塘镇 squad's lead
// (teamlead). Every tab each is offered, its top strip and the flood's incident dialog, with the
// bureau's consultation (its attendance, its decision) and the squad's own team detail, scanned for
// raw JSON, ids, string keys, missing values and, in Chinese, program identifiers and English words.
// The bureau's desk starts in Chinese, the squad's in English; each switches with the console's
// language button. (The township and county desks: screen_scan_desks.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, startServer } from "./harness.mjs";
import { openTab, scanDesk, seedMorning } from "./scan.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("the department and squad desks show no raw JSON, ids, keys or identifiers, in either language", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  try {
    const seed = await seedMorning(server.port);
    const found = [
      ...await scanDesk(browser, server, binaryDir, seed, { user: "water", first: "zh", size: [1366, 768],
        tabs: ["incidents", "warnings", "consultations", "notices", "teams", "deadlines", "supplies", "journal"], shots: ["consultations", "consultation dialog"],
        extra: async (page, lang, scanDialog) => {
          await openTab(page, "consultations");
          await scanDialog("consultation dialog", () => page.locator(`tr[data-consultation="${seed.meeting.id}"]`).click(), "[data-consultation-dialog] .decisions");
          await openTab(page, "warnings");
          await scanDialog("warning dialog", () => page.locator(`tr[data-warning="${seed.warning.id}"]`).click(), "[data-warning-dialog] h3");
        } }),
      ...await scanDesk(browser, server, binaryDir, seed, { user: "teamlead", first: "en", size: [1366, 768],
        tabs: ["incidents", "warnings", "notices", "teams", "orders", "deadlines", "duty"], shots: ["orders", "teams", "team detail"],
        extra: async (page, lang, scanDialog) => {
          // The squad may not answer an alarm: the incident's overdue report-up is listed, but its top
          // strip neither counts nor sounds it (it would ring for good).
          await openTab(page, "deadlines");
          assert.ok(await page.locator("#alarms tr[data-deadline]").count() > 0, "an overdue deadline is listed to the squad");
          assert.equal(await page.locator("#glance-alarms").count(), 0, "no alarm on a desk that cannot answer it");
          await openTab(page, "teams");
          await scanDialog("team detail", () => page.locator('tr[data-team="T-P0001"]').click(), ".team-detail .td-members");
        } }),
    ];
    assert.deepEqual(found, [], found.join("\n"));
  } finally {
    await browser.close();
    await server.stop();
  }
});
