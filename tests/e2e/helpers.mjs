// Shared machinery for the browser tests: launches Debian's Chromium through playwright-core
// (tests/chromium.mjs: fake camera and microphone, no background traffic), opens one browser context per
// person, records console errors and uncaught exceptions of every page, and writes a
// screenshot of every open page to build/e2e/ when a step fails.
//
// The server is started by scripts/run-e2e.sh, which passes its address in CARREL_E2E_URL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions } from "../chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BASE_URL = process.env.CARREL_E2E_URL ?? "http://127.0.0.1:8080";
export const ADMIN_EMAIL = process.env.CARREL_E2E_ADMIN_EMAIL ?? "admin@carrel.test";
export const ADMIN_PASSWORD = process.env.CARREL_E2E_ADMIN_PASSWORD ?? "adminpass123";
export const SHOT_DIR = path.resolve(ROOT, process.env.CARREL_E2E_SHOTS ?? "build/e2e");

/** Default wait for something to appear in a page; generous for a loaded 2-core machine. */
export const WAIT_MS = 15000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchBrowser() {
  return chromium.launch(chromiumLaunchOptions());
}

/** Every page opened through person(), for problem reports and screenshots. */
const people = [];

/**
 * A person: their own browser context (own localStorage, so their own session) with one page.
 * `problems` collects console errors and uncaught exceptions of that page.
 */
export async function person(browser, name, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    acceptDownloads: true,
    permissions: ["camera", "microphone"],
  });
  const page = await context.newPage();
  const who = { name, context, page, problems: [] };
  page.on("console", (message) => {
    if (message.type() === "error") {
      const where = message.location()?.url;
      who.problems.push(`console error: ${message.text()}${where ? ` (${where})` : ""}`);
    }
  });
  page.on("pageerror", (error) => who.problems.push(`uncaught exception: ${error.message}`));
  page.setDefaultTimeout(WAIT_MS);
  people.push(who);
  return who;
}

export async function screenshotAll(step) {
  mkdirSync(SHOT_DIR, { recursive: true });
  const safe = step.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
  for (const who of people) {
    if (who.page.isClosed()) continue;
    const file = path.join(SHOT_DIR, `${safe}--${who.name}.png`);
    try {
      await who.page.screenshot({ path: file, fullPage: true, timeout: 5000 });
      console.error(`screenshot: ${path.relative(ROOT, file)}`);
    } catch (err) {
      console.error(`screenshot of ${who.name} failed: ${err.message}`);
    }
  }
}

/** Polls `check` (which throws or returns false while not yet true) until it passes. */
export async function eventually(check, timeoutMs = WAIT_MS, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const ok = await check();
      if (ok !== false) return ok;
      last = new Error(`${what} not met`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      last.message = `${what} (after ${timeoutMs} ms): ${last.message}`;
      throw last;
    }
    await sleep(150);
  }
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Signs up through the auth form and waits for the lobby. */
export async function signUp(who, displayName, email, password) {
  const { page } = who;
  await page.goto("/");
  await byTestId(page, "auth-name").fill(displayName);
  await byTestId(page, "auth-email").fill(email);
  await byTestId(page, "auth-password").fill(password);
  await byTestId(page, "auth-signup").click();
  await byTestId(page, "room-list").waitFor();
}

export async function logIn(who, email, password) {
  const { page } = who;
  await page.goto("/");
  await byTestId(page, "auth-email").fill(email);
  await byTestId(page, "auth-password").fill(password);
  await byTestId(page, "auth-login").click();
  await byTestId(page, "room-list").waitFor();
}

/** The user id of the signed-in person, from the session the app keeps. */
export function userIdOf(who) {
  return who.page.evaluate(() => JSON.parse(localStorage.getItem("carrel.session") ?? "null")?.user?.id ?? null);
}

export function roomCard(page, name) {
  return page.locator(`[data-testid="room-card"][data-room-name="${name}"]`);
}

export function participant(page, userId) {
  return page.locator(`[data-testid="participant"][data-user-id="${userId}"]`);
}

/** Waits until a remote <video> for `userId` shows frames: videoWidth > 0 and currentTime
 * advancing. */
export async function waitForRemoteVideo(page, userId, timeoutMs = 30000) {
  const selector = `[data-testid="remote-video"][data-user-id="${userId}"]`;
  await page.waitForFunction(
    (sel) => {
      const video = document.querySelector(sel);
      return Boolean(video && video.videoWidth > 0 && video.currentTime > 0);
    },
    selector,
    { timeout: timeoutMs, polling: 200 },
  );
  const first = await page.$eval(selector, (v) => v.currentTime);
  await page.waitForFunction(
    ([sel, t]) => (document.querySelector(sel)?.currentTime ?? 0) > t + 0.3,
    [selector, first],
    { timeout: 10000, polling: 200 },
  );
  return page.$eval(selector, (v) => ({ width: v.videoWidth, height: v.videoHeight, time: v.currentTime }));
}

/** Counts canvas pixels that are painted (alpha > 0), overall and in a small box around a
 * point given in board units (0..10000). */
export function paintedPixels(page, boardX, boardY) {
  return page.$eval(
    '[data-testid="whiteboard-canvas"]',
    (canvas, [bx, by]) => {
      const ctx = canvas.getContext("2d");
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let total = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) total += 1;
      const cx = Math.round((bx / 10000) * canvas.width);
      const cy = Math.round((by / 10000) * canvas.height);
      const r = Math.max(3, Math.round(canvas.width / 100));
      const box = ctx.getImageData(Math.max(0, cx - r), Math.max(0, cy - r), 2 * r + 1, 2 * r + 1).data;
      let near = 0;
      for (let i = 3; i < box.length; i += 4) if (box[i] > 0) near += 1;
      return { total, near };
    },
    [boardX, boardY],
  );
}

/** Fails with every console error and uncaught exception recorded so far. */
export function assertNoProblems(whoList) {
  const found = whoList.flatMap((who) => who.problems.map((p) => `${who.name}: ${p}`));
  if (found.length > 0) throw new Error(`the pages reported problems:\n${found.join("\n")}`);
}
