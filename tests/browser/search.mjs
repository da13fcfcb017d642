#!/usr/bin/env node
// A reader searches from the search box, in headless Chromium.
//
//   node search.mjs BASE_URL
//
// At a desktop (1280x800) and a phone (390x844) width: on the blog's front page the reader
// finds the search box by its label, types an inflected word ("röntgensjuksköterskor") and
// presses Enter; the results page has the count announced (role=status), results whose
// titles link to the posts with the word marked, and no sideways scroll; following the
// first result opens the post. The browser asks for Swedish (locale sv-SE: Accept-Language),
// since the demo publishes in both languages.
// Prints one line per step, then as the last line a JSON object {"steps":N,"failures":N}.
// Exit: 0 all passed, 1 a step failed, 2 usage or browser-launch error.
const [base] = process.argv.slice(2);
if (!base) {
  console.error("usage: node search.mjs BASE_URL");
  process.exit(2);
}

const { chromium } = await import("playwright-core");
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    timeout: 60_000,
  });
} catch (e) {
  console.error(`search.mjs: cannot launch Chromium: ${e.message}`);
  process.exit(2);
}

const totals = { steps: 0, failures: 0 };
function check(what, ok, detail = "") {
  totals.steps += 1;
  if (!ok) totals.failures += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? ` (${detail})` : ""}`);
}

try {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const page = await (await browser.newContext({ viewport: { width, height }, locale: "sv-SE" })).newPage();
    await page.goto(`${base}/rontgenbloggen/`);
    const box = page.getByRole("search").getByLabel("Sök på webbplatsen");
    check(`${width}: the search box is found by its label`, (await box.count()) === 1);
    await box.fill("röntgensjuksköterskor");
    await Promise.all([page.waitForURL(/\/sok\?q=/), box.press("Enter")]);
    const status = (await page.getByRole("status").textContent()) || "";
    check(`${width}: the count is announced`, /\d+ träffar för/.test(status), status);
    const first = page.locator(".search-hit h3 a").first();
    const marked = await first.locator("mark").count() + await page.locator(".search-hit p mark").count();
    check(`${width}: the results mark the word`, marked > 0);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    check(`${width}: no sideways scroll`, !sideways);
    const href = await first.getAttribute("href");
    await Promise.all([page.waitForURL((u) => u.pathname === href), first.click()]);
    const h1 = (await page.locator("h1").textContent()) || "";
    check(`${width}: the first result opens its post`, h1.length > 0, h1);
  }
} catch (e) {
  check("the search works in the browser", false, e.message);
} finally {
  await browser.close();
}
console.log(JSON.stringify(totals));
process.exit(totals.failures === 0 ? 0 : 1);
