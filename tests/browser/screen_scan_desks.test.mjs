// The township's and the county's duty desks (town1 of 石塘镇, county1 of 滨海县), in both
// languages, on a working morning (scan.mjs seedMorning): every tab each is offered, its top strip,
// the flood's incident dialog and the hazard assigned to the county with its steps, scanned for
// raw JSON, ids, string keys, missing values and, in Chinese, program identifiers and English words.
// The township's desk starts in English, the county's in Chinese; each switches with the console's
// language button. (The department and squad desks: screen_scan_partners.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, startServer } from "./harness.mjs";
import { openTab, scanDesk, seedMorning } from "./scan.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;
const LOCAL = ["incidents", "warnings", "consultations", "notices", "teams", "orders", "deadlines", "links", "duty", "supplies", "reports", "journal"];

test("the township and county desks show no raw JSON, ids, keys or identifiers, in either language", async () => {
  const server = await startServer(binaryDir, ["--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"]);
  const browser = await launchBrowser();
  try {
    const seed = await seedMorning(server.port);
    const found = [
      ...await scanDesk(browser, server, binaryDir, seed, { user: "town1", first: "en", size: [1920, 1080], tabs: LOCAL, shots: ["reports", "incident dialog"] }),
      ...await scanDesk(browser, server, binaryDir, seed, { user: "county1", first: "zh", size: [1366, 768], tabs: LOCAL, shots: ["supplies", "reports", "hazard detail"],
        extra: async (page, lang, scanDialog) => {
          await openTab(page, "supplies");
          await scanDialog("hazard detail", () => page.click(`#panel [data-hz-op="detail"][data-id="${seed.hazard.id}"]`), ".hz-detail h3");
          for (const step of await page.$$eval(`#panel [data-hz-op][data-id="${seed.hazard.id}"]`, (bs) => bs.map((b) => b.dataset.hzOp).filter((s) => !["detail", "rectified"].includes(s))))
            await scanDialog(`hazard ${step}`, () => page.click(`#panel [data-hz-op="${step}"][data-id="${seed.hazard.id}"]`), "#dlg-ok");
        } }),
    ];
    assert.deepEqual(found, [], found.join("\n"));
  } finally {
    await browser.close();
    await server.stop();
  }
});
