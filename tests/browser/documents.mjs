#!/usr/bin/env node
// The editor on pages, guideline drafts and playbooks as a person uses it, in headless Chromium
// with its script:
//
//   node documents.mjs BASE_URL EMAIL PASSWORD SCREENSHOT_DIR LINE PATH [PATH ...]
//
// Signs in and, for each edit page: at 1280 px waits for the editor's toolbar, types LINE at the
// end of the first Markdown field, waits until the editor has kept it by itself (its autosave
// answered 204 and the status line says so) and the live preview shows, and runs axe; at 390 px
// opens the page again (now offering the kept text back), checks it does not scroll sideways and
// runs axe. Screenshots go to SCREENSHOT_DIR. Exit 0 when all went well; prints what it did as one
// JSON line at the end.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [base, email, password, shots, line, ...paths] = process.argv.slice(2);
if (!paths.length) {
  console.error("usage: node documents.mjs BASE_URL EMAIL PASSWORD SCREENSHOT_DIR LINE PATH [PATH ...]");
  process.exit(2);
}
const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  resultTypes: ["violations"],
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const result = { steps: [] };
let ok = false;

async function signedIn(viewport) {
  // bypassCSP lets the injected axe script run; the editor's own script is served from the site.
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.press("#password", "Enter")]);
  return { context, page };
}

async function axe(page, what) {
  await page.addScriptTag({ path: axePath });
  // eslint-disable-next-line no-undef
  const violations = await page.evaluate(async (o) => (await axe.run(document, o)).violations
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), AXE_OPTIONS);
  if (violations.length) throw new Error(`${what}: axe: ${violations.join("; ")}`);
  result.steps.push(`${what}: axe clean`);
}

try {
  const desktop = await signedIn({ width: 1280, height: 900 });
  const phone = await signedIn({ width: 390, height: 844 });
  for (const [i, path] of paths.entries()) {
    const page = desktop.page;
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}${path}`);
    await page.waitForSelector(".editor-toolbar", { timeout: 10_000 });
    const area = page.locator("textarea[data-markdown]").first();
    await area.click();
    await area.press("Control+End");
    const kept = page.waitForResponse(
      (r) => r.url().endsWith("/autosave") && r.request().method() === "POST", { timeout: 15_000 });
    await page.keyboard.type(`\n\n${line}`);
    const answer = await kept;
    if (answer.status() !== 204) throw new Error(`${path}: autosave answered ${answer.status()}`);
    await page.waitForFunction(() => /\d/.test(document.getElementById("editor-status").textContent), null, { timeout: 5_000 });
    await page.waitForSelector("#live-preview:not([hidden])", { timeout: 10_000 });
    const said = await page.textContent("#editor-status");
    result.steps.push(`${path}: typed, kept by itself (“${said.trim()}”), preview shown`);
    await page.screenshot({ path: `${shots}/document-${i}-desktop.png`, fullPage: true });
    await axe(page, `${path} at 1280 px`);
    if (errors.length) throw new Error(`${path}: script errors: ${errors.join("; ")}`);

    const small = phone.page;
    await small.goto(`${base}${path}`);
    await small.waitForSelector(".editor-toolbar", { timeout: 10_000 });
    if (!(await small.$("#autosave-notice"))) throw new Error(`${path}: the kept text is not offered back`);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - 390);
    await small.screenshot({ path: `${shots}/document-${i}-phone.png`, fullPage: true });
    if (overflow > 0) throw new Error(`${path}: scrolls sideways by ${overflow}px at 390 px`);
    await axe(small, `${path} at 390 px`);
  }
  ok = true;
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(ok ? 0 : 1);
