// 图表 / Charts (schema/charts.md): an incident's casualties over time (in its dialog and on the tab),
// orders delivered and acknowledged per channel per hour, on time per deadline kind and teams ready
// per township, drawn with Apache ECharts (bundled from npm, loaded only when a chart is first shown).
// The server counts (stats.charts); rates are derived here. Times are UTC on the wire and shown in
// Beijing time; every word comes from i18n.js, in the desk's language.
import { conn } from "./session.js";
import { hasText, language, t } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { errText, html, setHtml } from "./ui.js";

let echartsLoading = null;
const echarts = () => (echartsLoading ??= import("./vendor/echarts/echarts.esm.min.mjs"));

export const chartsVisible = () => can("stats.charts");

// The console's own look: its font stack and colours (style.css :root), not ECharts' defaults.
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const look = () => ({ font: getComputedStyle(document.documentElement).fontFamily, text: css("--text") || "#e6edf3",
  muted: css("--muted") || "#93a4b4", line: css("--line") || "#2a3a4a", ok: css("--ok") || "#30a46c", bad: css("--bad") || "#e5484d" });
const CHANNEL_COLOURS = { ip: "#3e9bff", pdt: "#f5a524", beidou: "#30a46c", tiantong: "#b07cf0", iridium: "#e5484d", sms: "#8b98a5" };
const CASUALTY_COLOURS = { dead: "#e5484d", missing: "#f5a524", injured: "#3e9bff" };

// Beijing time for axes and tooltips: "09:00", and the date where a day begins ("08-20 00:00").
const beijing = (ms, withDate) => {
  const d = new Date(ms + 8 * 3600e3), p = (n) => String(n).padStart(2, "0");
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return withDate ? `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${time}` : time;
};
const percent = (num, den) => (den > 0 ? Math.round((num / den) * 1000) / 10 : null);
const channelName = (c) => (hasText("chan." + c) ? t("chan." + c) : t("ch.channel_other"));
const kindName = (k) => (hasText("dlkind." + k) ? t("dlkind." + k) : t("ch.kind_other"));

// One chart in `el`: the instance is made once per element (in the desk's language) and given the
// option whole each time, so a redraw never keeps a series the data no longer has.
const instances = new Set(), languageOf = new WeakMap();
async function draw(el, option) {
  const ec = await echarts();
  if (!el.isConnected) return null;
  let chart = ec.getInstanceByDom(el);
  if (chart && languageOf.get(chart) !== language()) { chart.dispose(); instances.delete(chart); chart = null; }
  if (!chart) {
    chart = ec.init(el, null, { renderer: "canvas", locale: language() === "zh" ? "ZH" : "EN" });
    languageOf.set(chart, language());
    instances.add(chart);
  }
  const c = look();
  chart.setOption({ aria: { enabled: true }, textStyle: { fontFamily: c.font, color: c.text }, backgroundColor: "transparent",
    animation: false, ...option }, { notMerge: true });
  chart.resize();  // the box may have grown or shrunk with its rows
  return chart;
}
// Charts whose element left the page are let go; the rest follow the window's size.
function prune() {
  for (const chart of instances) if (!chart.getDom()?.isConnected) { chart.dispose(); instances.delete(chart); }
}
window.addEventListener("resize", () => { prune(); for (const chart of instances) chart.resize(); });

// A chart's frame: title, legend and the grid below them, in the console's colours.
function frame(title, { legend = [], grid = {} } = {}) {
  const c = look();
  return {
    title: { text: title, left: 0, top: 0, textStyle: { fontFamily: c.font, color: c.text, fontSize: 14, fontWeight: 600 } },
    legend: { data: legend, top: 24, left: 0, textStyle: { fontFamily: c.font, color: c.muted }, itemWidth: 18, itemHeight: 10 },
    // Room above the plot for the legend and a vertical axis' name, below it for the horizontal axis' name.
    grid: { left: 8, right: 24, top: legend.length ? 80 : 56, bottom: 28, containLabel: true, ...grid },
    tooltip: tip(),
  };
}
// Tooltips drawn on the canvas (richText), not as HTML: the console's CSP refuses inline styles, and
// nothing from the server is ever parsed as markup. Lines are joined with "\n".
function tip(extra = {}) {
  const c = look();
  return { trigger: "axis", renderMode: "richText", backgroundColor: "#22303d", borderColor: c.line,
    textStyle: { fontFamily: c.font, color: c.text }, ...extra };
}
const axis = (name, extra = {}) => {
  const c = look();
  return { name, nameGap: 12, nameTextStyle: { fontFamily: c.font, color: c.muted }, axisLabel: { fontFamily: c.font, color: c.muted },
    axisLine: { lineStyle: { color: c.line } }, splitLine: { lineStyle: { color: c.line } }, ...extra };
};
// A horizontal axis names itself under its middle (at its end the name runs off the chart's edge).
const xAxis = (name, extra = {}) => axis(name, { nameLocation: "middle", nameGap: 26, ...extra });
// "No data yet": said in the chart's box, in words, instead of empty axes.
async function empty(el, title, why) {
  const chart = (await echarts()).getInstanceByDom(el);
  if (chart) { chart.dispose(); instances.delete(chart); }
  el.classList.add("chart-empty");
  el.style.height = "";  // as tall as its words, not as its last bars
  setHtml(el, html`<div class="chart-title">${title}</div><p class="muted chart-none">${why}</p>`);
}
const clearEmpty = (el) => { if (el.classList.contains("chart-empty")) { el.classList.remove("chart-empty"); el.replaceChildren(); } };

// Casualties as each change set them: a step line per figure, held to now.
// `named`: the title names the incident (not in its own dialog, which does).
export async function drawCasualties(el, series, { named = true } = {}) {
  const title = series && named ? t("ch.casualties.of", { name: `${series.number} ${series.title}` }) : t("ch.casualties.title");
  if (!series?.points?.length) return empty(el, title, t("ch.no_data"));
  clearEmpty(el);
  const now = Math.max(serverNow(), Date.parse(series.points.at(-1).at));
  const line = (k) => ({ name: t("inc." + k), type: "line", step: "end", color: CASUALTY_COLOURS[k], symbolSize: 7,
    data: [...series.points.map((p) => [Date.parse(p.at), p[k]]), { value: [now, series.points.at(-1)[k]], symbol: "none" }] });
  const first = Date.parse(series.points[0].at), span = Math.max(now - first, 3600e3);
  return draw(el, { ...frame(title, { legend: ["dead", "missing", "injured"].map((k) => t("inc." + k)) }),
    xAxis: xAxis(t("ch.axis.time"), { type: "time", min: first - span * 0.02, max: now + span * 0.02, splitLine: { show: false },
      axisLabel: { ...axis("").axisLabel, hideOverlap: true, formatter: (v) => beijing(v, span > 20 * 3600e3) } }),
    yAxis: axis(t("ch.axis.people"), { type: "value", minInterval: 1 }),
    tooltip: tip({ formatter: (ps) => [beijing(ps[0].value[0], true), ...ps.map((p) => `${p.marker}${p.seriesName} ${p.value[1]}`)].join("\n") }),
    series: ["dead", "missing", "injured"].map(line) });
}

// Per channel that carried orders: the share delivered (solid) and acknowledged (dashed) of the
// orders given in each hour; hours without orders on that channel have no point.
async function drawOrders(el, orders) {
  const title = t("ch.orders.title");
  const used = orders.channels.filter((c) => c.orders.some((n) => n > 0));
  const notSent = orders.not_sent.reduce((a, b) => a + b, 0);
  if (!used.length) return empty(el, title, notSent ? t("ch.orders.none_sent", { n: notSent }) : t("ch.no_data"));
  clearEmpty(el);
  const hours = orders.hours.map((h) => Date.parse(h));
  const labels = hours.map((ms, i) => beijing(ms, i === 0 || beijing(ms) === "00:00"));
  // Two lines per channel: the share delivered (solid) and the share acknowledged (dashed).
  const lines = used.flatMap((c) => [{ c, k: "delivered", dash: "solid", symbol: "circle" }, { c, k: "acknowledged", dash: "dashed", symbol: "triangle" }]);
  // A few hours with orders are labelled with their share (a lone point says little on its own).
  const few = used.every((c) => c.orders.filter((n) => n > 0).length <= 6);
  const series = lines.map(({ c, k, dash, symbol }) => ({ name: t("ch.orders." + k, { c: channelName(c.channel) }), type: "line",
    color: CHANNEL_COLOURS[c.channel], symbol, symbolSize: 8, lineStyle: { type: dash }, connectNulls: false,
    label: { show: few && k === "delivered", position: "top", formatter: "{c}%", color: look().text, fontFamily: look().font },
    data: c[k].map((n, i) => percent(n, c.orders[i])) }));
  const counted = (p) => { const { c, k } = lines[p.seriesIndex]; return `${c[k][p.dataIndex]}/${c.orders[p.dataIndex]}`; };
  return draw(el, { ...frame(title, { legend: series.map((s) => s.name) }),
    xAxis: xAxis(t("ch.axis.hour"), { type: "category", data: labels, splitLine: { show: false } }),
    yAxis: axis(t("ch.axis.share"), { type: "value", min: 0, max: 100, axisLabel: { ...axis("").axisLabel, formatter: "{value}%" } }),
    tooltip: tip({ formatter: (ps) => [beijing(hours[ps[0].dataIndex], true),
      ...ps.filter((p) => p.value != null).map((p) => `${p.marker}${p.seriesName} ${p.value}% (${counted(p)})`)].join("\n") }),
    series });
}

// A bar chart's box grows with its rows (one township's desk: one bar, not a wall of empty axis).
const fitRows = (el, rows) => { el.style.height = `${150 + 30 * rows}px`; };

// Per deadline kind: met on time and missed, stacked; the on-time share in the label.
async function drawOnTime(el, rows) {
  const title = t("ch.on_time.title");
  if (!rows.length) return empty(el, title, t("ch.no_data"));
  clearEmpty(el);
  fitRows(el, rows.length);
  const c = look(), kinds = rows.map((r) => kindName(r.kind));
  const bar = (key, colour, label) => ({ name: t("ch.on_time." + key), type: "bar", stack: "all", color: colour, barMaxWidth: 22,
    data: rows.map((r) => r[key]), label });
  return draw(el, { ...frame(title, { legend: [t("ch.on_time.met"), t("ch.on_time.missed")], grid: { right: 96, top: 60 } }),
    tooltip: tip({ axisPointer: { type: "shadow" } }),
    xAxis: xAxis(t("ch.axis.deadlines"), { type: "value", minInterval: 1 }),
    yAxis: axis("", { type: "category", data: kinds, inverse: true, splitLine: { show: false } }),
    series: [bar("met", c.ok), bar("missed", c.bad, { show: true, position: "right", color: c.text, fontFamily: c.font,
      formatter: (p) => { const r = rows[p.dataIndex]; return t("ch.on_time.rate", { p: percent(r.met, r.met + r.missed) }); } })] });
}

// Per township: teams ready and not ready, stacked; the ready share in the label.
async function drawReadiness(el, rows) {
  const title = t("ch.readiness.title");
  if (!rows.length) return empty(el, title, t("ch.readiness.none"));
  clearEmpty(el);
  fitRows(el, rows.length);
  const c = look(), en = language() === "en";
  const names = rows.map((r) => (en ? r.name_en || r.name : r.name));
  return draw(el, { ...frame(title, { legend: [t("ch.readiness.ready"), t("ch.readiness.not_ready")], grid: { right: 56, top: 60 } }),
    tooltip: tip({ axisPointer: { type: "shadow" } }),
    xAxis: xAxis(t("ch.axis.teams"), { type: "value", minInterval: 1 }),
    yAxis: axis("", { type: "category", data: names, inverse: true, splitLine: { show: false } }),
    series: [
      { name: t("ch.readiness.ready"), type: "bar", stack: "all", color: c.ok, barMaxWidth: 16, data: rows.map((r) => r.ready) },
      { name: t("ch.readiness.not_ready"), type: "bar", stack: "all", color: "#4a5a6a", barMaxWidth: 16, data: rows.map((r) => r.teams - r.ready),
        label: { show: true, position: "right", color: c.text, fontFamily: c.font, formatter: (p) => `${rows[p.dataIndex].ready}/${rows[p.dataIndex].teams}` } }] });
}

// In an incident's dialog: its casualties, asked for on their own.
export async function incidentCasualties(el, incidentId) {
  if (!chartsVisible() || !el) return;
  const r = await conn.request("stats.charts", { incident_id: incidentId, from: new Date(serverNow() - 3600e3).toISOString() });
  if (!el.isConnected) return;
  if (!r.ok) { setHtml(el, html`<p class="error">${errText(r)}</p>`); return; }
  await drawCasualties(el, r.result.casualties, { named: false });
}

// The tab. Redrawn from the server when its data may have changed, at most once every 5 s.
const WINDOWS = [24, 72, 168];
const view = { hours: 24, incident: "", fetchedAt: 0, key: "", result: null, error: null };
let asked = 0, trailing = null;
async function fetchCharts() {
  const mine = ++asked;
  const body = { from: new Date(serverNow() - view.hours * 3600e3).toISOString() };
  if (view.incident) body.incident_id = view.incident;
  const r = await conn.request("stats.charts", body);
  if (mine !== asked) return false;
  view.fetchedAt = Date.now();
  view.result = r.ok ? r.result : null;
  view.error = r.ok ? null : errText(r);
  return true;
}

export async function renderCharts(panel, changed) {
  const incidents = [...state.incidents.values()];
  if (view.incident && !state.incidents.has(view.incident)) view.incident = "";
  if (!view.incident && incidents.length) view.incident = incidents[0].id;
  const key = `${language()}|${view.hours}|${view.incident}|${incidents.map((i) => `${i.id} ${i.title}`).join()}`;
  const shown = () => !!panel.querySelector(".charts") && key === view.key;
  // Pushes about orders, deadlines and teams come in bursts: one look, then one more once they settle.
  if (shown() && !changed?.has("charts") && !changed?.has("all") && Date.now() - view.fetchedAt < 5000) {
    clearTimeout(trailing);
    trailing = setTimeout(() => { if (state.tab === "charts") { state.changed.add("charts"); document.dispatchEvent(new Event("lifeline:render")); } }, 5000);
    return;
  }
  if (!(await fetchCharts()) || state.tab !== "charts") return;
  if (!shown()) {
    view.key = key;
    prune();
    setHtml(panel, html`<div class="charts">
      <div class="row ch-filters">
        <label>${t("ch.window")} <select id="ch-window">${WINDOWS.map((h) => html`<option value="${h}" ${h === view.hours ? "selected" : ""}>${t("ch.window." + h)}</option>`)}</select></label>
        <label>${t("ch.incident")} <select id="ch-incident" ${incidents.length ? "" : "disabled"}>${incidents.length ? incidents.map((i) => html`<option value="${i.id}" ${i.id === view.incident ? "selected" : ""}>${i.number} ${i.title}</option>`)
          : html`<option value="">${t("inc.none")}</option>`}</select></label>
      </div>
      <p class="error" id="ch-error" hidden></p>
      <div class="chart" id="ch-casualties"></div>
      <div class="chart" id="ch-orders"></div>
      <p class="muted ch-note" id="ch-not-sent" hidden></p>
      <div class="chart" id="ch-on-time"></div>
      <div class="chart" id="ch-readiness"></div>
    </div>`);
    const redraw = () => { state.changed.add("charts"); document.dispatchEvent(new Event("lifeline:render")); };
    panel.querySelector("#ch-window").addEventListener("change", (ev) => { view.hours = Number(ev.target.value); redraw(); });
    panel.querySelector("#ch-incident").addEventListener("change", (ev) => { view.incident = ev.target.value; redraw(); });
  }
  const err = panel.querySelector("#ch-error");
  err.hidden = !view.error; err.textContent = view.error ?? "";
  const res = view.result;
  if (!res) return;
  const note = panel.querySelector("#ch-not-sent"), notSent = res.orders.not_sent.reduce((a, b) => a + b, 0);
  note.hidden = !notSent; note.textContent = notSent ? t("ch.orders.not_sent", { n: notSent }) : "";
  const casualties = panel.querySelector("#ch-casualties");
  if (res.casualties) await drawCasualties(casualties, res.casualties);
  else await empty(casualties, t("ch.casualties.title"), t(incidents.length ? "ch.casualties.pick" : "inc.none"));
  await drawOrders(panel.querySelector("#ch-orders"), res.orders);
  await drawOnTime(panel.querySelector("#ch-on-time"), res.on_time);
  await drawReadiness(panel.querySelector("#ch-readiness"), res.readiness);
}
