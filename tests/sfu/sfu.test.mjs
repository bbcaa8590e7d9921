// Browser end-to-end test of the SFU: three headless Chromium pages (fake camera and
// microphone) join one SFU room through harness/page.js (mediasoup-client + socket.io-client);
// each must play both remote videos (currentTime advancing, videoWidth > 0) and receive both
// remote audio tracks, and /metrics must count RTP packets forwarded per consumer; a page that
// closes takes its media along and the router closes when the room empties. A second
// test runs with --audio-only-threshold 2: the third participant turns the room audio-only
// (media-mode to everyone, video production refused) and two leaving turn it back to video.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions } from "../chromium.mjs";
import { startServer, api, signup, createRoom, metric } from "./server.mjs";

let browser;

before(async () => {
  browser = await chromium.launch(
    chromiumLaunchOptions(["--autoplay-policy=no-user-gesture-required", "--no-sandbox"]),
  );
});

after(async () => {
  await browser?.close();
});

async function openPage(server, roomId, user) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${user.name}] ${error.message}`));
  await page.goto(`${server.url}/index.html?room=${roomId}&token=${user.token}&user=${user.id}`);
  return { page, context, user };
}

async function waitFor(page, predicate, arg, timeout = 30000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 250 });
}

// Resolves when the page plays `count` remote videos and holds `count` live audio tracks.
async function waitForRemoteMedia(page, count) {
  try {
    await remoteMediaPlaying(page, count);
  } catch (error) {
    const state = await page.evaluate(async () => ({
      errors: window.sfu.errors,
      remote: Object.entries(window.sfu.remote).map(([id, r]) => ({
        id, kind: r.kind, width: r.element.videoWidth, time: r.element.currentTime,
        track: r.element.srcObject.getTracks()[0]?.readyState,
      })),
      frames: await window.framesDecoded(),
    }));
    error.message += ` page state: ${JSON.stringify(state)}`;
    throw error;
  }
}

async function remoteMediaPlaying(page, count) {
  await waitFor(page, (n) => {
    const remote = Object.values(window.sfu.remote);
    const videos = remote.filter((r) => r.kind === "video");
    const audios = remote.filter((r) => r.kind === "audio");
    return (
      videos.length === n &&
      videos.every((v) => v.element.videoWidth > 0 && v.element.currentTime > 0.5) &&
      audios.length === n &&
      audios.every((a) => a.element.srcObject.getAudioTracks()[0]?.readyState === "live")
    );
  }, count, 45000);
}

async function videoTimes(page) {
  return page.evaluate(() =>
    Object.values(window.sfu.remote)
      .filter((r) => r.kind === "video")
      .map((r) => r.element.currentTime),
  );
}

async function framesDecoded(page) {
  return Object.values(await page.evaluate(() => window.framesDecoded()));
}

async function joinAll(server, roomId, users) {
  for (const user of users) await api(server, "POST", `/api/rooms/${roomId}/join`, {}, user.token);
  const pages = [];
  for (const user of users) pages.push(await openPage(server, roomId, user));
  return pages;
}

test("three browsers see and hear each other through the SFU", { timeout: 120000 }, async () => {
  const server = await startServer();
  try {
    const users = [await signup(server, "Ada"), await signup(server, "Bob"), await signup(server, "Cy")];
    const roomId = await createRoom(server, users[0]);
    const pages = await joinAll(server, roomId, users);
    try {
      for (const { page } of pages) await waitFor(page, () => window.sfu.ready || window.sfu.errors.length);
      for (const { page, user } of pages) {
        const errors = await page.evaluate(() => window.sfu.errors);
        assert.deepEqual(errors, [], `${user.name}: ${errors}`);
      }
      for (const { page } of pages) await waitForRemoteMedia(page, 2);
      // Playback keeps going: currentTime advances on every remote video.
      const before = await Promise.all(pages.map(({ page }) => videoTimes(page)));
      const framesBefore = await Promise.all(pages.map(({ page }) => framesDecoded(page)));
      await new Promise((r) => setTimeout(r, 1500));
      const later = await Promise.all(pages.map(({ page }) => videoTimes(page)));
      const framesLater = await Promise.all(pages.map(({ page }) => framesDecoded(page)));
      for (let i = 0; i < pages.length; i += 1)
        for (let j = 0; j < 2; j += 1) {
          assert.ok(later[i][j] > before[i][j], `page ${i} video ${j} is not advancing`);
          assert.ok(framesLater[i][j] > framesBefore[i][j] + 5, `page ${i} video ${j} decodes no frames`);
        }
      // Each remote video shows the other users (never the page's own).
      for (const { page, user } of pages) {
        const owners = await page.evaluate(() =>
          Object.values(window.sfu.remote).filter((r) => r.kind === "video").map((r) => r.userId));
        assert.equal(owners.length, 2);
        assert.ok(!owners.includes(user.id));
      }
      const forwarded = await metric(server, "carrel_sfu_consumer_rtp_packets_forwarded");
      const counts = Object.values(forwarded);
      assert.equal(counts.length, 12, `12 consumers (3 pages x 2 peers x audio+video): ${JSON.stringify(forwarded)}`);
      assert.ok(counts.every((n) => n > 10), JSON.stringify(forwarded));
      const total = await metric(server, "carrel_sfu_rtp_packets_forwarded_total");
      assert.ok(total[""] >= counts.reduce((a, b) => a + b, 0));
      // A browser that goes away takes its media along: the others drop its tracks.
      await pages.pop().context.close();
      for (const { page } of pages)
        await waitFor(page, () => Object.keys(window.sfu.remote).length === 2, undefined, 15000);
      assert.equal(Object.keys(await metric(server, "carrel_sfu_consumer_rtp_packets_forwarded")).length, 4);
      // When the room empties (the dropped participants are removed after the grace period),
      // its router closes.
      while (pages.length) await pages.pop().context.close();
      const deadline = Date.now() + 15000;
      while ((await metric(server, "carrel_sfu_routers"))[""] !== 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      assert.equal((await metric(server, "carrel_sfu_routers"))[""], 0);
    } finally {
      for (const { context } of pages) await context.close();
    }
  } catch (error) {
    console.error(server.log().slice(-4000));
    throw error;
  } finally {
    await server.stop();
  }
});

test("a room above the audio-only threshold drops video and gets it back", { timeout: 120000 }, async () => {
  // Threshold 3: the fourth participant makes the room audio-only, video returns at 2.
  const server = await startServer(["--audio-only-threshold", "3"]);
  try {
    const names = ["Dee", "Eve", "Fay", "Gus"];
    const users = [];
    for (const name of names) users.push(await signup(server, name));
    const roomId = await createRoom(server, users[0]);
    const pages = await joinAll(server, roomId, users.slice(0, 2));
    try {
      for (const { page } of pages) await waitForRemoteMedia(page, 1);
      for (const user of users.slice(2))
        await api(server, "POST", `/api/rooms/${roomId}/join`, {}, user.token);
      for (const { page } of pages) await waitFor(page, () => window.sfu.mediaMode === "audio-only");
      // Video producers are held: no more video frames are decoded.
      await new Promise((r) => setTimeout(r, 700));
      const frozen = await framesDecoded(pages[0].page);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(await framesDecoded(pages[0].page), frozen, "video kept arriving");
      // A newcomer learns the mode and may publish audio only.
      const third = await openPage(server, roomId, users[2]);
      pages.push(third);
      await waitFor(third.page, () => window.sfu.ready);
      assert.equal(await third.page.evaluate(() => window.sfu.mediaMode), "audio-only");
      const refused = await third.page.evaluate(() => window.sfu.errors.join(" "));
      assert.match(refused, /AUDIO_ONLY/, "video produce is refused while audio-only");
      assert.ok(await third.page.evaluate(() => Boolean(window.sfu.producers.audio)));
      // At 3 (the threshold) the room stays audio-only...
      await api(server, "POST", `/api/rooms/${roomId}/leave`, {}, users[3].token);
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(await pages[0].page.evaluate(() => window.sfu.mediaMode), "audio-only");
      // ...and at 2 video comes back, with frames decoded again.
      await api(server, "POST", `/api/rooms/${roomId}/leave`, {}, users[2].token);
      for (const { page } of pages.slice(0, 2))
        await waitFor(page, () => window.sfu.mediaMode === "video");
      assert.deepEqual((await pages[0].page.evaluate(() => window.sfu.modes)).slice(-2),
        ["audio-only", "video"]);
      const deadline = Date.now() + 20000;
      let frames = await framesDecoded(pages[0].page);
      while (!(frames.length === 1 && frames[0] > frozen[0] + 10) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        frames = await framesDecoded(pages[0].page);
      }
      assert.ok(frames[0] > frozen[0] + 10, `video did not come back: ${frozen} -> ${frames}`);
    } finally {
      for (const { context } of pages) await context.close();
    }
  } catch (error) {
    console.error(server.log().slice(-4000));
    throw error;
  } finally {
    await server.stop();
  }
});
