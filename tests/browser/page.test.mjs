// The web page in headless Chromium against a real dossier-server: search, facets, article
// marks, figures and quotes views, shared URLs and Back, the "/" key, phone width, and an article
// built to attack the page that must not run anything.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, prerequisites, ATTACK, env } from "./harness.mjs";

const missing = prerequisites();
if (missing.length) throw new Error("missing " + missing.join(", "));

let server, chrome, page;
const outside = [];  // requests to anything but the server itself
const dialogs = [];

before(async () => {
  server = await startServer();
  chrome = await launch();
  page = await chrome.context.newPage();
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) outside.push(r.url()); });
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

// Rendering done (a selector wait: the page's CSP forbids the eval that waitForFunction uses).
async function settled(p = page) {
  await p.locator('body[data-loading="false"]').waitFor({ state: "attached" });
}
const totalShown = async () => Number((await page.textContent("#status strong")).replace(/,/g, ""));

test("typing a query and pressing Enter lists hits with highlighted snippets", async () => {
  await page.goto(server.url);
  await settled();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.type("casualties Budanov");
  await page.keyboard.press("Enter");
  await settled();
  assert.equal(await totalShown(), 5);
  assert.equal(await page.locator(".hit").count(), 5);
  assert.ok((await page.locator(".hit mark").count()) > 0);
  assert.match(page.url(), /q=casualties\+Budanov/);
});

test("ticking a facet narrows the hits, other values keep counts, unticking restores", async () => {
  await page.goto(server.url + "?q=troops");
  await settled();
  const before = await totalShown();
  const box = page.locator('.facet[data-facet="speaker"] input[data-value="Kyrylo Budanov"]');
  await box.check();
  await settled();
  const narrowed = await totalShown();
  assert.ok(narrowed < before, `${narrowed} < ${before}`);
  assert.match(page.url(), /speaker=Kyrylo\+Budanov/);
  // Disjunctive counts: the other speakers are still listed with their counts.
  assert.ok((await page.locator('.facet[data-facet="speaker"] li').count()) > 1);
  await page.locator('.facet[data-facet="speaker"] input[data-value="Kyrylo Budanov"]').uncheck();
  await settled();
  assert.equal(await totalShown(), before);
});

test("the facet filter box finds values by prefix", async () => {
  await page.goto(server.url + "?q=");
  await settled();
  await page.fill('.facet[data-facet="speaker"] input[type="search"]', "zel");
  await page.locator('.facet[data-facet="speaker"] li >> nth=1').waitFor({ state: "detached" });
  assert.equal(await page.textContent('.facet[data-facet="speaker"] li .name'), "Volodymyr Zelensky");
});

test("an article shows its quotes, figures and speakers marked in the text", async () => {
  await page.goto(server.url + "?q=Budanov");
  await settled();
  await page.click(".hit h3 a >> nth=0");
  await settled();
  assert.match(page.url(), /view=article/);
  assert.ok((await page.locator(".text .m-quote").count()) > 0);
  assert.ok((await page.locator(".text .m-figure").count()) > 0);
  assert.ok((await page.locator(".text .m-speaker").count()) > 0);
  assert.ok((await page.textContent(".side")).includes("Kyrylo Budanov"));
  await page.goBack();
  await settled();
  assert.equal(await page.locator(".hit").count() > 0, true);
});

test("the figures view sets estimates side by side by type, and sorts by source", async () => {
  await page.goto(server.url + "?q=&figure=casualties");
  await settled();
  await page.click('#views button[data-view="figures"]');
  await settled();
  assert.equal(await page.locator("tr.figure-row").count(), 6);
  const values = await page.locator("tr.figure-row td.num").allTextContents();
  assert.deepEqual(values, ["30", "1,000", "1,100", "3,000", "3,000", "4,000"]);
  await page.click('button:has-text("by source")');
  await settled();
  assert.match(page.url(), /sort=source/);
});

test("a shared URL restores the whole state and Back returns to the previous one", async () => {
  await page.goto(server.url + "?view=quotes&q=&speaker=budanov");
  await settled();
  assert.equal(await page.getAttribute('#views button[data-view="quotes"]', "aria-pressed"), "true");
  const who = await page.locator(".quote .who").allTextContents();
  assert.ok(who.length > 0 && who.every((w) => w === "Kyrylo Budanov"), who.join("|"));
  assert.ok(await page.isChecked('.facet[data-facet="speaker"] input[data-value="budanov"]'));
  await page.click('#views button[data-view="hits"]');
  await settled();
  await page.goBack();
  await settled();
  assert.match(page.url(), /view=quotes/);
  assert.ok((await page.locator(".quote").count()) > 0);
});

test("an article built to attack the page runs nothing and links nowhere", async () => {
  await page.goto(server.url + "?q=Mallory+Vance");
  await settled();
  assert.equal(await totalShown(), 1);
  await page.click(".hit h3 a");
  await settled();
  assert.ok((await page.textContent(".text")).includes("<script>window.__pwned=3</script>"));
  await page.goto(server.url + "?view=quotes&q=retreat");
  await settled();
  await page.goto(server.url + "?view=figures&q=Mallory");
  await settled();
  await page.goto(server.url + "?view=article&id=" + ATTACK.id);
  await settled();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator("#results img, #results script, #results svg:not(.chart), #results iframe").count(), 0);
  const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") || ""));
  assert.ok(hrefs.every((h) => !/^\s*javascript:/i.test(h)), hrefs.join(" "));
  assert.equal(await page.locator("script").count(), 1);  // app.js only
  assert.deepEqual(outside, []);
});

test("the attack article runs nothing even with the CSP switched off", async () => {
  // The page's own DOM building is the defence: with bypassCSP an injected script would run.
  const naked = await launch({ bypassCSP: true });
  try {
    const p = await naked.context.newPage();
    const seen = [];
    p.on("dialog", (d) => { seen.push(d.message()); d.dismiss(); });
    for (const target of ["?q=Mallory+Vance", "?view=quotes&q=retreat", "?view=figures&q=Mallory", "?view=timeline&q=Mallory", "?view=timeline&of=quotes&q=Mallory", "?view=article&id=" + ATTACK.id]) {
      await p.goto(server.url + target);
      await settled(p);
    }
    await p.waitForTimeout(300);
    assert.equal(await p.evaluate(() => window.__pwned), undefined);
    assert.ok((await p.textContent(".text")).includes('<img src=x onerror=window.__pwned=4>'));
    assert.deepEqual(seen, []);
  } finally {
    await naked.close();
  }
});

test("the page fits a phone screen", async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(server.url + "?q=troops");
  await settled();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 376, `page is ${width}px wide`);
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("every facet of the index's facet table has its box, place and person included", async () => {
  await page.goto(server.url + "?q=");
  await settled();
  const shown = await page.locator(".facet").evaluateAll((fs) => fs.map((f) => f.dataset.facet));
  const stats = await (await fetch(server.url + "api/stats")).json();
  assert.deepEqual(shown, stats.facets.map((f) => f.key));
  assert.ok(shown.includes("place") && shown.includes("person"), shown.join(","));
});

test("the timeline charts each source's figures and lists them in date order", async () => {
  await page.goto(server.url + "?view=timeline&q=&figure=casualties");
  await settled();
  assert.equal(await page.getAttribute('#views button[data-view="timeline"]', "aria-pressed"), "true");
  assert.equal(await page.locator("svg.chart").count(), 1);
  const series = await page.locator("svg.chart g.series").count();
  assert.ok(series >= 2, `${series} series`);
  assert.equal(await page.locator(".chart-legend li").count(), series);
  const rows = await page.locator("tr.timeline-row").count();
  assert.ok(rows >= 4, `${rows} rows`);
  assert.equal(await totalShown(), rows);
  // Within each source, dates never go back.
  const tables = await page.locator("#results table").evaluateAll((ts) => ts.map((t) =>
    [...t.querySelectorAll("tr.timeline-row td:first-child")].map((td) => td.textContent)));
  for (const dates of tables) {
    const dated = dates.filter((d) => d !== "undated");
    assert.deepEqual(dated, [...dated].sort(), dates.join(" "));
  }
  await page.click('button[data-of="quotes"]');
  await settled();
  assert.match(page.url(), /of=quotes/);
  assert.ok((await page.locator(".timeline-quote").count()) > 0);
});

test("copies of a story fold into one hit with +N similar, and facets can count stories", async () => {
  // A second server whose archive holds a wire copy of one corpus article (new headline, the
  // rest as published).
  const original = readFileSync(join(env.corpus, "001_1eb6d0dfee52ccb7.txt"), "utf8").split("\n");
  const copy = { id: "wire-copy-001", title: "Republished: " + original[0], text: original.slice(1).join("\n"), date: "2024-12-20" };
  const folded = await startServer({ extraJsonl: [copy] });
  try {
    const p = await chrome.context.newPage();
    await p.goto(folded.url + "?q=Zelensky+casualties");
    await settled(p);
    const hits = await p.locator(".hit").count();
    const similar = p.locator(".hit details.similar");
    assert.equal(await similar.count(), 1);
    assert.equal(await similar.locator("summary").textContent(), "+1 similar");
    await similar.locator("summary").click();
    const listed = await similar.locator("li a").allTextContents();
    assert.equal(listed.length, 1);
    assert.ok(["wire-copy-001", "001_1eb6d0dfee52ccb7"].includes(listed[0]), listed[0]);
    const status = await p.textContent("#status");
    assert.match(status, new RegExp(`${hits + 1} matching articles in ${hits} stories`));
    // Every facet count added up: the copy's values count again as articles, not as stories.
    const counted = async () => (await p.locator(".facet li .count").allTextContents()).reduce((a, c) => a + Number(c.replace(/,/g, "")), 0);
    const byArticles = await counted();
    await p.check('input[name="count"]');
    await settled(p);
    assert.match(p.url(), /count=stories/);
    const byStories = await counted();
    assert.ok(byStories < byArticles, `${byStories} < ${byArticles}`);
    await p.uncheck('input[name="collapse"]');
    await settled(p);
    assert.match(p.url(), /collapse=0/);
    assert.equal(await p.locator(".hit").count(), hits + 1);
    assert.equal(await p.locator(".hit details.similar").count(), 0);
    await p.close();
  } finally {
    await folded.stop();
  }
});
