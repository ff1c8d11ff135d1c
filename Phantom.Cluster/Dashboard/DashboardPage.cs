namespace Phantom.Cluster.Dashboard;

/// <summary>
/// The dashboard page: HTML, CSS and script in one string, so a node serves it with nothing to fetch from elsewhere (no
/// CDN, no font, no library). The script opens <c>/dashboard/stream</c> with EventSource and redraws from each frame:
/// plain DOM and inline SVG, text set through textContent only. Element ids are what the browser test reads.
/// </summary>
public static class DashboardPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phantom dashboard</title>
<style>
  :root { --bg:#0f1420; --card:#182033; --ink:#e6ebf5; --dim:#8b96ad; --human:#4fb3ff; --agent:#ff6b6b; --ok:#3ecf8e; --warn:#f5b84b; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--ink); }
  header { display:flex; align-items:baseline; gap:16px; padding:14px 20px; border-bottom:1px solid #26304a; }
  header h1 { font-size:18px; margin:0; }
  header .dim { color:var(--dim); }
  #status { margin-left:auto; font-size:12px; padding:2px 8px; border-radius:10px; background:#33405e; }
  #status.live { background:var(--ok); color:#08120c; }
  #status.lost { background:var(--agent); color:#1a0808; }
  main { display:grid; grid-template-columns:repeat(auto-fit, minmax(340px, 1fr)); gap:14px; padding:14px 20px; }
  section { background:var(--card); border-radius:8px; padding:12px 14px; }
  section h2 { font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:var(--dim); margin:0 0 10px; }
  .kpis { display:grid; grid-template-columns:repeat(2, 1fr); gap:10px; }
  .kpi .v { font-size:28px; font-variant-numeric:tabular-nums; }
  .kpi .l { color:var(--dim); font-size:12px; }
  table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
  th, td { text-align:right; padding:3px 6px; border-bottom:1px solid #26304a; }
  th:first-child, td:first-child { text-align:left; }
  #products td:first-child { white-space:nowrap; font-size:12px; }
  section.wide { grid-column:span 2; }
  @media (max-width: 760px) { section.wide { grid-column:auto; } }
  th { color:var(--dim); font-weight:normal; font-size:12px; }
  .bar { height:8px; background:var(--human); border-radius:2px; }
  .legend span { display:inline-block; width:10px; height:10px; margin:0 4px 0 10px; border-radius:2px; }
  #shard-map { display:grid; grid-template-columns:repeat(auto-fill, minmax(44px, 1fr)); gap:6px; }
  .shard { text-align:center; padding:8px 0; border-radius:4px; font-variant-numeric:tabular-nums; color:#0b0f18; font-weight:600; }
  .shard.unowned { background:#2a3350; color:var(--dim); }
  #nodes td:first-child span { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:6px; }
  .gauge { height:12px; background:#26304a; border-radius:6px; overflow:hidden; }
  .gauge > div { height:100%; background:linear-gradient(90deg, var(--ok), var(--warn), var(--agent)); width:0; }
  svg text { fill:var(--dim); font-size:10px; }
</style>
</head>
<body>
<header>
  <h1>Phantom</h1>
  <span class="dim">node <b id="node">…</b></span>
  <span class="dim">frame <b id="sequence">0</b></span>
  <span id="status">connecting</span>
</header>
<main>
  <section>
    <h2>Throughput</h2>
    <div class="kpis">
      <div class="kpi"><div class="v" id="events-per-second">–</div><div class="l">events / s</div></div>
      <div class="kpi"><div class="v" id="live-sessions">–</div><div class="l">live sessions</div></div>
      <div class="kpi"><div class="v" id="events">–</div><div class="l">events processed</div></div>
      <div class="kpi"><div class="v" id="rejected">–</div><div class="l">dead-lettered</div></div>
    </div>
  </section>
  <section>
    <h2>Agent probability of live sessions</h2>
    <svg id="histogram" viewBox="0 0 320 150" width="100%" role="img" aria-label="histogram of agent probability"></svg>
    <div class="legend dim"><span style="background:var(--human)"></span>f(τ)<span style="background:var(--agent)"></span>detector score
      &nbsp; <b id="histogram-scored">0</b> sessions, <b id="likely-agents">0</b> likely agents <span id="histogram-sampled"></span></div>
  </section>
  <section>
    <h2>Prices shown</h2>
    <table>
      <tr><th></th><th>humans</th><th>agents</th></tr>
      <tr><td>live sessions, by detector</td><td id="price-likely-human">–</td><td id="price-likely-agent">–</td></tr>
      <tr><td>sessions quoted</td><td id="quotes-likely-human">–</td><td id="quotes-likely-agent">–</td></tr>
      <tr><td>all prices, by label</td><td id="price-human">–</td><td id="price-agent">–</td></tr>
    </table>
    <p class="dim">prices shown <b id="priced-events">–</b> · to likely agents <b id="likely-agent-share">–</b> · shield fallbacks <b id="shield-fallbacks">–</b></p>
  </section>
  <section>
    <h2>Cost of information</h2>
    <table>
      <tr><td>COI level (mean p − p̲, all prices)</td><td id="coi-level">–</td></tr>
      <tr><td>COI of live sessions</td><td id="coi-live">–</td></tr>
      <tr><td>COI if all paid the agents' minimum</td><td id="coi-at-agent-min">–</td></tr>
      <tr><td>price floor p̲</td><td id="coi-floor">–</td></tr>
    </table>
    <p>erosion indicator <b id="erosion">–</b> <span class="dim">over <span id="erosion-products">0</span> products</span></p>
    <div class="gauge"><div id="erosion-gauge"></div></div>
  </section>
  <section class="wide">
    <h2>Demand q̂ per product</h2>
    <table id="products">
      <thead><tr><th>product</th><th>q̂</th><th style="width:30%"></th><th>price</th><th>agents' min</th><th>erosion</th></tr></thead>
      <tbody></tbody>
    </table>
    <p class="dim"><span id="products-total">0</span> products in the catalog</p>
  </section>
  <section>
    <h2>Shard map <span class="dim" id="cluster-name"></span></h2>
    <div id="shard-map"></div>
    <table id="nodes" style="margin-top:10px">
      <thead><tr><th>node</th><th>status</th><th>shards</th><th>sessions</th><th>events/s</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<script>
"use strict";
const palette = ["#4fb3ff", "#3ecf8e", "#f5b84b", "#c792ea", "#ff8a65", "#7fdbca", "#f78c6c", "#82aaff"];
const $ = id => document.getElementById(id);
const int = n => n == null ? "–" : Math.round(n).toLocaleString("en-US");
const num = (n, d) => n == null ? "–" : Number(n).toFixed(d);
const pct = n => n == null ? "–" : (100 * n).toFixed(1) + "%";
function set(id, text) { const e = $(id); if (e.textContent !== text) e.textContent = text; }
function el(tag, attrs, text) {
  const e = tag === "rect" || tag === "text" || tag === "line" ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
}

function drawHistogram(h) {
  const svg = $("histogram");
  svg.replaceChildren();
  const w = 320, top = 6, height = 120, bins = h.bins;
  const max = Math.max(1, ...h.f_tau, ...h.detector);
  const bw = (w - 20) / bins;
  for (let i = 0; i < bins; i++) {
    const x = 10 + i * bw;
    const hf = height * h.f_tau[i] / max, hd = height * h.detector[i] / max;
    svg.appendChild(el("rect", { x: x + 1, y: top + height - hf, width: bw / 2 - 1, height: hf, fill: "var(--human)", class: "bar-f", "data-count": h.f_tau[i] }));
    svg.appendChild(el("rect", { x: x + bw / 2, y: top + height - hd, width: bw / 2 - 1, height: hd, fill: "var(--agent)", class: "bar-detector", "data-count": h.detector[i] }));
  }
  svg.appendChild(el("line", { x1: 10, x2: w - 10, y1: top + height, y2: top + height, stroke: "#3a4566" }));
  for (const t of [0, 0.5, 1]) svg.appendChild(el("text", { x: 10 + t * (w - 20) - 6, y: top + height + 14 }, t.toFixed(1)));
  set("histogram-scored", int(h.scored));
  set("likely-agents", int(h.likely_agents));
  set("histogram-sampled", h.sampled ? "(sampled)" : "");
}

function drawProducts(products, total) {
  const body = $("products").tBodies[0];
  const max = Math.max(1e-9, ...products.map(p => p.q_hat));
  body.replaceChildren(...products.map(p => {
    const tr = el("tr", { "data-product": p.id });
    tr.appendChild(el("td", { title: p.name }, p.id));
    tr.appendChild(el("td", {}, num(p.q_hat, 1)));
    const cell = el("td");
    const bar = el("div", { class: "bar" });
    bar.style.width = (100 * p.q_hat / max).toFixed(1) + "%";
    cell.appendChild(bar);
    tr.appendChild(cell);
    tr.appendChild(el("td", {}, num(p.mean_shown ?? p.global_price, 2)));
    tr.appendChild(el("td", {}, num(p.agent_min, 2)));
    tr.appendChild(el("td", {}, pct(p.erosion)));
    return tr;
  }));
  set("products-total", int(total));
}

function drawCluster(c) {
  const owner = new Map();
  c.nodes.forEach((n, i) => n.shards.forEach(s => owner.set(s, i)));
  const map = $("shard-map");
  const cells = [];
  for (let s = 0; s < c.partitions; s++) {
    const i = owner.get(s);
    const cell = el("div", { class: i == null ? "shard unowned" : "shard", "data-shard": s, "data-node": i == null ? "" : c.nodes[i].id, title: i == null ? "unassigned" : c.nodes[i].id }, String(s));
    if (i != null) cell.style.background = palette[i % palette.length];
    cells.push(cell);
  }
  map.replaceChildren(...cells);
  $("nodes").tBodies[0].replaceChildren(...c.nodes.map((n, i) => {
    const tr = el("tr", { "data-node": n.id });
    const name = el("td");
    const swatch = el("span");
    swatch.style.background = palette[i % palette.length];
    name.append(swatch, n.id + (n.id === c.self ? " (this node)" : ""));
    tr.append(name, el("td", {}, n.status), el("td", {}, String(n.shards.length)), el("td", {}, int(n.entities)), el("td", {}, int(n.events_per_second)));
    return tr;
  }));
  set("cluster-name", c.cluster ? "· " + c.cluster : "");
}

function render(s) {
  set("node", s.node);
  set("sequence", String(s.sequence));
  set("events-per-second", int(s.events_per_second));
  set("live-sessions", int(s.live_sessions));
  set("events", int(s.events));
  set("rejected", int(s.rejected));
  drawHistogram(s.histogram);
  const p = s.prices;
  set("price-likely-human", num(p.likely_human_mean, 2));
  set("price-likely-agent", num(p.likely_agent_mean, 2));
  set("quotes-likely-human", int(p.likely_human_quotes));
  set("quotes-likely-agent", int(p.likely_agent_quotes));
  set("price-human", num(p.human_mean, 2));
  set("price-agent", num(p.agent_mean, 2));
  set("priced-events", int(p.priced_events));
  set("likely-agent-share", pct(p.likely_agent_share));
  set("shield-fallbacks", int(p.shield_fallbacks));
  const c = s.coi;
  set("coi-level", num(c.level, 2));
  set("coi-live", num(c.live_level, 2));
  set("coi-at-agent-min", num(c.at_agent_minimum, 2));
  set("coi-floor", num(c.floor, 2));
  set("erosion", pct(c.erosion));
  set("erosion-products", String(c.products));
  $("erosion-gauge").style.width = c.erosion == null ? "0" : (100 * c.erosion).toFixed(1) + "%";
  drawProducts(s.products, s.products_total);
  drawCluster(s.cluster);
}

// The stream sits beside the page (/dashboard/stream), also behind a proxy that mounts the node under a prefix.
const source = new EventSource(location.pathname.replace(/\/?$/, "/stream"));
source.onopen = () => { const st = $("status"); st.textContent = "live"; st.className = "live"; };
source.onerror = () => { const st = $("status"); st.textContent = "reconnecting"; st.className = "lost"; };
source.onmessage = e => { try { render(JSON.parse(e.data)); } catch (err) { console.error(err); } };
</script>
</body>
</html>
""";
}
