#!/usr/bin/env node
// Markup and accessibility check of live pages.
//
//   node check.mjs [--no-validate] [--no-axe] [--cookie=NAME=VALUE] [--lang=sv|en] [--report-only=PATH ...] BASE_URL PATH[@STATUS] [PATH[@STATUS] ...]
//
// Every request says `Accept-Language: sv` (the browser's locale sv-SE), or English with --lang=en, so
// the language a page speaks does not depend on the machine's browser.
// A PATH may end in @STATUS (e.g. /no-such-page@404) to say that the page is expected to answer with
// that HTTP status instead of 2xx; it is then checked like any other page (an error page must be
// valid and accessible too), and any other status counts as an HTTP error.
// For each PATH (resolved against BASE_URL):
//   1. fetch it and validate the HTML with html-validate (config: .htmlvalidate.json beside this file);
//   2. load it in headless Debian chromium (playwright-core; $CHROMIUM or /usr/bin/chromium),
//      inject axe-core and run the WCAG 2.0/2.1 A+AA rules at a desktop (1280x800) and a phone
//      (390x844) viewport;
//   3. at both viewports, check that the page does not scroll sideways
//      (`document.documentElement.scrollWidth` no wider than the viewport): wide content must fit
//      or scroll inside its own box.
// A PATH also given as --report-only=PATH is checked and its problems printed, but they do not
// fail the run (pages whose templates are being reworked elsewhere); such pages with problems are
// counted under "reported".
// Prints a human summary per page, then as the last line a JSON object:
//   {"pages":N,"validator_errors":N,"axe_violations":N,"http_errors":N,"sideways":N,"reported":N}
// validator_errors counts html-validate errors (not warnings); axe_violations counts distinct
// (page, axe rule) pairs over both viewports; http_errors counts pages that did not answer HTML with
// the expected status (2xx, or the @STATUS given); sideways counts (page, viewport) pairs where the
// page scrolls sideways.
// Exit: 0 all clean, 1 any error/violation/non-2xx page, 2 usage, network or browser-launch error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const USAGE = "usage: node check.mjs [--no-validate] [--no-axe] [--cookie=NAME=VALUE] [--lang=sv|en] [--report-only=PATH ...] BASE_URL PATH[@STATUS] [PATH[@STATUS] ...]";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  resultTypes: ["violations"],
};
const VIEWPORTS = [
  { name: "desktop 1280x800", options: { viewport: { width: 1280, height: 800 } } },
  {
    name: "phone 390x844",
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
];
const MAX_NODES = 5;
const TIMEOUT_MS = 30_000;

function usage(msg) {
  if (msg) console.error(`check.mjs: ${msg}`);
  console.error(USAGE);
  process.exit(2);
}

function clip(s, n = 200) {
  s = String(s ?? "").replace(/\s+/g, " ").trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ------------------------------------------------------------------ arguments
const LOCALES = { sv: "sv-SE", en: "en-GB" };
const opts = { validate: true, axe: true, cookie: null, lang: "sv", reportOnly: new Set() };
const positional = [];
for (const a of process.argv.slice(2)) {
  if (a.startsWith("--cookie=")) {
    // --cookie=NAME=VALUE: send it with every request (pages behind sign-in).
    const [name, ...rest] = a.slice("--cookie=".length).split("=");
    opts.cookie = { name, value: rest.join("=") };
  } else if (a.startsWith("--lang=")) {
    opts.lang = a.slice("--lang=".length);
    if (!LOCALES[opts.lang]) usage(`unknown language ${opts.lang}`);
  } else if (a.startsWith("--report-only=")) opts.reportOnly.add(a.slice("--report-only=".length));
  else if (a === "--no-validate") opts.validate = false;
  else if (a === "--no-axe") opts.axe = false;
  else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length < 2) usage();
let base;
try {
  base = new URL(positional[0]);
} catch {
  usage(`not a URL: ${positional[0]}`);
}
// Each target: { url, expect } where expect is an HTTP status, or null for "any 2xx".
const targets = positional.slice(1).map((p) => {
  const m = /^(.*)@(\d{3})$/.exec(p);
  const path = m ? m[1] : p;
  return { url: new URL(path, base), expect: m ? Number(m[2]) : null, strict: !opts.reportOnly.has(path) };
});
const statusOk = (status, expect) => (expect === null ? status >= 200 && status < 300 : status === expect);

// ------------------------------------------------------------------ tools
let validator = null;
if (opts.validate) {
  const { HtmlValidate } = await import("html-validate");
  const config = JSON.parse(readFileSync(join(here, ".htmlvalidate.json"), "utf8"));
  validator = new HtmlValidate(config);
}

let browser = null;
const contexts = [];
const axePath = require.resolve("axe-core/axe.min.js");
if (opts.axe) {
  const { chromium } = await import("playwright-core");
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    for (const vp of VIEWPORTS) {
      // bypassCSP: our pages send a strict Content-Security-Policy that would block the injected axe script.
      // locale: Chromium's Accept-Language.
      const ctx = await browser.newContext({ ...vp.options, bypassCSP: true, locale: LOCALES[opts.lang] });
      if (opts.cookie) await ctx.addCookies([{ ...opts.cookie, url: base.href }]);
      contexts.push({ name: vp.name, width: vp.options.viewport.width, ctx });
    }
  } catch (e) {
    console.error(`check.mjs: cannot launch ${executablePath}: ${e.message}`);
    if (browser) await browser.close().catch(() => {});
    process.exit(2);
  }
}

// ------------------------------------------------------------------ checks
async function validateHtml(url, html) {
  const report = await validator.validateString(html, url.href);
  const messages = report.results.flatMap((r) => r.messages);
  return {
    errors: messages.filter((m) => m.severity === 2),
    warnings: messages.filter((m) => m.severity !== 2),
  };
}

async function runAxe(ctx, width, url, expect) {
  const page = await ctx.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  try {
    const resp = await page.goto(url.href, { waitUntil: "load", timeout: TIMEOUT_MS });
    if (resp && !statusOk(resp.status(), expect)) pageErrors.push(`browser got HTTP ${resp.status()}`);
    // The page itself must not scroll sideways; tables and the like scroll in their own box.
    // (On a phone Chromium widens the layout viewport to fit wide content, so compare with the
    // viewport's width as set, not innerWidth.)
    const sideways = await page.evaluate((w) => {
      const sw = document.documentElement.scrollWidth;
      if (sw <= w) return null;
      const name = (e) =>
        `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > w + 1)
        .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
        .slice(0, 5)
        .map((e) => `${name(e)} (to ${Math.round(e.getBoundingClientRect().right)} px)`);
      return { scrollWidth: sw, wide };
    }, width);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async (options) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, options);
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(", "),
          html: n.html,
          summary: n.failureSummary,
        })),
      }));
    }, AXE_OPTIONS);
    return { violations, pageErrors, sideways };
  } finally {
    await page.close().catch(() => {});
  }
}

const totals = { pages: 0, validator_errors: 0, axe_violations: 0, http_errors: 0, sideways: 0, reported: 0 };
const problems = (c) => c.validator_errors + c.axe_violations + c.http_errors + c.sideways;
let environmentError = false;

for (const { url, expect, strict } of targets) {
  totals.pages += 1;
  console.log(`== ${url.href}${expect === null ? "" : ` (expecting HTTP ${expect})`}${strict ? "" : " (report only)"}`);
  // A report-only page's problems are counted apart and do not fail the run.
  const count = strict ? totals : { validator_errors: 0, axe_violations: 0, http_errors: 0, sideways: 0 };
  await checkPage(url, expect, count);
  if (!strict && problems(count) > 0) totals.reported += 1;
}

async function checkPage(url, expect, count) {
  let res;
  let html;
  try {
    const headers = { "accept-language": opts.lang };
    if (opts.cookie) headers.cookie = `${opts.cookie.name}=${opts.cookie.value}`;
    res = await fetch(url, { redirect: "follow", headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    html = await res.text();
  } catch (e) {
    console.log(`   NETWORK ERROR: ${e.cause?.message || e.message}`);
    environmentError = true;
    return;
  }
  const ctype = res.headers.get("content-type") || "";
  if (!statusOk(res.status, expect) || !/^text\/html\b/i.test(ctype)) {
    count.http_errors += 1;
    const want = expect === null ? "2xx" : `HTTP ${expect}`;
    console.log(`   HTTP ${res.status}, content-type ${JSON.stringify(ctype)}: expected ${want} text/html; not checked further`);
    return;
  }

  if (validator) {
    const { errors, warnings } = await validateHtml(url, html);
    count.validator_errors += errors.length;
    if (errors.length === 0) console.log(`   html-validate: ok${warnings.length ? ` (${warnings.length} warnings)` : ""}`);
    else console.log(`   html-validate: ${errors.length} error(s)`);
    for (const m of [...errors, ...warnings]) {
      const sev = m.severity === 2 ? "error" : "warning";
      console.log(`     ${sev} ${m.ruleId} at ${m.line}:${m.column}: ${m.message}${m.selector ? `  [${m.selector}]` : ""}`);
    }
  }

  if (browser) {
    const seen = new Set(); // rule ids already reported for this page
    for (const { name, width, ctx } of contexts) {
      let result;
      try {
        result = await runAxe(ctx, width, url, expect);
      } catch (e) {
        console.log(`   axe (${name}): BROWSER ERROR: ${clip(e.message, 300)}`);
        environmentError = true;
        continue;
      }
      for (const pe of result.pageErrors) console.log(`   note (${name}): page error: ${clip(pe, 300)}`);
      if (result.sideways) {
        count.sideways += 1;
        console.log(`   SIDEWAYS (${name}): the page is ${result.sideways.scrollWidth} px wide; widest: ${result.sideways.wide.join(", ")}`);
      } else console.log(`   no sideways scroll (${name}): ok`);
      const fresh = result.violations.filter((v) => !seen.has(v.id));
      const repeated = result.violations.length - fresh.length;
      if (result.violations.length === 0) {
        console.log(`   axe (${name}): ok`);
        continue;
      }
      console.log(
        `   axe (${name}): ${result.violations.length} rule(s) violated` +
          (repeated ? ` (${repeated} also at the viewport above, not repeated)` : ""),
      );
      for (const v of fresh) {
        seen.add(v.id);
        count.axe_violations += 1;
        console.log(`     ${v.id} [${v.impact}]: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`);
        for (const n of v.nodes.slice(0, MAX_NODES)) {
          console.log(`       - ${n.target}`);
          console.log(`         ${clip(n.html)}`);
          if (n.summary) {
            const summary = n.summary.split("\n").map((l) => l.trim()).filter(Boolean);
            console.log(`         ${clip(summary.join(" | "), 300)}`);
          }
        }
        if (v.nodes.length > MAX_NODES) console.log(`       … and ${v.nodes.length - MAX_NODES} more`);
      }
    }
  }
}

if (browser) await browser.close().catch(() => {});

const failed = problems(totals) > 0;
console.log(
  `-- ${totals.pages} page(s): ${totals.validator_errors} validator error(s), ` +
    `${totals.axe_violations} axe violation(s), ${totals.http_errors} HTTP error(s), ` +
    `${totals.sideways} sideways scroll(s), ${totals.reported} report-only page(s) with problems` +
    (environmentError ? ", and network/browser errors" : ""),
);
console.log(JSON.stringify(totals));
process.exit(environmentError ? 2 : failed ? 1 : 0);
