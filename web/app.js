// Dossier web page: plain JavaScript, no build step, nothing fetched from elsewhere.
// Article text and every field from the API are DATA: they only ever reach the page through
// textContent and DOM nodes, never innerHTML, and a link is made only for http(s) URLs.
"use strict";

const FACETS = [
  { key: "speaker", param: "speaker", label: "Speakers" },
  { key: "organization", param: "org", label: "Organizations" },
  { key: "figure_type", param: "figure", label: "Figure types" },
];
const PAGE = { hits: 10, figures: 100, quotes: 20 };
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
    view: ["hits", "figures", "quotes", "article"].includes(p.get("view")) ? p.get("view") : "hits",
    q: p.get("q") || "",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    date_from: p.get("date_from") || "",
    date_to: p.get("date_to") || "",
    id: p.get("id") || "",
    sort: p.get("sort") || "",
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
  for (const [k, v] of Object.entries(extra || {})) p.set(k, String(v));
  return p;
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

async function renderHits(s, gen, started) {
  const data = await api("/api/search", apiParams(s, { limit: PAGE.hits, offset: s.offset, facets: 50 }));
  if (gen !== generation) return;
  renderFacets(s, data);
  renderHistogram(s, data);
  const results = clear($("results"));
  const csvParams = apiParams(s, { limit: 1000, offset: s.offset, format: "csv" });
  results.append(el("div", { class: "toolbar" }, csvButton("/api/search", csvParams, "hits.csv")));
  for (const h of data.hits) {
    const meta = [h.date, h.source, h.author, h.id].filter(Boolean).join(" · ");
    const chips = el("div", { class: "chips" });
    for (const v of (h.speakers || []).slice(0, 6)) chips.append(el("span", { text: v }));
    results.append(el("article", { class: "hit" },
      el("h3", {}, articleLink(h.id, h.title)),
      el("div", { class: "meta", text: meta }),
      el("p", { class: "snippet" }, ...snippetNodes(h.snippet)),
      chips));
  }
  const ms = performance.now() - started;
  statusLine([el("strong", { text: fmtNum(data.total) }), " matching articles",
    el("span", { class: "muted", text: ` · ${ms.toFixed(0)} ms` }), didYouMean(s, data)]);
  pager(s, data.total, PAGE.hits);
  window.dossierDrawnMs = ms;
}

async function renderFigures(s, gen, started) {
  const [data, side] = await Promise.all([
    api("/api/figures", apiParams(s, { limit: PAGE.figures, offset: s.offset })),
    api("/api/search", apiParams(s, { limit: 0, facets: 50 })),
  ]);
  if (gen !== generation) return;
  renderFacets(s, side);
  renderHistogram(s, side);
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
  const [data, side] = await Promise.all([
    api("/api/quotes", apiParams(s, { limit: PAGE.quotes, offset: s.offset })),
    api("/api/search", apiParams(s, { limit: 0, facets: 50 })),
  ]);
  if (gen !== generation) return;
  renderFacets(s, side);
  renderHistogram(s, side);
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
$("home").addEventListener("click", (e) => { e.preventDefault(); go(readState().view === "hits" ? { ...readState(), q: "", offset: 0, filters: { speaker: [], org: [], figure: [] }, date_from: "", date_to: "" } : { ...readState(), view: "hits", id: "" }); });
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("dossier-token", $("token").value);
  $("token-box").hidden = true;
  render();
});
document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); $("q").focus(); $("q").select(); }
});
window.addEventListener("popstate", render);
render();
