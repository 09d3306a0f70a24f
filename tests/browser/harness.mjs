// Shared set-up of the browser tests: a temporary index (corpus/ plus an article built to attack
// the page), a real dossier-server on a free loopback port, and Debian's headless Chromium.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const env = {
  server: process.env.DOSSIER_SERVER_BIN,
  indexer: process.env.DOSSIER_INDEXER_BIN,
  corpus: process.env.DOSSIER_CORPUS_DIR,
  chromium: process.env.DOSSIER_CHROMIUM || "/usr/bin/chromium",
};

// Written to fire if any of it were ever treated as markup or as a link target.
export const ATTACK = {
  id: "attack_001",
  title: 'Troops <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
  text:
    'Troops gathered near the border on Monday. <script>window.__pwned=3</script> ' +
    '"<img src=x onerror=window.__pwned=4> We will never retreat," said General Mallory Vance. ' +
    'The ministry reported 1,200 troops. <a href="javascript:window.__pwned=5">click</a> ' +
    '[more](javascript:window.__pwned=6) <svg onload="window.__pwned=7"></svg> ' +
    '<iframe src="javascript:window.__pwned=8"></iframe> &lt;b&gt;bold&lt;/b&gt; <b>bold</b>',
  date: "2024-11-05",
  url: "javascript:window.__pwned=9",
  author: '<img src=x onerror="window.__pwned=10">',
  source: "<script>window.__pwned=11</script>",
};

export async function startServer({ extraJsonl = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "dossier-browser-"));
  const db = join(dir, "index");
  cpSync(env.corpus, join(dir, "corpus"), { recursive: true });
  writeFileSync(join(dir, "corpus", "attack.jsonl"), [ATTACK, ...extraJsonl].map((a) => JSON.stringify(a)).join("\n") + "\n");
  const built = spawnSync(env.indexer, ["--db", db, join(dir, "corpus")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error("indexer failed: " + built.stderr);
  const proc = spawn(env.server, ["--db", db, "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  // The server's stderr is read (a full pipe would block it) and shown if it dies under a test.
  let errors = "";
  let stopping = false;
  proc.stderr.on("data", (d) => {
    errors = (errors + d).slice(-65536);
  });
  proc.on("exit", (code, signal) => {
    if (!stopping) console.error(`dossier-server exited during the tests (code ${code}, signal ${signal}):\n${errors}`);
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve(Number(m[1]));
    });
    proc.on("exit", (code) => reject(new Error("dossier-server exited " + code)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      stopping = true;
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "dossier-chromium-"));
  // A new empty profile (--user-data-dir, which playwright takes as this first argument).
  const context = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: env.chromium,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function prerequisites() {
  const missing = [];
  for (const [k, v] of Object.entries(env)) if (!v || !existsSync(v)) missing.push(`${k} (${v})`);
  return missing;
}
