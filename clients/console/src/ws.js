// The console's one WebSocket: requests with ids, pushes, envelopes (`env`) and their acks, heartbeat,
// and reconnection that resumes the session (auth.resume) and re-subscribes the board, so a server
// restart loses no view.
export class Connection {
  constructor({ onPush, onState, onSession, onEnv }) {
    this.onPush = onPush; this.onState = onState; this.onSession = onSession; this.onEnv = onEnv;
    this.pending = new Map(); this.rid = 0; this.token = sessionStorage.getItem("lifeline.token") || "";
    this.realm = "live"; this.open = false; this.backoff = 500; this.openWaiters = [];
  }
  // Resolves true once the socket is open, false after `ms`: a login clicked while the page is still
  // connecting (or reconnecting) waits for it rather than failing with 未连接.
  whenOpen(ms = 10000) {
    if (this.open) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = (ok) => { clearTimeout(timer); resolve(ok); };
      const timer = setTimeout(() => { this.openWaiters = this.openWaiters.filter((w) => w !== waiter); resolve(false); }, ms);
      this.openWaiters.push(waiter);
    });
  }
  connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
    this.ws = new WebSocket(url);
    this.ws.onopen = async () => {
      this.open = true; this.backoff = 500; this.onState(true);
      const waiting = this.openWaiters; this.openWaiters = [];
      for (const w of waiting) w(true);
      if (this.token) {
        const r = await this.request("auth.resume", { token: this.token });
        if (r.ok) this.onSession(r.result, true); else { this.token = ""; sessionStorage.removeItem("lifeline.token"); this.onSession(null, false); }
      }
    };
    this.ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type === "res") {
        const p = this.pending.get(String(f.rid));
        if (p) { this.pending.delete(String(f.rid)); p(f); }
      } else if (f.type === "push") {
        this.onPush(f);
      } else if (f.type === "env") {
        this.onEnv(f);
      }
    };
    this.ws.onclose = () => {
      this.open = false; this.onState(false);
      for (const p of this.pending.values()) p({ ok: false, error: { code: "disconnected", message_zh: "连接中断", message_en: "disconnected" } });
      this.pending.clear();
      setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 5000);
    };
    clearInterval(this.hb);
    this.hb = setInterval(() => { if (this.open) this.ws.send('{"type":"hb"}'); }, 1000);
  }
  async request(op, body = {}) {
    const open = await this.whenOpen();
    return new Promise((resolve) => {
      if (!open || !this.open) return resolve({ ok: false, error: { code: "disconnected", message_zh: "未连接", message_en: "not connected" } });
      const rid = String(++this.rid);
      this.pending.set(rid, resolve);
      const frame = { type: "req", rid, op, body };
      if (this.realm !== "live") frame.realm = this.realm;
      this.ws.send(JSON.stringify(frame));
    });
  }
  // A paged list op (protocol.md §4a) read to its end: the rows under `key` of every page, in
  // order, as one answer; the first error ends it.
  async requestAll(op, body, key) {
    const rows = [];
    let cursor = null;
    for (let page = 0; page < 100; page++) {
      const r = await this.request(op, { ...body, limit: 1000, ...(cursor ? { cursor } : {}) });
      if (!r.ok) return r;
      rows.push(...(r.result[key] ?? []));
      cursor = r.result.next_cursor;
      if (!cursor) break;
    }
    return { ok: true, result: { [key]: rows } };
  }
  // An `ack` frame for an envelope received (bus.md §2): level "device" on receipt, "human" when a
  // person has read it. Resolves with the server's `res` once the receipt is committed.
  ack(id, level) {
    return new Promise((resolve) => {
      if (!this.open) return resolve({ ok: false, error: { code: "disconnected", message_zh: "未连接", message_en: "not connected" } });
      const rid = String(++this.rid);
      this.pending.set(rid, resolve);
      this.ws.send(JSON.stringify({ type: "ack", rid, id, level }));
    });
  }
  async login(username, password) {
    const r = await this.request("auth.login", { username, password });
    if (r.ok) { this.token = r.result.token; sessionStorage.setItem("lifeline.token", this.token); }
    return r;
  }
  async logout() {
    await this.request("auth.logout");
    this.token = ""; sessionStorage.removeItem("lifeline.token");
  }
}
