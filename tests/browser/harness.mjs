// Shared by the browser tests: a real lifeline-command (demo city) on a free port with a fresh data
// dir, Debian's Chromium through playwright-core, and a team lead's handheld stand-in on the WebSocket.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import WebSocket from "ws";

// Without a --clock in `extra` the server runs a simulated clock from Thursday 2026-08-20 09:00 in
// Shanghai at real speed (continued across a restart), so no test depends on the wall clock: no
// report period begins and no demo deadline falls due for hours (tests/support server_process.hpp).
const TEST_CLOCK_START_MS = Date.parse("2026-08-20T01:00:00.000Z");

// `reuse` restarts a previous server: same data dir, same port, the clock going on (clients reconnect to it).
export async function startServer(binaryDir, extra = [], reuse = null) {
  const dir = reuse ? reuse.dir : mkdtempSync(join(tmpdir(), "lifeline-browser-"));
  const createdAt = reuse ? reuse.createdAt : performance.now();
  const portFile = join(dir, "ports.json");
  rmSync(portFile, { force: true });
  const clock = extra.includes("--clock") ? []
    : ["--clock", "simulated", "--clock-start", new Date(TEST_CLOCK_START_MS + Math.round(performance.now() - createdAt)).toISOString()];
  // Demo passwords hashed at argon2id's cheapest cost: at the interactive cost they were 4 s of
  // each start (tests/support/src/server_process.cpp says the same).
  const cost = extra.includes("--password-cost") ? [] : ["--password-cost", "min"];
  const proc = spawn(join(binaryDir, "command/main/lifeline-command"),
    ["--demo", "--port", String(reuse ? reuse.port : 0), "--synchronous", "NORMAL", ...cost,
     "--data-dir", dir, "--port-file", portFile, ...clock, ...extra], { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 600 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  const ports = JSON.parse(readFileSync(portFile, "utf8"));
  const exited = new Promise((r) => proc.on("exit", r));
  return { url: `http://127.0.0.1:${ports.http}/`, port: ports.http, dir, createdAt, stop: async () => { proc.kill("SIGTERM"); await exited; } };
}

// A fresh profile per run: nothing cached or remembered between tests.
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "lifeline-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true,
    viewport: null,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-quic"] });
  return {
    newPage: async ({ viewport }) => { const page = await context.newPage(); await page.setViewportSize(viewport); return page; },
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

// A WebSocket client as any demo user: requests, and every env frame kept (and acked "device",
// as a handheld does on receipt). Used as the team lead's handheld and for admin/director set-up.
export async function client(port, username) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await new Promise((r, j) => { ws.on("open", r); ws.on("error", j); });
  const envs = [];
  let rid = 0;
  const waiters = new Map();
  ws.on("message", (data) => {
    const f = JSON.parse(data);
    if (f.type === "env") { envs.push(f.envelope); ws.send(JSON.stringify({ type: "ack", rid: `d${++rid}`, id: f.envelope.id, level: "device" })); }
    if (f.type === "res" && waiters.has(String(f.rid))) { waiters.get(String(f.rid))(f); waiters.delete(String(f.rid)); }
  });
  const call = (op, body = {}, realm) => new Promise((resolve) => {
    const id = `r${++rid}`; waiters.set(id, resolve);
    ws.send(JSON.stringify({ type: "req", rid: id, op, body, ...(realm ? { realm } : {}) }));
  });
  const login = await call("auth.login", { username, password: "lifeline-demo" });
  if (!login.ok) throw new Error(`login ${username}: ${JSON.stringify(login.error)}`);
  const hb = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"hb"}'), 500);
  hb.unref();  // a failed test must not keep node alive
  return {
    envs, call, ws,
    accept: (id) => new Promise((resolve) => { const r = `h${++rid}`; waiters.set(r, resolve); ws.send(JSON.stringify({ type: "ack", rid: r, id, level: "human", answer: "accept" })); }),
    close: () => { clearInterval(hb); ws.terminate(); },
  };
}
export const handheld = client;

export async function login(page, url, username) {
  await page.goto(url);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", "lifeline-demo");
  await page.click("#login-form button[type=submit]");
  // The desk, or the console's own refusal (said in the failure, so a failed login is not a bare timeout).
  await page.waitForSelector("#main:not([hidden]), #login-error:not(:empty)");
  const refused = (await page.textContent("#login-error"))?.trim();
  if (refused && await page.locator("#main:not([hidden])").count() === 0) throw new Error(`login ${username} refused: ${refused}`);
}

// A desk: a new page at a viewport size, in a language, logged in as `user`, its page errors
// collected into `errors` (named by user).
export async function openDesk(browser, url, user, { lang = "zh", width = 1366, height = 768, errors } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (errors) page.on("pageerror", (e) => errors.push(`${user}: ${e}`));
  await page.addInitScript((l) => localStorage.setItem("lifeline.lang", l), lang);
  await login(page, url, user);
  return page;
}

// Moves a manual-clock server's clock, as its admin does (clock.advance).
export async function advanceClock(port, ms) {
  const admin = await client(port, "admin");
  const r = await admin.call("clock.advance", { ms });
  admin.close();
  if (!r.ok) throw new Error(`clock.advance: ${JSON.stringify(r.error)}`);
}

export function shotDir(binaryDir) {
  const d = join(binaryDir, "tests/browser/screenshots");
  mkdirSync(d, { recursive: true });
  return d;
}

// An id on a screen is a defect (people read names): tests look for this pattern in what is shown.
export const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

// A map marker's hover tooltip: the mouse leaves (the last tooltip closes), then rests on the
// page point {x, y} (a pixel either side, until Leaflet opens it); its text.
export const hoverTip = ".leaflet-tooltip-pane .leaflet-tooltip:not(.town)";
export async function tooltipAt(page, point) {
  await page.mouse.move(5, 5);
  await page.waitForFunction((sel) => !document.querySelector(sel), hoverTip);
  const tip = page.locator(hoverTip);
  for (let i = 0; i < 50 && !(await tip.count()); i++) { await page.mouse.move(point.x + (i % 2), point.y); await page.waitForTimeout(50); }
  await tip.waitFor({ timeout: 5000 });
  return tip.textContent();
}

export async function until(fn, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 100)); }
  throw new Error("condition not met within " + ms + " ms");
}

// The team's handheld as the real field client (lifeline-field) when it is built: enrol once, then
// `run` stays connected and receives orders; `ack TASK` accepts one, `report` sends a situation
// report. null when not built.
export async function fieldClient(binaryDir, port, username) {
  const bin = join(binaryDir, "clients/field/lifeline-field");
  if (!existsSync(bin)) return null;
  const dir = mkdtempSync(join(tmpdir(), "lifeline-field-"));
  const db = join(dir, "field.db");
  const once = (args) => new Promise((resolve, reject) => {
    const p = spawn(bin, ["--db", db, "--lang", "en", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d)); p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`lifeline-field ${args[0]} exited ${code}: ${out}`))));
  });
  await once(["enrol", "--server", `ws://127.0.0.1:${port}`, "--user", username, "--password", "lifeline-demo"]);
  const run = spawn(bin, ["--db", db, "--lang", "en", "run"], { stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise((r) => run.on("exit", r));
  return {
    ack: (id) => once(["ack", id]),
    // A situation report from the handheld (its outbox sends it as a bus message); its message id.
    report: async (text) => JSON.parse((await once(["report", "--text", text])).split("\n")[0]).outbox_id,
    close: async () => { run.kill("SIGTERM"); await exited; rmSync(dir, { recursive: true, force: true }); },
  };
}

// A gateway on its loopback link (lifeline-gateway --link=loopback --as=CHANNEL) with the demo's
// enrolled key for that channel; radios, cards and handhelds attach to it on `terminals`.
export async function startLoopbackGateway(binaryDir, server, channel) {
  const ports = JSON.parse(readFileSync(join(server.dir, "ports.json"), "utf8"));
  const portFile = join(server.dir, `gw-${channel}.json`);
  const proc = spawn(join(binaryDir, "comms/gateways/lifeline-gateway"), ["--link", "loopback", "--as", channel,
    "--command", `tcp://127.0.0.1:${ports.router}`, "--key-file", join(server.dir, `demo-peers/gateway-${channel}.key`),
    "--server-key", join(server.dir, "zmq-curve.pub"), "--port-file", portFile], { stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise((r) => proc.on("exit", r));
  for (let i = 0; i < 600 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  const { terminals } = JSON.parse(readFileSync(portFile, "utf8"));
  return { terminals, stop: async () => { proc.kill("SIGTERM"); await exited; } };
}
export const startPdtGateway = (binaryDir, server) => startLoopbackGateway(binaryDir, server, "pdt");

// A PDT radio on the gateway's loopback link (schema/gateway-protocol.md): it says hello with its
// address, keeps every downlink and sends uplinks (receipts, reports) as the radio would.
export async function radioTerminal(port, address) {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise((r, j) => { socket.once("connect", r); socket.once("error", j); });
  const downlinks = [];
  let buffer = "";
  socket.on("data", (d) => {
    buffer += d;
    for (let nl; (nl = buffer.indexOf("\n")) >= 0; buffer = buffer.slice(nl + 1)) {
      const frame = JSON.parse(buffer.slice(0, nl));
      if (frame.type === "downlink") downlinks.push(frame);
    }
  });
  const send = (frame) => socket.write(JSON.stringify(frame) + "\n");
  send({ type: "hello", address });
  const beat = setInterval(() => send({ type: "hb" }), 1000);
  return { downlinks, uplink: (message) => send({ type: "uplink", message }), close: () => { clearInterval(beat); socket.destroy(); } };
}

// Spoils, on the way back to the page, the answer to the first request `pick(frame)` selects: the
// server did the work, the console hears an error (a dropped link, a proxy timing out). Every
// other frame passes both ways. Returns the bodies of all the requests `pick` selected, in order.
export async function spoilFirstAnswer(page, pick) {
  const picked = [];
  let spoiled = false;
  await page.routeWebSocket(/.*/, (ws) => {
    const upstream = ws.connectToServer();
    const rids = new Set();
    ws.onMessage((m) => {
      try { const f = JSON.parse(m); if (f.type === "req" && pick(f)) { rids.add(f.rid); picked.push(f.body); } } catch {}
      upstream.send(m);
    });
    upstream.onMessage((m) => {
      try {
        const f = JSON.parse(m);
        if (f.type === "res" && rids.has(f.rid) && !spoiled) {
          spoiled = true;
          ws.send(JSON.stringify({ type: "res", rid: f.rid, ok: false, error: { code: "internal", message_zh: "应答在途中丢失", message_en: "the answer was lost on the way" } }));
          return;
        }
      } catch {}
      ws.send(m);
    });
  });
  return picked;
}

// Opens a new incident from the console's incident dialog and opens its row.
export async function createIncident(page, type, title, place) {
  await page.click('#tabs button[data-tab="incidents"]');
  await page.click("#new-incident");
  await page.selectOption("select[name=type]", type);
  await page.fill("input[name=title]", title);
  await page.fill("input[name=place]", place);
  await page.click("#dlg-ok");
  await page.click("tr[data-incident]");
}

// A CAP 1.2 alert from the demo meteorological bureau (schema/cap.md), as the tests import it.
// `sent` (CAP: a time with its offset) dates an Update or Cancel after the message it references.
export function capAlert({ identifier, msgType = "Alert", references = "", colour = "red", event = "台风预警", type = "",
  headline = "台风红色预警：“海葵”今夜登陆", area = "石塘镇", geocode = "339901001", sent = "2026-08-20T09:00:00+08:00" }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>weather@demo-city.example</sender>
  <sent>${sent}</sent><status>Actual</status><msgType>${msgType}</msgType><scope>Public</scope>
  ${references ? `<references>${references}</references>` : ""}
  <info><language>zh-CN</language><category>Met</category><event>${event}</event><urgency>Immediate</urgency>
    <severity>Extreme</severity><certainty>Likely</certainty>
    ${type ? `<eventCode><valueName>lifeline:warningType</valueName><value>${type}</value></eventCode>` : ""}
    <senderName>示范市气象局</senderName><headline>${headline}</headline>
    <parameter><valueName>warningColour</valueName><value>${colour}</value></parameter>
    <area><areaDesc>${area}</areaDesc>${geocode ? `<geocode><valueName>GB/T 2260</valueName><value>${geocode}</value></geocode>` : ""}</area>
  </info>
</alert>`;
}
