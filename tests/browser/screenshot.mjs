// Takes docs/screenshot.png of the page and times "Enter to results drawn" in Chromium.
//   node tests/browser/screenshot.mjs URL [QUERY] [OUT.png]     (a running dossier-server)
// Not a test: a measurement and the README's picture.
import { launch } from "./harness.mjs";

const [url, query = "troops", out = "docs/screenshot.png"] = process.argv.slice(2);
const chrome = await launch();
const page = await chrome.context.newPage();
await page.setViewportSize({ width: 1280, height: 860 });
const ready = () => page.locator('body[data-loading="false"]').waitFor({ state: "attached" });
const times = [];
for (let i = 0; i < 5; i++) {
  await page.goto(url);
  await ready();
  await page.fill("#q", query);
  const t0 = Date.now();
  await page.press("#q", "Enter");
  await ready();
  times.push({ wall: Date.now() - t0, drawn: await page.evaluate(() => window.dossierDrawnMs) });
}
times.sort((a, b) => a.drawn - b.drawn);
console.log(`"${query}": Enter → results drawn, median of 5: ${times[2].drawn.toFixed(0)} ms in the page, ${times[2].wall} ms seen by the driver; ` +
  (await page.textContent("#status")).trim());
await page.screenshot({ path: out });
await chrome.close();
