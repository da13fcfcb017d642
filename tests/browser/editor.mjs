#!/usr/bin/env node
// The post editor as a person uses it, in headless Chromium with its script:
//
//   node editor.mjs BASE_URL EMAIL PASSWORD POST_ID SCREENSHOT_DIR
//
// Signs in, opens the post, adds a line to the text, pastes an image into the text, describes it in
// the dialog the editor opens, and presses "publish" without saving first. Exit 0 when the browser
// lands on the post with the "published" notice; prints what it did as one JSON line at the end.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [base, email, password, postId, shots] = process.argv.slice(2);
if (!shots) {
  console.error("usage: node editor.mjs BASE_URL EMAIL PASSWORD POST_ID SCREENSHOT_DIR");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const result = { steps: [] };
let ok = false;
try {
  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, locale: "sv-SE" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/sign-in`);
    await page.fill("#email", email);
    await page.fill("#password", password);
    await Promise.all([page.waitForNavigation(), page.press("#password", "Enter")]);
    await page.goto(`${base}/admin/posts/${postId}`);
    await page.waitForSelector(".editor-toolbar", { timeout: 10_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    result.steps.push(`${name}: toolbar shown, page wider than screen by ${overflow}px`);
    await page.screenshot({ path: `${shots}/editor-${name}.png`, fullPage: false });
    if (overflow > 0) throw new Error(`${name}: the editor scrolls sideways by ${overflow}px`);
    if (name === "phone") {
      await context.close();
      continue;
    }
    const line = "En rad skriven i webbläsaren.";
    await page.focus("#body");
    await page.evaluate((line) => {
      const body = document.getElementById("body");
      body.setRangeText(`\n\n${line}\n`, body.value.length, body.value.length, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }, line);
    result.steps.push("typed a line");
    // Paste an image made on a canvas, as a screenshot pasted from the clipboard would arrive.
    await page.evaluate(async () => {
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 200;
      const g = canvas.getContext("2d");
      g.fillStyle = "#0b5394";
      g.fillRect(0, 0, 320, 200);
      g.fillStyle = "#ffffff";
      g.fillRect(40, 40, 240, 120);
      const blob = await new Promise((r) => canvas.toBlob(r, "image/png"));
      const file = new File([blob], "urklipp.png", { type: "image/png" });
      const data = new DataTransfer();
      data.items.add(file);
      const body = document.getElementById("body");
      body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector("#image-dialog[open]", { timeout: 5_000 });
    await page.screenshot({ path: `${shots}/editor-image-dialog.png` });
    await page.fill("#image-dialog-alt", "Röntgenapparat i ett ljust rum");
    await page.click("#image-dialog button[value=insert]");
    await page.waitForFunction(() => document.getElementById("body").value.includes("![Röntgenapparat i ett ljust rum](/media/"), null, { timeout: 15_000 });
    result.steps.push("pasted an image and described it");
    await page.waitForSelector("#live-preview:not([hidden])", { timeout: 10_000 });
    result.steps.push("live preview shown");
    await Promise.all([page.waitForNavigation(), page.click("button[value=publish]")]);
    const url = page.url();
    result.steps.push(`pressed publish: ${url}`);
    await page.screenshot({ path: `${shots}/editor-published.png` });
    if (!url.includes("done=publish")) throw new Error(`publish did not go through: ${url} ${await page.textContent("main")}`);
    if (errors.length) throw new Error(`script errors: ${errors.join("; ")}`);
    ok = true;
    await context.close();
  }
} catch (e) {
  result.error = String(e);
  ok = false;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(ok ? 0 : 1);
