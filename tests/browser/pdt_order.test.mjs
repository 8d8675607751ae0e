// An order from an incident to a squad reachable only by its PDT radio, the natural way in the
// console (issue 16): the duty officer records a landslide at 石塘镇东岙村, opens 下达指令 from the
// incident and picks the village squad. With the real PDT gateway and the squad's radio on its
// loopback link (no handheld on IP), the order goes out over PDT at once, carrying the incident by
// its number and the incident's place; the squad accepts on the radio and the desk shows 已读 ·
// PDT对讲 and the task 已接受, in zh at 1366x768 and in en at 1920x1080.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { client, createIncident, launchBrowser, login, radioTerminal, shotDir, startPdtGateway, startServer, until, uuid } from "./harness.mjs";

const binaryDir = process.env.LIFELINE_BINARY_DIR;

test("an order from an incident reaches a squad over its PDT radio and its acceptance shows on the desk", async () => {
  const server = await startServer(binaryDir);
  const gateway = await startPdtGateway(binaryDir, server);
  const officer = await client(server.port, "officer");
  const squad = (await officer.call("team.get", { id: "T-P0002" })).result;
  const radio = squad.contacts.find((c) => c.channel === "pdt").address;
  const terminal = await radioTerminal(gateway.terminals, radio);
  const browser = await launchBrowser();
  const errors = [];
  try {
    // The radio attached and the gateway registered: the squad's PDT link is up.
    await until(async () => (await officer.call("link.status", {})).result.gateways?.some((g) => g.channel === "pdt" && g.up), 20000);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, server.url, "officer");
    await createIncident(page, "geohazard", "东岙村山体滑坡", "石塘镇东岙村");
    await page.click("#inc-order");
    await page.selectOption("select[name=team]", ["T-P0002"]);
    await page.selectOption("select[name=what]", "evacuate");
    await page.selectOption("select[name=precedence]", "flash");
    await page.fill("textarea[name=note]", "转移低洼处群众，回报人数");
    await page.click("#dlg-ok");
    await page.waitForSelector('#tabs button[data-tab="orders"].active');
    const row = page.locator("tr[data-task]").first();
    await until(async () => /PDT对讲/.test(await row.textContent()), 15000);

    // On the radio: one order, with the incident's number and place, nothing refused for size.
    await until(() => terminal.downlinks.length > 0, 15000);
    const { envelope } = terminal.downlinks[0];
    const incident = (await officer.call("incident.list", {})).result.incidents.find((i) => i.title === "东岙村山体滑坡");
    assert.equal(envelope.kind, "order");
    assert.equal(envelope.body.incident_number, incident.number);
    assert.equal(envelope.body.place.name, "石塘镇东岙村");
    await until(async () => /待接受指令 1/.test(await page.textContent("#glance")), 15000);
    terminal.uplink({ kind: "receipt", id: envelope.id, level: "human", answer: "accept" });
    await until(async () => /已读/.test(await row.textContent()) && /已接受/.test(await row.textContent()), 15000);
    await until(async () => /待接受指令 0/.test(await page.textContent("#glance")), 15000);
    assert.doesNotMatch(await row.textContent(), uuid, "no id on the screen");
    await page.screenshot({ path: join(shotDir(binaryDir), "pdt-order-zh-1366.png") });

    const en = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    en.on("pageerror", (e) => errors.push(String(e)));
    await login(en, server.url, "officer");
    await en.click("#lang");
    await en.click('#tabs button[data-tab="orders"]');
    const enRow = en.locator("tr[data-task]").first();
    await until(async () => /PDT radio/.test(await enRow.textContent()) && /\bread\b/.test(await enRow.textContent()), 15000);
    assert.match(await enRow.textContent(), /acknowledged/);
    await en.screenshot({ path: join(shotDir(binaryDir), "pdt-order-en-1920.png") });
    assert.equal(terminal.downlinks.filter((d) => d.envelope.kind === "order").length, 1, "sent once");
    assert.deepEqual(errors, []);
  } finally {
    terminal.close();
    officer.close();
    await browser.close();
    await gateway.stop();
    await server.stop();
  }
});
