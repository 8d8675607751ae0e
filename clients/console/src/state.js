// The console's copy of the board: filled from the board.subscribe snapshot, then kept equal to
// the server's by applying each pushed event to the rows it touches. Pure data, no DOM.
export const state = {
  user: null, realm: "live", roles: null, enums: null, tab: "incidents", lastSeq: 0,
  incidents: new Map(), teams: new Map(), tasks: new Map(), depots: new Map(),
  deliveries: new Map(),  // "messageId|recipient" → delivery row
  links: new Map(),       // "owner|channel" → link row
  gateways: [],           // each gateway's own state (link.status), polled while the links screen is open
  deadlines: new Map(),   // id → deadline row (due_at in ms)
  shift: null,
  drillName: "",          // the drill this page plays in (banner), from drill.list
  notices: new Map(),     // envelope id → a notice received on the bus (notices.js)
  sent: new Map(),        // message id → a notice this desk sent in this session (compose.js)
  departments: null,      // department units (unit.list), for addressing notices
  groups: null,           // the groups this desk may address (group.list), for addressing notices
  users: new Map(),       // user id → display name (user.list, for the roles allowed it)
  tracks: null,           // the breadcrumbs while the map's tracks layer is on (loadTracks), else null
  serverOffset: 0,        // server clock minus browser clock (a manual clock in drills and tests)
  changed: new Set(),     // which areas changed since the last render: "incidents", "teams", ...
};

// The server's "now" as the browser best knows it (countdowns follow an injected clock too).
export const serverNow = () => Date.now() + state.serverOffset;
// May the user call `op` here? roles.json's matrix, plus in a drill's realm its `in_drills` (the
// drill director plays the scenario's incidents and orders there). The server checks again.
export const can = (op) => !!state.roles?.ops?.[op]?.includes(state.user?.role) ||
  (String(state.realm).startsWith("drill:") && !!state.roles?.in_drills?.[state.user?.role]?.includes(op));
const ms = (v) => (v === null || v === undefined ? null : typeof v === "number" ? v : Date.parse(v));

export function loadSnapshot(s) {
  state.incidents = new Map(s.incidents.map((i) => [i.id, i]));
  state.teams = new Map(s.teams.map((tm) => [tm.id, tm]));
  state.tasks = new Map(s.tasks.map((k) => [k.id, k]));
  state.depots = new Map((s.depots || []).map((d) => [d.id, d]));
  for (const d of s.team_devices || []) setDevice(state.teams.get(d.team_id), d);
  state.shift = s.shift; state.lastSeq = s.seq;
  if (state.tracks) state.tracks = new Map();  // reloaded by the map's tracks layer (the snapshot is a new start)
  for (const a of ["incidents", "teams", "tasks", "depots", "shift"]) state.changed.add(a);
}
// A team's handhelds by device (team.position_reported's `device`): each one's newest fix.
function setDevice(tm, d) {
  if (!tm) return;
  const fixAt = ms(d.fix_at), held = (tm.devices ??= new Map()).get(d.device);
  if (held && held.fix_at > fixAt) return;
  tm.devices.set(d.device, { device: d.device, device_name: d.device_name ?? "", lat: d.lat, lon: d.lon, fix_at: fixAt });
}
// The breadcrumbs (team.tracks): team id → device → [[lat, lon, fix ms]…], oldest first.
export function loadTracks(teams) {
  state.tracks = new Map(teams.map((tm) => [tm.team_id, new Map(tm.devices.map((d) => [d.device, d.points.map(([lat, lon, at]) => [lat, lon, ms(at)])]))]));
  state.changed.add("positions");
}
export function loadUsers(rows) { state.users = new Map(rows.map((u) => [u.id, u.display_name || u.username])); state.changed.add("users"); }
export function loadLinks(rows) { state.links = new Map(rows.map((l) => [`${l.owner}|${l.channel}`, l])); state.changed.add("links"); }
export function loadGateways(rows) { state.gateways = Array.isArray(rows) ? rows : []; state.changed.add("links"); }
export function loadDeadlines(rows) {
  state.deadlines = new Map(rows.map((d) => [d.id, { ...d, due_at: ms(d.due_at), acknowledged_at: ms(d.acknowledged_at),
    silenced_until: ms(d.silenced_until) }]));
  state.changed.add("deadlines");
}
export function loadDeliveries(rows, correlationId) {
  for (const d of rows) state.deliveries.set(`${d.message_id}|${d.recipient}`, { ...d, correlation_id: d.correlation_id ?? correlationId });
  state.changed.add("deliveries");
}

// Applies one committed event. Returns nothing; marks what changed for the renderer.
export function apply(e) {
  state.lastSeq = Math.max(state.lastSeq, e.seq);
  const b = e.body, at = Date.parse(e.at);
  const area = handlers[e.kind]?.(e, b, at);
  if (area) state.changed.add(area);
}

const handlers = {
  "incident.created": (e, b, at) => {
    state.incidents.set(e.subject, { id: e.subject, number: b.number, type: b.type, title: b.title, place_name: b.place?.name ?? "",
      lat: b.place?.lat ?? null, lon: b.place?.lon ?? null, status: "reported", level: null, level_reason: "",
      dead: b.casualties?.dead ?? 0, missing: b.casualties?.missing ?? 0, injured: b.casualties?.injured ?? 0,
      losses_yuan: b.losses_yuan ?? 0, created_at: at, updated_at: at });
    return "incidents";
  },
  "incident.updated": (e, b, at) => {
    const i = state.incidents.get(e.subject); if (!i) return null;
    const c = b.changes || b;
    if (c.title !== undefined) i.title = c.title;
    if (c.type !== undefined) i.type = c.type;
    if (c.casualties) Object.assign(i, c.casualties);
    if (c.losses_yuan !== undefined) i.losses_yuan = c.losses_yuan;
    if (c.place) Object.assign(i, { place_name: c.place.name, lat: c.place.lat ?? null, lon: c.place.lon ?? null });
    i.updated_at = at;
    return "incidents";
  },
  "incident.level_set": (e, b, at) => {
    const i = state.incidents.get(e.subject); if (!i) return null;
    Object.assign(i, { level: b.level, level_reason: b.reason ?? "", level_rule: b.rule ?? i.level_rule, updated_at: at });
    return "incidents";
  },
  "incident.status_changed": (e, b, at) => {
    const i = state.incidents.get(e.subject); if (!i) return null;
    i.status = b.to; i.updated_at = at;
    return "incidents";
  },
  "team.created": (e, b, at) => {
    state.teams.set(e.subject, { id: e.subject, name: b.name, name_en: b.name_en ?? "", kind: b.kind, unit_id: b.unit_id,
      lat: b.lat ?? null, lon: b.lon ?? null, readiness: b.readiness ?? "available", updated_at: at });
    return "teams";
  },
  "team.readiness_changed": (e, b) => { const tm = state.teams.get(e.subject); if (!tm) return null; tm.readiness = b.to; return "teams"; },
  // A handheld's fix: its own, and the team's when it is the team's newest (the fix's own time: a
  // late-arriving fix is older); a breadcrumb on its track when the tracks are shown.
  "team.position_reported": (e, b, at) => {
    const tm = state.teams.get(e.subject); if (!tm) return null;
    const fixAt = ms(b.fix_at) ?? at;
    setDevice(tm, { device: b.device ?? "", device_name: b.device_name ?? "", lat: b.lat, lon: b.lon, fix_at: fixAt });
    if (!(ms(tm.position_at) > fixAt)) Object.assign(tm, { lat: b.lat, lon: b.lon, position_at: fixAt });
    if (state.tracks) {
      if (!state.tracks.has(e.subject)) state.tracks.set(e.subject, new Map());
      const devices = state.tracks.get(e.subject), device = b.device ?? "";
      if (!devices.has(device)) devices.set(device, []);
      devices.get(device).push([b.lat, b.lon, fixAt]);
    }
    (state.moved ??= new Set()).add(e.subject);  // the map moves only these markers
    return "positions";
  },
  // A drill's own outage (drills.md "link_cut"): those links down on this drill's screens only.
  "drill.link_cut": (e, b) => {
    for (const owner of b.owners ?? []) for (const channel of b.channels ?? []) {
      const key = `${owner}|${channel}`, l = state.links.get(key) ?? { owner, channel, last_heard: null };
      state.links.set(key, { ...l, live_health: l.drill_cut ? l.live_health : l.health, health: "down", reason: "drill_cut", drill_cut: true });
    }
    return "links";
  },
  "drill.link_restored": (e, b) => {
    for (const owner of b.owners ?? []) for (const channel of b.channels ?? []) {
      const key = `${owner}|${channel}`, l = state.links.get(key);
      if (l?.drill_cut) state.links.set(key, { ...l, health: l.live_health ?? "unknown", reason: "", drill_cut: false });
    }
    return "links";
  },
  "task.created": (e, b, at) => {
    state.tasks.set(e.subject, { id: e.subject, team_id: b.team_id, what: b.what, note: b.note ?? "", incident_id: b.incident_id ?? null,
      status: "ordered", created_at: at, updated_at: at, held_back: b.held_back ?? [] });
    return "tasks";
  },
  "task.status_changed": (e, b, at) => {
    const k = state.tasks.get(e.subject); if (!k) return null;
    Object.assign(k, { status: b.to, reason: b.reason ?? "", updated_at: at });
    return "tasks";
  },
  "bus.message_accepted": (e, b, at) => {
    const env = b.envelope || {};
    for (const r of b.recipients || [])
      state.deliveries.set(`${e.subject}|${r}`, { message_id: e.subject, recipient: r, state: "queued", channel: "",
        correlation_id: env.correlation_id, precedence: env.precedence, kind: env.kind, queued_at: at });
    return "deliveries";
  },
  "bus.delivery_changed": (e, b, at) => {
    const d = state.deliveries.get(`${e.subject}|${b.recipient}`); if (!d) return null;
    d.state = b.to; if (b.channel) d.channel = b.channel; d[`${b.to}_at`] = at;
    d.reason = b.reason ?? ""; if (b.answer) d.answer = b.answer; d.attempt = b.attempt ?? d.attempt;
    if (b.receipt_channel) d.receipt_channel = b.receipt_channel;
    return "deliveries";
  },
  "link.health_changed": (e, b) => {
    state.links.set(`${e.subject}|${b.channel}`, { owner: e.subject, channel: b.channel,
      health: b.health ?? (b.up === undefined ? "unknown" : b.up ? "up" : "down"), last_heard: ms(b.last_heard), reason: b.reason ?? "" });
    return "links";
  },
  "deadline.opened": (e, b) => {
    state.deadlines.set(e.subject, { id: e.subject, kind: b.kind, subject: b.subject, title_zh: b.title_zh, title_en: b.title_en,
      about_zh: b.about_zh ?? "", about_en: b.about_en ?? "", due_at: ms(b.due_at), status: "open", escalation_level: 0,
      acknowledged_level: -1, acknowledged_at: null, acknowledged_by_name: null, silenced_until: null, silenced_by_name: null });
    return "deadlines";
  },
  // An alarm answered on any desk is answered on every desk (deadlines.md "Alarms").
  "deadline.acknowledged": (e, b, at) => {
    const d = state.deadlines.get(e.subject); if (!d) return null;
    Object.assign(d, { acknowledged_level: b.level, acknowledged_at: at, acknowledged_by_name: b.by_name });
    return "deadlines";
  },
  "deadline.silenced": (e, b) => {
    const d = state.deadlines.get(e.subject); if (!d) return null;
    Object.assign(d, { silenced_until: ms(b.until), silenced_by_name: b.by_name });
    return "deadlines";
  },
  "deadline.escalated": (e, b) => { const d = state.deadlines.get(e.subject); if (!d) return null; d.escalation_level = b.level; d.to_role = b.to_role; return "deadlines"; },
  "deadline.missed": (e) => { const d = state.deadlines.get(e.subject); if (!d) return null; d.status = "missed"; return "deadlines"; },
  "deadline.met": (e) => (state.deadlines.delete(e.subject) ? "deadlines" : null),
  "deadline.cancelled": (e) => (state.deadlines.delete(e.subject) ? "deadlines" : null),
  // Supplies and hazards: the screen refetches the server's rows and metrics (throttled).
  ...Object.fromEntries(["item.defined", "depot.created", "stock.received", "stock.expired", "release.ordered", "release.approved",
    "release.departed", "release.arrived", "release.cancelled", "hazard.reported", "hazard.assigned", "hazard.verified",
    "hazard.planned", "hazard.rectified", "hazard.accepted", "hazard.reopened", "hazard.rewarded", "hazard.listed", "hazard.reported_up",
    "hazard.closed_out", "hazard.ledger_confirmed", "hazard.lookback_drawn", "hazard.lookback_checked", "team.member_added",
    "team.member_duty_changed", "team.member_comms_tested", "device.registered", "device.assigned", "device.checked", "device.retired", "enterprise.registered", "enterprise.updated",
    "enterprise.filed", "enterprise.dishonesty_listed", "enterprise.dishonesty_removed", "hazard.exposure_published", "hazard.screened", "hazard.leader_inspected", "hazard.fringe_screened", "monitor_point.registered"].map((k) => [k, () => {
      if (k.startsWith("hazard.")) state.changed.add("hazards");  // the map's hazards too (app.js)
      return "supplies";
    }])),
  // 待我审批 (approvals.js refetches its lists): a level proposed or approved by a rule or a person.
  "incident.level_proposed": () => "approvals", "warning.level_proposed": () => "approvals", "warning.level_approved": () => "approvals",
  "shift.handed_over": () => "shift", "shift.logged": () => "shift", "shift.created": () => "shift",
  "duty.level_raised": () => "shift", "duty.level_released": () => "shift",
  // 报告 (reports.js refetches its lists): a report sent, a new day / week / month asked for.
  "report.submitted": () => "reports", "report.period_opened": () => "reports",
  // 预警 and 会商 (warnings.js, consultations.js refetch their lists).
  "warning.issued": () => "warnings", "warning.updated": () => "warnings", "warning.cancelled": () => "warnings",
  ...Object.fromEntries(["consultation.opened", "consultation.started", "consultation.joined", "consultation.minuted", "consultation.decided",
    "consultation.decision_updated", "consultation.closed"].map((k) => [k, () => "consultations"])),
};

// A team's name in the current language (the English name when there is one).
export const teamName = (tm, lang) => (lang === "en" && tm?.name_en ? tm.name_en : tm?.name ?? "");
