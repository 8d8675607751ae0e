// Shared by the browser tests: a real lifeline-command (demo city) on a free port with a fresh data
// dir, Debian's Chromium through playwright-core, and a team lead's handheld stand-in on the WebSocket.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import WebSocket from "ws";

// `reuse` restarts a previous server: same data dir, same port (clients reconnect to it).
export async function startServer(binaryDir, extra = [], reuse = null) {
  const dir = reuse ? reuse.dir : mkdtempSync(join(tmpdir(), "lifeline-browser-"));
  const portFile = join(dir, "ports.json");
  rmSync(portFile, { force: true });
  const proc = spawn(join(binaryDir, "command/main/lifeline-command"),
    ["--demo", "--port", String(reuse ? reuse.port : 0), "--router-port", "0", "--pub-port", "0", "--synchronous", "NORMAL",
     "--data-dir", dir, "--port-file", portFile, ...extra], { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 600 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  const ports = JSON.parse(readFileSync(portFile, "utf8"));
  const exited = new Promise((r) => proc.on("exit", r));
  return { url: `http://127.0.0.1:${ports.http}/`, port: ports.http, dir, stop: async () => { proc.kill("SIGTERM"); await exited; } };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-quic"] });
}

// A team lead's handheld over IP: logs in, heartbeats, acks every order it gets (device), and
// answers accept when asked to.
export async function handheld(port, username) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await new Promise((r) => ws.on("open", r));
  const envs = [];
  let rid = 0;
  const waiters = new Map();
  ws.on("message", (data) => {
    const f = JSON.parse(data);
    if (f.type === "env") { envs.push(f.envelope); ws.send(JSON.stringify({ type: "ack", rid: `d${++rid}`, id: f.envelope.id, level: "device" })); }
    if (f.type === "res" && waiters.has(String(f.rid))) { waiters.get(String(f.rid))(f); waiters.delete(String(f.rid)); }
  });
  const call = (op, body) => new Promise((resolve) => { const id = `r${++rid}`; waiters.set(id, resolve); ws.send(JSON.stringify({ type: "req", rid: id, op, body })); });
  await call("auth.login", { username, password: "lifeline-demo" });
  const hb = setInterval(() => ws.send('{"type":"hb"}'), 500);
  return {
    envs,
    accept: (id) => new Promise((resolve) => { const r = `h${++rid}`; waiters.set(r, resolve); ws.send(JSON.stringify({ type: "ack", rid: r, id, level: "human", answer: "accept" })); }),
    close: () => { clearInterval(hb); ws.close(); },
  };
}

export function shotDir(binaryDir) {
  const d = join(binaryDir, "tests/browser/screenshots");
  mkdirSync(d, { recursive: true });
  return d;
}

export async function until(fn, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 100)); }
  throw new Error("condition not met within " + ms + " ms");
}
