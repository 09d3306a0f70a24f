// Dossier web page: plain JavaScript, no build step, nothing fetched from elsewhere.
// Article text and every field from the API are DATA: they only ever reach the page through
// textContent and DOM nodes, never innerHTML, and a link is made only for http(s) URLs.
"use strict";

// The facet table comes from the server (/api/stats "facets", the index's schema): one row per
// facet with its JSON key, heading and query parameter. Filled before the first render.
let FACETS = [];
const PAGE = { hits: 10, figures: 100, quotes: 20 };
const VIEWS = ["hits", "figures", "quotes", "timeline", "article"];
const $ = (id) => document.getElementById(id);

// ---- DOM helpers -------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
const fmtNum = (n) => Number(n).toLocaleString("en-US");

// ---- state <-> URL ----------------------------------------------------------------------
function readState() {
  const p = new URLSearchParams(location.search);
  const s = {
    view: VIEWS.includes(p.get("view")) ? p.get("view") : "hits",
    q: p.get("q") || "",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    date_from: p.get("date_from") || "",
    date_to: p.get("date_to") || "",
    id: p.get("id") || "",
    sort: p.get("sort") || "",
    // Copies of a story fold into one hit unless collapse=0; facets count stories with count=stories.
    collapse: p.get("collapse") !== "0",
    count: p.get("count") === "stories" ? "stories" : "articles",
    of: p.get("of") === "quotes" ? "quotes" : "figures",
    filters: {},
  };
  for (const f of FACETS) s.filters[f.param] = p.getAll(f.param);
  return s;
}
function stateQuery(s) {
  const p = new URLSearchParams();
  if (s.view !== "hits") p.set("view", s.view);
  if (s.q) p.set("q", s.q);
  for (const f of FACETS) for (const v of s.filters[f.param]) p.append(f.param, v);
  if (s.date_from) p.set("date_from", s.date_from);
  if (s.date_to) p.set("date_to", s.date_to);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.id) p.set("id", s.id);
  if (s.sort) p.set("sort", s.sort);
  if (!s.collapse) p.set("collapse", "0");
  if (s.count === "stories") p.set("count", "stories");
  if (s.view === "timeline" && s.of === "quotes") p.set("of", "quotes");
  return p.toString();
}
function go(s, replace) {
  const url = "?" + stateQuery(s);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}
// API parameters of a state (the filters, the query, the dates).
function apiParams(s, extra) {
  const p = new URLSearchParams();
  p.set("q", s.q);
  for (const f of FACETS) for (const v of s.filters[f.param]) p.append(f.param, v);
  if (s.date_from) p.set("date_from", s.date_from);
  if (s.date_to) p.set("date_to", s.date_to);
  if (!s.collapse) p.set("collapse", "0");
  for (const [k, v] of Object.entries(extra || {})) p.set(k, String(v));
  return p;
}
function noFilters() {
  const out = {};
  for (const f of FACETS) out[f.param] = [];
  return out;
}

// ---- API --------------------------------------------------------------------------------
let generation = 0;
function authHeaders() {
  const t = sessionStorage.getItem("dossier-token");
  return t ? { Authorization: "Bearer " + t } : {};
}
async function api(path, params) {
  const url = path + (params ? "?" + params.toString() : "");
  const res = await fetch(url, { headers: authHeaders() });
  if (res.status === 401) {
    $("token-box").hidden = false;
    throw new Error("This server needs an access token.");
  }
  const body = await res.json().catch(() => ({ error: "unreadable answer (" + res.status + ")" }));
  if (!res.ok) throw new Error(body.error || "error " + res.status);
  return body;
}
async function downloadCsv(path, params, name) {
  const res = await fetch(path + "?" + params.toString(), { headers: authHeaders() });
  if (!res.ok) { showError((await res.json().catch(() => ({}))).error || "CSV export failed"); return; }
  const url = URL.createObjectURL(await res.blob());
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- rendering --------------------------------------------------------------------------
function showError(message) {
  clear($("results")).append(el("p", { class: "error", role: "alert", text: message }));
}
// A snippet from the API marks matches with <b>…</b>; everything else is text.
function snippetNodes(snippet) {
  const out = [];
  const parts = String(snippet).split(/(<b>|<\/b>)/);
  let bold = false;
  for (const part of parts) {
    if (part === "<b>") { bold = true; continue; }
    if (part === "</b>") { bold = false; continue; }
    if (!part) continue;
    out.push(bold ? el("mark", { text: part }) : document.createTextNode(part));
  }
  return out;
}
function articleLink(id, title) {
  const s = readState();
  const t = { ...s, view: "article", id, offset: 0, sort: "" };
  return el("a", {
    href: "?" + stateQuery(t), text: title || id,
    onclick: (e) => { if (e.button === 0 && !e.ctrlKey && !e.metaKey) { e.preventDefault(); go(t); } },
  });
}
function pressedView(view) {
  for (const b of document.querySelectorAll("#views button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === view));
  }
}

function renderFacets(s, data) {
  const box = clear($("facets"));
  if (!data || !data.facets) return;
  for (const f of FACETS) {
    const selected = s.filters[f.param];
    // Disjunctive: a filtered facet shows its counts with its own filter off.
    const counts = (data.disjunctive_facets && data.disjunctive_facets[f.key]) || data.facets[f.key] || [];
    const values = counts.slice();
    for (const v of selected) {
      if (!values.some((c) => c.value.toLowerCase() === v.toLowerCase())) values.push({ value: v, count: 0 });
    }
    const list = el("ul");
    const filter = el("input", { type: "search", placeholder: "Filter " + f.label.toLowerCase(), "aria-label": "Filter " + f.label });
    const fill = (items) => {
      clear(list);
      for (const c of items) {
        const checked = selected.some((v) => v.toLowerCase() === c.value.toLowerCase());
        const box = el("input", {
          type: "checkbox", checked, "data-facet": f.key, "data-value": c.value,
          onchange: () => {
            const t = readState();
            const cur = t.filters[f.param].filter((v) => v.toLowerCase() !== c.value.toLowerCase());
            if (box.checked) cur.push(c.value);
            t.filters[f.param] = cur;
            t.offset = 0;
            go(t);
          },
        });
        list.append(el("li", { class: c.count ? "" : "zero" },
          el("label", {}, box, el("span", { class: "name", text: c.value }), el("span", { class: "count", text: fmtNum(c.count) }))));
      }
    };
    fill(values);
    let timer = 0;
    filter.addEventListener("input", () => {
      clearTimeout(timer);
      const prefix = filter.value.trim();
      if (!prefix) { fill(values); return; }
      timer = setTimeout(async () => {
        const p = apiParams(s, { prefix, limit: 50 });
        try {
          const r = await api("/api/facets/" + f.key, p);
          if (filter.value.trim() === prefix) fill(r.values);
        } catch (e) { /* the list stays as it is */ }
      }, 150);
    });
    const distinct = data.facet_distinct ? data.facet_distinct[f.key] : values.length;
    box.append(el("section", { class: "facet", "data-facet": f.key },
      el("h2", {}, el("span", { text: f.label }), el("span", { class: "muted", text: distinct ? fmtNum(distinct) : "" })),
      filter, list));
  }
}

function renderHistogram(s, data) {
  const box = $("dates-box");
  const h = data && data.date_histogram;
  const chart = clear($("histogram"));
  $("dates-clear").hidden = !(s.date_from || s.date_to);
  if (!h || !h.buckets || !h.buckets.length) {
    box.hidden = !(s.date_from || s.date_to);
    $("dates-range").textContent = s.date_from || s.date_to ? (s.date_from || "…") + " – " + (s.date_to || "…") : "";
    return;
  }
  box.hidden = false;
  const max = Math.max(1, ...h.buckets.map((b) => b.count));
  let anchor = null;
  h.buckets.forEach((b, i) => {
    const bar = el("button", {
      type: "button", class: "bar", title: b.key + ": " + fmtNum(b.count) + " articles",
      "aria-label": b.key + ": " + b.count + " articles", "data-key": b.key,
      onclick: (e) => {
        // Click: that period. Shift-click: from the last clicked period to this one.
        const t = readState();
        let from = b.key, to = b.key;
        if (e.shiftKey && anchor !== null) {
          const a = h.buckets[anchor].key;
          from = a < b.key ? a : b.key;
          to = a < b.key ? b.key : a;
        }
        anchor = i;
        t.date_from = from; t.date_to = to; t.offset = 0;
        go(t);
      },
    });
    bar.style.height = Math.max(2, Math.round((b.count / max) * 100)) + "%";
    if ((s.date_from || s.date_to) && (!s.date_from || b.key >= s.date_from.slice(0, b.key.length)) && (!s.date_to || b.key <= s.date_to.slice(0, b.key.length))) bar.classList.add("selected");
    chart.append(bar);
  });
  $("dates-range").textContent = (s.date_from || h.first) + " – " + (s.date_to || h.last) + " · " + fmtNum(h.dated) + " dated, per " + h.interval;
}

function pager(s, total, size) {
  const nav = clear($("pager"));
  if (total <= size) return;
  const mk = (label, offset, disabled) => el("button", {
    type: "button", disabled, text: label,
    onclick: () => { const t = readState(); t.offset = offset; go(t); window.scrollTo(0, 0); },
  });
  nav.append(mk("← Previous", Math.max(0, s.offset - size), s.offset === 0),
    el("span", { class: "muted", text: `${fmtNum(s.offset + 1)}–${fmtNum(Math.min(total, s.offset + size))} of ${fmtNum(total)}` }),
    mk("Next →", s.offset + size, s.offset + size >= total));
}

function statusLine(parts) {
  clear($("status")).append(...parts.filter((p) => p !== null && p !== undefined && p !== ""));
}
function didYouMean(s, data) {
  if (!data.corrected_query) return null;
  const t = { ...s, q: data.corrected_query, offset: 0 };
  return el("span", { class: "did-you-mean" },
    data.showing_corrected ? " Showing results for " : " Did you mean ",
    el("a", { href: "?" + stateQuery(t), text: data.corrected_query, onclick: (e) => { e.preventDefault(); go(t); } }), "?");
}
function csvButton(path, params, name) {
  return el("button", { type: "button", class: "csv", text: "CSV", title: "Download as CSV", onclick: () => downloadCsv(path, params, name) });
}

// A checkbox of the toolbar that sets one state field and reloads.
function toggle(label, name, checked, set) {
  return el("label", { class: "toggle" },
    el("input", { type: "checkbox", name, checked, onchange: (e) => { const t = readState(); set(t, e.target.checked); t.offset = 0; go(t); } }),
    " " + label);
}
function foldToggles(s) {
  return [
    toggle("Fold copies of a story", "collapse", s.collapse, (t, on) => { t.collapse = on; }),
    toggle("Facets count stories", "count", s.count === "stories", (t, on) => { t.count = on ? "stories" : "articles"; }),
  ];
}

async function renderHits(s, gen, started) {
  const data = await api("/api/search", apiParams(s, { limit: PAGE.hits, offset: s.offset, facets: 50, similar: 1, count: s.count }));
  if (gen !== generation) return;
  renderFacets(s, data);
  renderHistogram(s, data);
  const results = clear($("results"));
  const csvParams = apiParams(s, { limit: 1000, offset: s.offset, format: "csv" });
  results.append(el("div", { class: "toolbar" }, csvButton("/api/search", csvParams, "hits.csv"), ...foldToggles(s)));
  for (const h of data.hits) {
    const meta = [h.date, h.source, h.author, h.id].filter(Boolean).join(" · ");
    const chips = el("div", { class: "chips" });
    for (const v of (h.speakers || []).slice(0, 6)) chips.append(el("span", { text: v }));
    let copies = null;
    if (h.similar_count > 0) {
      // The folded copies, listed on demand (the ids came with the hit: similar=1).
      copies = el("details", { class: "similar" },
        el("summary", { text: `+${fmtNum(h.similar_count)} similar` }),
        el("ul", {}, ...(h.similar || []).map((id) => el("li", {}, articleLink(id, id)))));
    }
    results.append(el("article", { class: "hit", "data-story": h.story_id },
      el("h3", {}, articleLink(h.id, h.title)),
      el("div", { class: "meta", text: meta }),
      el("p", { class: "snippet" }, ...snippetNodes(h.snippet)),
      chips, copies));
  }
  const ms = performance.now() - started;
  // Folded, a page lists stories: the pager counts them.
  const listed = s.collapse ? data.stories : data.total;
  statusLine([el("strong", { text: fmtNum(data.total) }), " matching articles",
    el("span", { class: "stories", text: ` in ${fmtNum(data.stories)} stories` }),
    el("span", { class: "muted", text: ` · ${ms.toFixed(0)} ms` }), didYouMean(s, data)]);
  pager(s, listed, PAGE.hits);
  window.dossierDrawnMs = ms;
}

// A view listed beside the sidebar: its own answer and, at the same time, the facet counts and
// date histogram of the same query (a search without hits). Null when a newer render began.
async function withSidebar(s, gen, path, params) {
  const [data, side] = await Promise.all([
    api(path, apiParams(s, params)),
    api("/api/search", apiParams(s, { limit: 0, facets: 50, count: s.count })),
  ]);
  if (gen !== generation) return null;
  renderFacets(s, side);
  renderHistogram(s, side);
  return data;
}

async function renderFigures(s, gen, started) {
  const data = await withSidebar(s, gen, "/api/figures", { limit: PAGE.figures, offset: s.offset });
  if (!data) return;
  const results = clear($("results"));
  const csvParams = apiParams(s, { limit: 1000, offset: s.offset, format: "csv" });
  results.append(el("div", { class: "toolbar" }, csvButton("/api/figures", csvParams, "figures.csv"),
    el("span", { class: "muted", text: "Sort within each type:" }),
    ...[["value", "by value"], ["source", "by source"]].map(([k, label]) => el("button", {
      type: "button", text: label, "aria-pressed": String((s.sort || "value") === k),
      onclick: () => { const t = readState(); t.sort = k; go(t, true); },
    }))));
  const groups = new Map();
  for (const f of data.figures) {
    if (!groups.has(f.type)) groups.set(f.type, []);
    groups.get(f.type).push(f);
  }
  for (const [type, rows] of groups) {
    if (s.sort === "source") rows.sort((a, b) => (a.attributed_to || "~").localeCompare(b.attributed_to || "~") || a.value - b.value);
    else rows.sort((a, b) => a.value - b.value);
    const body = el("tbody");
    for (const f of rows) {
      body.append(el("tr", { class: "figure-row" },
        el("td", { class: "num", text: fmtNum(f.value) }),
        el("td", { text: f.qualifier || "" }),
        el("td", { text: f.attributed_to || "—" }),
        el("td", {}, articleLink(f.id, f.id)),
        el("td", { text: f.sentence || "" })));
    }
    results.append(el("h3", { class: "group", text: type + " (" + rows.length + ")" }),
      el("table", {}, el("thead", {}, el("tr", {},
        el("th", {}, "Value"), el("th", {}, "Qualifier"), el("th", {}, "Source"), el("th", {}, "Article"), el("th", {}, "Sentence"))), body));
  }
  statusLine([el("strong", { text: fmtNum(data.figures_total) }), ` figures in ${fmtNum(data.total)} matching articles`,
    el("span", { class: "muted", text: ` · ${(performance.now() - started).toFixed(0)} ms` }), didYouMean(s, data)]);
  pager(s, data.figures_total, PAGE.figures);
}

async function renderQuotes(s, gen, started) {
  const data = await withSidebar(s, gen, "/api/quotes", { limit: PAGE.quotes, offset: s.offset });
  if (!data) return;
  const results = clear($("results"));
  const csvParams = apiParams(s, { limit: 1000, offset: s.offset, format: "csv" });
  results.append(el("div", { class: "toolbar" }, csvButton("/api/quotes", csvParams, "quotes.csv")));
  for (const q of data.quotes) {
    results.append(el("blockquote", { class: "quote" },
      el("div", { class: "who", text: q.speaker || "Unnamed source" }),
      el("div", { text: q.direct === false ? "(reported) " + q.text : "“" + q.text + "”" }),
      el("div", { class: "muted" }, articleLink(q.id, q.title))));
  }
  statusLine([el("strong", { text: fmtNum(data.quotes_total) }), ` quotations in ${fmtNum(data.total)} matching articles`,
    el("span", { class: "muted", text: ` · ${(performance.now() - started).toFixed(0)} ms` }), didYouMean(s, data)]);
  pager(s, data.quotes_total, PAGE.quotes);
}

// ---- timeline: each source's figures (or quotes) in date order ---------------------------
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}
const PALETTE = ["#1f5fbf", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#e67700", "#5c940d", "#364fc7", "#a61e4d"];
const dayNumber = (d) => Date.parse(d + "T00:00:00Z") / 86400000;
const QUALIFIERS = { lower_bound: "at least", upper_bound: "up to", approximate: "about", exact: "" };
const qualified = (p) => [p.qualifier in QUALIFIERS ? QUALIFIERS[p.qualifier] : p.qualifier, fmtNum(p.value)].filter(Boolean).join(" ");
const copiesText = (n) => `+${fmtNum(n)} ${n === 1 ? "copy" : "copies"}`;

// Value over time, one series per source, for one figure type: a plain SVG line chart (dated
// points only; undated ones stay in the table below it).
function timelineChart(series, type) {
  const lines = series.map((x, i) => ({
    source: x.source || "Unattributed", color: PALETTE[i % PALETTE.length],
    points: x.points.filter((p) => p.type === type && p.date),
  })).filter((x) => x.points.length);
  const all = lines.flatMap((x) => x.points);
  if (!all.length) return el("p", { class: "muted", text: "No dated " + type + " figures to chart." });
  const W = 720, H = 260, L = 64, R = 12, T = 12, B = 36;
  const days = all.map((p) => dayNumber(p.date));
  let d0 = Math.min(...days), d1 = Math.max(...days);
  if (d0 === d1) { d0 -= 1; d1 += 1; }
  const vmax = Math.max(...all.map((p) => p.value), 0) || 1;
  const vmin = Math.min(0, ...all.map((p) => p.value));
  const x = (d) => L + ((d - d0) / (d1 - d0)) * (W - L - R);
  const y = (v) => T + (1 - (v - vmin) / (vmax - vmin)) * (H - T - B);
  const chart = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${type} over time, by source` });
  for (let i = 0; i <= 4; i++) {
    const v = vmin + ((vmax - vmin) * i) / 4;
    chart.append(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "tick", text: fmtNum(Math.round(v)) }));
  }
  const first = new Date(d0 * 86400000).toISOString().slice(0, 10), last = new Date(d1 * 86400000).toISOString().slice(0, 10);
  chart.append(svg("text", { x: L, y: H - 10, class: "tick", text: first }),
    svg("text", { x: W - R, y: H - 10, "text-anchor": "end", class: "tick", text: last }));
  for (const line of lines) {
    const pts = line.points.map((p) => `${x(dayNumber(p.date)).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
    const g = svg("g", { class: "series", "data-source": line.source });
    g.append(svg("polyline", { points: pts, fill: "none", stroke: line.color, "stroke-width": 2 }));
    for (const p of line.points) {
      g.append(svg("circle", { cx: x(dayNumber(p.date)).toFixed(1), cy: y(p.value).toFixed(1), r: 4, fill: line.color },
        svg("title", { text: `${line.source}, ${p.date}: ${qualified(p)} (${p.id})` })));
    }
    chart.append(g);
  }
  const legend = el("ul", { class: "chart-legend" }, ...lines.map((l) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = l.color;
    return el("li", {}, swatch, l.source);
  }));
  return el("figure", { class: "timeline-chart" }, chart, legend);
}

async function renderTimeline(s, gen, started) {
  const data = await withSidebar(s, gen, s.of === "quotes" ? "/api/quotes" : "/api/figures", { timeline: 1 });
  if (!data) return;
  clear($("pager"));
  const results = clear($("results"));
  results.append(el("div", { class: "toolbar" },
    ...[["figures", "Figures"], ["quotes", "Quotes"]].map(([k, label]) => el("button", {
      type: "button", text: label, "data-of": k, "aria-pressed": String(s.of === k),
      onclick: () => { const t = readState(); t.of = k; go(t); },
    })), ...foldToggles(s)));
  if (s.of === "quotes") {
    for (const q of data.timeline) {
      results.append(el("blockquote", { class: "quote timeline-quote" },
        el("div", { class: "who" }, el("span", { class: "date", text: (q.date || "undated") + " " }), q.speaker || "Unnamed source"),
        el("div", { text: q.direct === false ? "(reported) " + q.text : "“" + q.text + "”" }),
        el("div", { class: "muted" }, articleLink(q.id, q.title),
          q.copies && q.copies.length ? " " + copiesText(q.copies.length) : "")));
    }
  } else {
    // One chart per figure type present, largest first (a filter figure=TYPE leaves one).
    const byType = new Map();
    for (const x of data.timeline) for (const p of x.points) byType.set(p.type, (byType.get(p.type) || 0) + 1);
    const types = [...byType.keys()].sort((a, b) => byType.get(b) - byType.get(a) || a.localeCompare(b)).slice(0, 3);
    for (const type of types) results.append(el("h3", { class: "group", text: type }), timelineChart(data.timeline, type));
    for (const x of data.timeline) {
      const body = el("tbody");
      for (const p of x.points) {
        const notes = [];
        if (p.changed) notes.push(`changed from ${fmtNum(p.previous_value)}`);
        if (p.repeats) notes.push(`repeats ${p.repeats}`);
        if (p.copies && p.copies.length) notes.push(copiesText(p.copies.length));
        body.append(el("tr", { class: "timeline-row" + (p.changed ? " changed" : "") },
          el("td", { text: p.date || "undated", title: p.date_source || "" }),
          el("td", { text: p.type }),
          el("td", { class: "num", text: qualified(p) }),
          el("td", { text: notes.join("; ") }),
          el("td", {}, articleLink(p.id, p.id)),
          el("td", { text: p.sentence || "" })));
      }
      results.append(el("h3", { class: "source", text: x.source || "Unattributed" }),
        el("table", {}, el("thead", {}, el("tr", {}, ...["Date", "Type", "Value", "Note", "Article", "Sentence"].map((h) => el("th", { text: h })))), body));
    }
  }
  statusLine([el("strong", { text: fmtNum(data.timeline_total) }), s.of === "quotes" ? " quotations" : " figures",
    ` in date order from ${fmtNum(data.total)} matching articles in ${fmtNum(data.stories)} stories`,
    el("span", { class: "muted", text: ` · ${(performance.now() - started).toFixed(0)} ms` }), didYouMean(s, data)]);
}

// Marks quotes and figures (by their UTF-16 offsets) and speaker and organization names (by
// occurrence) in the article text; overlapping marks nest as combined classes.
function markedText(text, ex) {
  const spans = [];
  for (const q of ex.quotes || []) if (Number.isInteger(q.char_begin)) spans.push([q.char_begin, q.char_end, "m-quote"]);
  for (const f of ex.figures || []) if (Number.isInteger(f.char_begin)) spans.push([f.char_begin, f.char_end, "m-figure"]);
  const names = [[ex.speakers || [], "m-speaker"], [ex.organizations || [], "m-org"]];
  for (const [list, cls] of names) {
    for (const item of list) {
      const name = typeof item === "string" ? item : item && (item.name || item.value);
      if (!name || name.length < 2) continue;
      for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) spans.push([i, i + name.length, cls]);
    }
  }
  const cuts = new Set([0, text.length]);
  for (const [b, e] of spans) { cuts.add(Math.max(0, Math.min(b, text.length))); cuts.add(Math.max(0, Math.min(e, text.length))); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const classes = [...new Set(spans.filter(([s, e]) => s <= a && e >= b).map(([, , c]) => c))];
    const piece = text.slice(a, b);
    out.push(classes.length ? el("span", { class: classes.join(" "), "data-at": a, text: piece }) : document.createTextNode(piece));
  }
  return out;
}

async function renderArticle(s, gen) {
  clear($("facets"));
  $("dates-box").hidden = true;
  clear($("pager"));
  const a = await api("/api/articles/" + encodeURIComponent(s.id));
  if (gen !== generation) return;
  const ex = a.extraction || {};
  const back = { ...s, view: "hits", id: "" };
  statusLine([el("a", { href: "?" + stateQuery(back), text: "← Back to results", onclick: (e) => { e.preventDefault(); history.length > 1 ? history.back() : go(back); } })]);
  const fields = el("dl", { class: "meta" });
  for (const [k, v] of Object.entries(a.fields || {})) {
    const value = typeof v === "string" ? v : JSON.stringify(v);
    const dd = el("dd", {});
    if (/^https?:\/\//i.test(value)) dd.append(el("a", { href: value, rel: "noopener noreferrer nofollow", target: "_blank", text: value }));
    else dd.textContent = value;
    fields.append(el("dt", { text: k }), dd);
  }
  const list = (title, items, fmt) => items.length
    ? el("section", {}, el("h3", { text: `${title} (${items.length})` }), el("ul", {}, ...items.map((x) => el("li", { text: fmt(x) }))))
    : null;
  const nameOf = (x) => (typeof x === "string" ? x : x.name || x.value || JSON.stringify(x));
  const side = el("div", { class: "side" },
    el("p", { class: "legend" }, el("span", { class: "m-quote", text: "quote" }), el("span", { class: "m-figure", text: "figure" }),
      el("span", { class: "m-speaker", text: "speaker" }), el("span", { class: "m-org", text: "organization" })),
    list("Speakers", ex.speakers || [], nameOf),
    list("Organizations", ex.organizations || [], nameOf),
    list("Quotes", ex.quotes || [], (q) => `${q.speaker || "Unnamed"}: “${q.text}”`),
    list("Figures", ex.figures || [], (f) => `${f.type}: ${fmtNum(f.value)}${f.attributed_to ? " (" + f.attributed_to + ")" : ""}`));
  clear($("results")).append(el("div", { class: "article" },
    el("div", { class: "body" }, el("h2", { text: a.title || a.id }), fields, el("div", { class: "text" }, ...markedText(a.text || "", ex))),
    side));
  document.title = (a.title || a.id) + " · Dossier";
}

async function render() {
  const s = readState();
  const gen = ++generation;
  const started = performance.now();
  $("q").value = s.q;
  pressedView(s.view === "article" ? "" : s.view);
  document.title = s.q ? s.q + " · Dossier" : "Dossier";
  document.body.dataset.loading = "true";
  try {
    if (s.view === "article") await renderArticle(s, gen);
    else if (s.view === "figures") await renderFigures(s, gen, started);
    else if (s.view === "quotes") await renderQuotes(s, gen, started);
    else if (s.view === "timeline") await renderTimeline(s, gen, started);
    else await renderHits(s, gen, started);
  } catch (e) {
    if (gen === generation) { showError(e.message); clear($("pager")); }
  } finally {
    if (gen === generation) document.body.dataset.loading = "false";
  }
}

// ---- events -----------------------------------------------------------------------------
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const s = readState();
  s.q = $("q").value;
  s.offset = 0;
  if (s.view === "article") { s.view = "hits"; s.id = ""; }
  go(s);
});
for (const b of document.querySelectorAll("#views button")) {
  b.addEventListener("click", () => { const s = readState(); s.view = b.dataset.view; s.offset = 0; s.id = ""; go(s); });
}
$("dates-clear").addEventListener("click", () => { const s = readState(); s.date_from = ""; s.date_to = ""; s.offset = 0; go(s); });
$("home").addEventListener("click", (e) => { e.preventDefault(); go(readState().view === "hits" ? { ...readState(), q: "", offset: 0, filters: noFilters(), date_from: "", date_to: "" } : { ...readState(), view: "hits", id: "" }); });
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("dossier-token", $("token").value);
  $("token-box").hidden = true;
  start();
});
document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); $("q").focus(); $("q").select(); }
});
window.addEventListener("popstate", render);

// The facet table first (it names the URL's filter parameters), then the page.
async function start() {
  if (!FACETS.length) {
    try {
      const stats = await api("/api/stats");
      FACETS = (stats.facets || []).map((f) => ({ key: f.key, param: f.param, label: f.label }));
    } catch (e) {
      showError(e.message);
      document.body.dataset.loading = "false";
      return;
    }
  }
  render();
}
start();
