#!/usr/bin/env node
// The moderation queue and the public record as people use them, in headless Chromium.
//
//   node moderation.mjs BASE_URL MODERATOR_COOKIE REGISTRAR_COOKIE [SCREENSHOT_DIR]
//
// A cookie is NAME=VALUE (a signed-in session). The queue must hold at least two waiting
// comments. At a desktop (1280x800) and a phone (390x844) width:
//   the moderator works the queue from the keyboard: j/k move the focus between comments,
//   a approves the comment in focus (the queue comes back at the same place), r goes to its
//   reason, rejecting without one shows the mistake in the queue (422, the message in focus),
//   keys typed into a field stay in the field; the page never scrolls sideways;
//   the registrar finds the demo's rejected comment with its outcome in words, opens the
//   printable version, and downloads the selection's export (a tar file).
// Prints one line per step, then as the last line a JSON object {"steps":N,"failures":N}.
// Exit: 0 all passed, 1 a step failed, 2 usage or browser-launch error.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, moderatorCookie, registrarCookie, shots] = process.argv.slice(2);
if (!base || !moderatorCookie || !registrarCookie) {
  console.error("usage: node moderation.mjs BASE_URL MODERATOR_COOKIE REGISTRAR_COOKIE [SCREENSHOT_DIR]");
  process.exit(2);
}
if (shots) mkdirSync(shots, { recursive: true });

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
  console.error(`moderation.mjs: cannot launch Chromium: ${e.message}`);
  process.exit(2);
}

const totals = { steps: 0, failures: 0 };
function check(what, ok, detail = "") {
  totals.steps += 1;
  if (!ok) totals.failures += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? ` (${detail})` : ""}`);
}

async function context(cookie, width, height) {
  const ctx = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: "sv-SE" });
  const [name, ...rest] = cookie.split("=");
  await ctx.addCookies([{ name, value: rest.join("="), url: base }]);
  return ctx;
}

const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}#${a.id}${a.name ? `[name=${a.name}]` : ""}` : "";
  });
const fitsWidth = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

for (const [label, width, height] of [["desktop", 1280, 800], ["phone", 390, 844]]) {
  // ---- The moderator, by keyboard.
  const ctx = await context(moderatorCookie, width, height);
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(new URL("/admin/comments", base).href);
  check(`${label}: the queue fits the width`, await fitsWidth(page));
  check(`${label}: the keys are told`, await page.isVisible("#queue-keys"));
  const items = await page.$$eval(".queue-item", (els) => els.map((e) => e.id));
  check(`${label}: at least two comments wait`, items.length >= 2, `${items.length}`);
  await page.keyboard.press("j");
  check(`${label}: j focuses the first comment`, (await focused(page)) === `li#${items[0]}`, await focused(page));
  await page.keyboard.press("j");
  check(`${label}: j again the second`, (await focused(page)) === `li#${items[1]}`, await focused(page));
  await page.keyboard.press("k");
  check(`${label}: k back to the first`, (await focused(page)) === `li#${items[0]}`, await focused(page));
  if (shots) await page.screenshot({ path: join(shots, `queue-${label}.png`), fullPage: true });

  // Typing in a field is typing, not a shortcut.
  await page.click(`#${items[0]} summary`);
  await page.focus(`#${items[0]} textarea`);
  await page.keyboard.type("jaha");
  check(
    `${label}: keys typed in a field stay there`,
    (await page.inputValue(`#${items[0]} textarea`)) === "jaha" && page.url().endsWith("/admin/comments"),
  );

  // r: to the reason; rejecting without one is a mistake shown in the queue.
  await page.focus(`#${items[0]}`);
  await page.keyboard.press("r");
  check(`${label}: r goes to the reason`, (await focused(page)).startsWith("select#reason-"), await focused(page));
  await page.keyboard.press("Tab");
  const [mistake] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  check(`${label}: rejecting without a reason answers 422`, mistake && mistake.status() === 422, mistake && mistake.status());
  check(`${label}: the mistake is shown in the queue, in focus`, (await focused(page)) === "div#queue-errors", await focused(page));
  check(`${label}: the queue is still there`, (await page.$$(".queue-item")).length === items.length);
  if (shots) await page.screenshot({ path: join(shots, `queue-mistake-${label}.png`), fullPage: true });

  // a: approve the first; the queue comes back at the same place.
  await page.goto(new URL("/admin/comments", base).href);
  await page.keyboard.press("j");
  const approved = await page.$eval(".queue-item", (e) => e.id);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("a")]);
  check(`${label}: a approves (back with done=1)`, page.url().includes("done=1"), page.url());
  const left = await page.$$eval(".queue-item", (els) => els.map((e) => e.id));
  check(`${label}: the approved comment has left the waiting queue`, !left.includes(approved));
  check(
    `${label}: the focus is back in the queue`,
    left.length === 0 || (await focused(page)).startsWith("li#c-"),
    await focused(page),
  );
  check(`${label}: no script errors`, errors.length === 0, errors.join("; "));
  await ctx.close();

  // ---- The registrar: the record in words, print, export.
  const rctx = await context(registrarCookie, width, height);
  const rpage = await rctx.newPage();
  const search = "/admin/record?q=s%C3%A5dana+som+ni&kind=comment-received";
  await rpage.goto(new URL(search, base).href);
  check(`${label}: the record fits the width`, await fitsWidth(rpage));
  const outcome = await rpage.textContent(".record-outcome");
  check(`${label}: the rejected comment shows its outcome`, /Avvisad/.test(outcome) && /Hets mot folkgrupp/.test(outcome), outcome);
  if (shots) await rpage.screenshot({ path: join(shots, `record-${label}.png`), fullPage: true });
  const [download] = await Promise.all([
    rpage.waitForEvent("download"),
    rpage.click(".record-export button"),
  ]);
  const path = await download.path();
  check(`${label}: the export downloads a tar file`, /^diariet-.*\.tar$/.test(download.suggestedFilename()) && !!path, download.suggestedFilename());
  await rpage.goto(new URL(`${search}&print=1`, base).href);
  check(`${label}: the printable version fits the width`, await fitsWidth(rpage));
  if (shots) await rpage.screenshot({ path: join(shots, `record-print-${label}.png`), fullPage: true });
  await rctx.close();
}

await browser.close();
console.log(JSON.stringify(totals));
process.exit(totals.failures ? 1 : 0);
