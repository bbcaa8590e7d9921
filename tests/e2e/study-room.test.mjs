// The web app end to end in real browsers: two people sign up, meet in a room they found in
// the lobby, chat, share the timer, draw, swap a file and see each other's video; one reloads
// and is back; a guest joins with only a display name; an admin removes someone, who is told;
// in a room of ten the video goes through the SFU.
// The steps share the browser contexts and run in order; after a failure the dependent steps
// are skipped and every page is photographed into build/e2e/.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ADMIN_EMAIL,
  BASE_URL,
  ADMIN_PASSWORD,
  assertNoProblems,
  byTestId,
  eventually,
  launchBrowser,
  logIn,
  paintedPixels,
  participant,
  person,
  roomCard,
  screenshotAll,
  signUp,
  sleep,
  userIdOf,
  waitForRemoteVideo,
} from "./helpers.mjs";

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = "password123";
const ROOM = `E2E room ${run}`;
const ADA = `Ada ${run}`;
const BOB = `Bob ${run}`;
const CLEO = `Cleo ${run}`;

let browser;
let ada;
let bob;
let cleo;
let adaId;
let bobId;
let roomId;
let failed = false;

/** A test step; skipped once an earlier step failed, unless it stands on its own. */
function step(name, fn, { independent = false } = {}) {
  it(name, async (t) => {
    if (failed && !independent) return t.skip("an earlier step failed");
    try {
      await fn();
    } catch (err) {
      failed = true;
      await screenshotAll(name);
      throw err;
    }
  });
}

const text = (locator) => locator.textContent().then((s) => (s ?? "").trim());

describe("Carrel in the browser", () => {
  before(async () => {
    browser = await launchBrowser();
    [ada, bob] = await Promise.all([person(browser, "ada"), person(browser, "bob")]);
  });

  after(async () => {
    await browser?.close();
  });

  step("logged out, / shows the auth form; sign-up lands in the lobby with the seeded rooms", async () => {
    await ada.page.goto("/");
    await byTestId(ada.page, "auth-email").waitFor();
    assert.equal(await byTestId(ada.page, "room-list").count(), 0, "no lobby before signing in");
    await Promise.all([
      signUp(ada, ADA, `ada-${run}@e2e.test`, PASSWORD),
      signUp(bob, BOB, `bob-${run}@e2e.test`, PASSWORD),
    ]);
    for (const who of [ada, bob]) {
      for (let n = 1; n <= 10; n += 1) {
        const card = roomCard(who.page, `Study Room ${n}`);
        assert.equal(await card.count(), 1, `${who.name} sees Study Room ${n}`);
        assert.match(await text(card.locator('[data-testid="room-occupancy"]')), /^\d+\/50$/);
      }
    }
    adaId = await userIdOf(ada);
    bobId = await userIdOf(bob);
    assert.ok(adaId && bobId && adaId !== bobId, "two different users");
  });

  step("a room created by one person appears in the other's lobby live, with its occupancy", async () => {
    await byTestId(ada.page, "create-room-name").fill(ROOM);
    await byTestId(ada.page, "create-room-capacity").fill("4");
    await byTestId(ada.page, "create-room-submit").click();
    await byTestId(ada.page, "room-view").waitFor();
    roomId = await byTestId(ada.page, "room-view").getAttribute("data-room-id");
    assert.match(roomId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(new URL(ada.page.url()).pathname, `/rooms/${roomId}`);
    const card = roomCard(bob.page, ROOM);
    await card.waitFor();
    assert.equal(await card.getAttribute("data-room-id"), roomId);
    await eventually(async () => (await text(card.locator('[data-testid="room-occupancy"]'))) === "1/4", 10000, "occupancy 1/4 in Bob's lobby");
  });

  step("joining the same room: each sees the other in the participant grid", async () => {
    await roomCard(bob.page, ROOM).locator('[data-testid="room-join"]').click();
    await bob.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
    await participant(ada.page, bobId).waitFor();
    await participant(bob.page, adaId).waitFor();
    assert.match(await text(participant(ada.page, bobId)), new RegExp(BOB));
    assert.match(await text(participant(bob.page, adaId)), new RegExp(ADA));
    assert.match(await text(participant(bob.page, bobId)), new RegExp(BOB), "Bob's own tile");
    const code = await text(byTestId(bob.page, "room-join-code"));
    assert.match(code, /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/);
    assert.equal(await text(byTestId(ada.page, "room-join-code")), code);
    for (const who of [ada, bob]) {
      const mode = byTestId(who.page, "media-mode");
      assert.equal(await mode.getAttribute("data-mode"), "video");
      assert.match(await text(mode), /video/i);
    }
  });

  step("chat goes both ways, with a typing indicator", async () => {
    await byTestId(ada.page, "chat-input").fill("Hello Bob <b>not bold</b>");
    const typing = byTestId(bob.page, "typing-indicator");
    await typing.waitFor();
    assert.match(await text(typing), new RegExp(`${ADA} is typing`));
    await byTestId(ada.page, "chat-send").click();
    const onBob = byTestId(bob.page, "chat-message").filter({ hasText: "Hello Bob" });
    await onBob.waitFor();
    assert.match(await text(onBob), /Hello Bob <b>not bold<\/b>/, "shown as typed, not as markup");
    assert.match(await text(onBob), new RegExp(ADA));
    await typing.waitFor({ state: "detached" });

    await byTestId(bob.page, "chat-input").fill("Hi Ada!");
    await byTestId(bob.page, "chat-input").press("Enter");
    await byTestId(ada.page, "chat-message").filter({ hasText: "Hi Ada!" }).waitFor();
    assert.equal(await byTestId(ada.page, "chat-message").count(), 2);
    assert.equal(await byTestId(bob.page, "chat-message").count(), 2);
  });

  step("the timer: start counts down from 25:00 for both; a pause holds the same time for both", async () => {
    await byTestId(ada.page, "timer-start").click();
    for (const who of [ada, bob]) {
      await eventually(async () => /^2[45]:\d\d$/.test(await text(byTestId(who.page, "timer-display"))), 10000, `${who.name}'s timer runs`);
    }
    await eventually(async () => (await text(byTestId(bob.page, "timer-display"))) < "25:00", 5000, "the countdown moves");
    await byTestId(bob.page, "timer-pause").click();
    await eventually(
      async () => {
        const [a, b] = await Promise.all([text(byTestId(ada.page, "timer-display")), text(byTestId(bob.page, "timer-display"))]);
        return a === b && /^24:\d\d$/.test(a);
      },
      10000,
      "both show the same paused time",
    );
    const held = await text(byTestId(ada.page, "timer-display"));
    await sleep(1500);
    assert.equal(await text(byTestId(ada.page, "timer-display")), held, "paused time holds on Ada's page");
    assert.equal(await text(byTestId(bob.page, "timer-display")), held, "paused time holds on Bob's page");
  });

  step("a stroke drawn with the mouse on one page appears on the other's canvas", async () => {
    const before = await paintedPixels(bob.page, 5000, 5000);
    assert.equal(before.total, 0, "the new room's board starts empty");
    const canvas = byTestId(ada.page, "whiteboard-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100, "the canvas is shown");
    const inViewport = box.y + box.height <= 800;
    assert.ok(inViewport, `the whole canvas is visible at 1280x800 (bottom at ${box.y + box.height})`);
    const from = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.5 };
    const to = { x: box.x + box.width * 0.7, y: box.y + box.height * 0.5 };
    await ada.page.mouse.move(from.x, from.y);
    await ada.page.mouse.down();
    await ada.page.mouse.move(to.x, to.y, { steps: 12 });
    await ada.page.mouse.up();
    const painted = await eventually(
      async () => {
        const p = await paintedPixels(bob.page, 5000, 5000);
        return p.near > 0 && p.total > 100 ? p : false;
      },
      10000,
      "Bob's canvas shows the stroke",
    );
    const offStroke = await paintedPixels(bob.page, 5000, 2000);
    assert.equal(offStroke.near, 0, `nothing drawn away from the stroke (painted: ${JSON.stringify(painted)})`);
  });

  step("a file chosen in file-input is uploaded and downloads from the other's file-item link", async () => {
    const content = `Notes for ${run}\nchapter 1: sorting\n`;
    await byTestId(bob.page, "file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from(content) });
    const item = byTestId(ada.page, "file-item").filter({ hasText: "notes.txt" });
    await item.waitFor();
    const link = item.locator("a");
    assert.match((await link.getAttribute("href")) ?? "", /^\/api\/files\/[0-9a-f-]{36}\?exp=\d+&sig=/);
    const [download] = await Promise.all([ada.page.waitForEvent("download"), link.click()]);
    assert.equal(download.suggestedFilename(), "notes.txt");
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString("utf8"), content);
    await byTestId(bob.page, "file-item").filter({ hasText: "notes.txt" }).waitFor();
  });

  step("each receives the other's video; camera starts on and microphone off", async () => {
    for (const who of [ada, bob]) {
      await eventually(async () => (await byTestId(who.page, "toggle-cam").getAttribute("aria-pressed")) === "true", 10000, `${who.name}'s camera on`);
      assert.equal(await byTestId(who.page, "toggle-mic").getAttribute("aria-pressed"), "false", `${who.name}'s microphone off`);
      await byTestId(who.page, "local-video").waitFor();
    }
    const [atAda, atBob] = await Promise.all([waitForRemoteVideo(ada.page, bobId), waitForRemoteVideo(bob.page, adaId)]);
    assert.ok(atAda.width > 0 && atBob.width > 0, `video sizes ${JSON.stringify({ atAda, atBob })}`);
    await byTestId(ada.page, "toggle-mic").click();
    await eventually(async () => (await byTestId(ada.page, "toggle-mic").getAttribute("aria-pressed")) === "true", 5000, "mic on");
    await eventually(async () => /Microphone on/.test(await text(participant(bob.page, adaId))), 5000, "Bob sees Ada's microphone on");
  });

  step("reloading /rooms/:id comes back into the room without a click, video included", async () => {
    await bob.page.reload();
    await bob.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
    await byTestId(bob.page, "chat-message").filter({ hasText: "Hi Ada!" }).waitFor();
    await sleep(4000); // past the server's 3 s grace for a dropped connection
    assert.equal(await participant(ada.page, bobId).count(), 1, "Bob is still in Ada's grid");
    assert.equal(await participant(bob.page, adaId).count(), 1, "Ada is in Bob's grid");
    assert.equal(await text(byTestId(bob.page, "timer-display")), await text(byTestId(ada.page, "timer-display")), "same timer after reload");
    assert.ok((await paintedPixels(bob.page, 5000, 5000)).near > 0, "the board is redrawn after reload");
    await Promise.all([waitForRemoteVideo(ada.page, bobId), waitForRemoteVideo(bob.page, adaId)]);
  });

  step("a lost connection is reported; back online the app rejoins by itself, video included", async () => {
    const before = bob.problems.length;
    await bob.context.setOffline(true);
    await eventually(async () => /connection lost/i.test(await text(byTestId(bob.page, "error-banner"))), 10000, "Bob is told the connection is lost");
    // Long enough for the server to drop Bob (3 s grace), so he must join again.
    await participant(ada.page, bobId).waitFor({ state: "detached", timeout: 20000 });
    await bob.context.setOffline(false);
    await participant(ada.page, bobId).waitFor({ timeout: 20000 });
    await byTestId(bob.page, "error-banner").waitFor({ state: "detached" });
    assert.equal(await byTestId(bob.page, "room-view").getAttribute("data-room-id"), roomId);
    await byTestId(ada.page, "chat-input").fill("Welcome back Bob");
    await byTestId(ada.page, "chat-send").click();
    await byTestId(bob.page, "chat-message").filter({ hasText: "Welcome back Bob" }).waitFor();
    await Promise.all([waitForRemoteVideo(ada.page, bobId), waitForRemoteVideo(bob.page, adaId)]);
    // Requests that failed while offline, and Socket.IO transports given up while reconnecting,
    // are logged by the browser itself; nothing else may be.
    const offline = bob.problems
      .splice(before)
      .filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p) && !/\/socket\.io\//.test(p));
    bob.problems.push(...offline);
  });

  step("a guest joins the public room with only a display name, from the invitation link and from the guest lobby", async () => {
    cleo = await person(browser, "cleo", { width: 360, height: 740 });
    const roomView = cleo.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`);
    // The room's link, logged out: the auth form offers to join as a guest under the name typed.
    await cleo.page.goto(`/rooms/${roomId}`);
    await byTestId(cleo.page, "auth-name").fill(CLEO);
    await byTestId(cleo.page, "room-join").click();
    await roomView.waitFor();
    await byTestId(ada.page, "participant").filter({ hasText: CLEO }).waitFor();
    await byTestId(cleo.page, "chat-message").filter({ hasText: "Hi Ada!" }).waitFor();
    await byTestId(ada.page, "chat-input").fill("Welcome Cleo");
    await byTestId(ada.page, "chat-send").click();
    await byTestId(cleo.page, "chat-message").filter({ hasText: "Welcome Cleo" }).waitFor();
    const overflow = await cleo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow} px)`);
    // Leaving lands in the guest lobby, which lists the public room; joining from there works too.
    await byTestId(cleo.page, "leave-room").click();
    await byTestId(ada.page, "participant").filter({ hasText: CLEO }).waitFor({ state: "detached" });
    assert.equal(await byTestId(cleo.page, "guest-name").inputValue(), CLEO, "the guest name is remembered");
    await roomCard(cleo.page, ROOM).locator('[data-testid="room-join"]').click();
    await roomView.waitFor();
    await byTestId(ada.page, "participant").filter({ hasText: CLEO }).waitFor();
    await byTestId(cleo.page, "leave-room").click();
    await roomCard(cleo.page, ROOM).waitFor();
    await byTestId(ada.page, "participant").filter({ hasText: CLEO }).waitFor({ state: "detached" });
  });

  step("an admin mutes one person and removes another, who leaves the room and is told why", async () => {
    const admin = cleo; // the same browser, now signed in as the admin
    await admin.page.setViewportSize({ width: 1280, height: 800 });
    await logIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
    await roomCard(admin.page, ROOM).locator('[data-testid="room-join"]').click();
    await admin.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
    assert.equal(await participant(bob.page, adaId).locator('[data-testid="participant-kick"]').count(), 0, "no kick button for a plain member");
    // Mute first: Ada's microphone (on since the video step) goes off and she is marked muted.
    assert.equal(await byTestId(ada.page, "toggle-mic").getAttribute("aria-pressed"), "true");
    await participant(admin.page, adaId).locator('[data-testid="participant-mute"]').click();
    await eventually(async () => (await byTestId(ada.page, "toggle-mic").getAttribute("aria-pressed")) === "false", 5000, "Ada's microphone turned off");
    await participant(bob.page, adaId).locator('[data-testid="participant-muted"]').waitFor();
    await participant(admin.page, bobId).locator('[data-testid="participant-kick"]').click();
    const bannerText = await text(await byTestId(bob.page, "error-banner").waitFor().then(() => byTestId(bob.page, "error-banner")));
    assert.match(bannerText, /removed/i);
    await byTestId(bob.page, "room-view").waitFor({ state: "detached" });
    await participant(ada.page, bobId).waitFor({ state: "detached" });
    await participant(admin.page, bobId).waitFor({ state: "detached" });
  });

  step("joining a full room is refused in plain words and leaves you in the lobby", async () => {
    // Two people fill a room of two over the REST API; Bob then tries to join it.
    const signupApi = async (name) => {
      const res = await fetch(`${BASE_URL}/api/auth/signup`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, email: `${name.toLowerCase().replace(/\W+/g, "-")}@e2e.test`, password: PASSWORD }),
      });
      assert.equal(res.status, 201, `signup ${name}`);
      return (await res.json()).token;
    };
    const post = async (path, token, body = {}) => {
      const res = await fetch(`${BASE_URL}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const [t1, t2] = await Promise.all([signupApi(`Dan ${run}`), signupApi(`Eve ${run}`)]);
    const fullName = `Full room ${run}`;
    const created = await post("/api/rooms", t1, { name: fullName, capacity: 2 });
    assert.equal(created.status, 201);
    const fullId = (created.body.room ?? created.body).id;
    assert.equal((await post(`/api/rooms/${fullId}/join`, t1)).status, 200);
    assert.equal((await post(`/api/rooms/${fullId}/join`, t2)).status, 200);
    const card = roomCard(bob.page, fullName);
    await eventually(async () => (await text(card.locator('[data-testid="room-occupancy"]'))) === "2/2", 10000, "the full room shows 2/2");
    await card.locator('[data-testid="room-join"]').click();
    await eventually(async () => /full/i.test(await text(byTestId(bob.page, "error-banner"))), 10000, "the banner says the room is full");
    await byTestId(bob.page, "room-list").waitFor();
    assert.equal(await byTestId(bob.page, "room-view").count(), 0, "not in the room");
  });

  step("in a room of ten (media_topology sfu) the two see each other's video through the SFU", async () => {
    // Ada leaves the room she is in; Bob is in the lobby since the previous step.
    await byTestId(ada.page, "leave-room").click();
    await byTestId(ada.page, "room-list").waitFor();
    const name = `SFU room ${run}`;
    await byTestId(ada.page, "create-room-name").fill(name);
    await byTestId(ada.page, "create-room-capacity").fill("10");
    await byTestId(ada.page, "create-room-submit").click();
    await byTestId(ada.page, "room-view").waitFor();
    const sfuRoomId = await byTestId(ada.page, "room-view").getAttribute("data-room-id");
    const topology = await ada.page.evaluate(async (id) => {
      const { token } = JSON.parse(localStorage.getItem("carrel.session") ?? "{}");
      const res = await fetch(`/api/rooms/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      return (await res.json()).room?.media_topology;
    }, sfuRoomId);
    assert.equal(topology, "sfu", "a room of ten uses the SFU");
    await roomCard(bob.page, name).locator('[data-testid="room-join"]').click();
    await bob.page.locator(`[data-testid="room-view"][data-room-id="${sfuRoomId}"]`).waitFor();
    await participant(ada.page, bobId).waitFor();
    const [atAda, atBob] = await Promise.all([waitForRemoteVideo(ada.page, bobId), waitForRemoteVideo(bob.page, adaId)]);
    assert.ok(atAda.width > 0 && atBob.width > 0, `video sizes ${JSON.stringify({ atAda, atBob })}`);
    for (const who of [ada, bob]) {
      assert.equal(await byTestId(who.page, "toggle-cam").getAttribute("aria-pressed"), "true", `${who.name}'s camera on`);
      assert.equal(await byTestId(who.page, "toggle-mic").getAttribute("aria-pressed"), "false", `${who.name}'s microphone off`);
    }
    // The video travelled through the SFU: its consumers forwarded RTP.
    const metrics = await (await fetch(`${BASE_URL}/metrics`)).text();
    const forwarded = Number(/^carrel_sfu_rtp_packets_forwarded_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    assert.ok(forwarded > 0, `RTP forwarded by the SFU (${forwarded} packets)`);
    // The microphone toggle resumes the audio producer; the other side sees it on.
    await byTestId(bob.page, "toggle-mic").click();
    await eventually(async () => (await byTestId(bob.page, "toggle-mic").getAttribute("aria-pressed")) === "true", 5000, "Bob's mic on");
    await eventually(async () => /Microphone on/.test(await text(participant(ada.page, bobId))), 5000, "Ada sees Bob's microphone on");
  });

  step("in the SFU room, a short drop of the connection: media starts again and video is back both ways", async () => {
    const before = bob.problems.length;
    const selector = `[data-testid="remote-video"][data-user-id="${bobId}"]`;
    await ada.page.$eval(selector, (video) => (window.__bobStream = video.srcObject));
    await bob.context.setOffline(true);
    await eventually(async () => /connection lost/i.test(await text(byTestId(bob.page, "error-banner"))), 10000, "Bob's connection dropped");
    await bob.context.setOffline(false);
    await byTestId(bob.page, "error-banner").waitFor({ state: "detached", timeout: 20000 });
    // The server closed the old socket's media; Ada receives Bob's new producers.
    await ada.page.waitForFunction((sel) => {
      const video = document.querySelector(sel);
      return Boolean(video && video.srcObject && video.srcObject !== window.__bobStream);
    }, selector, { timeout: 20000, polling: 200 });
    await Promise.all([waitForRemoteVideo(ada.page, bobId), waitForRemoteVideo(bob.page, adaId)]);
    const offline = bob.problems
      .splice(before)
      .filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p) && !/\/socket\.io\//.test(p));
    bob.problems.push(...offline);
  });

  step("no console errors and no uncaught exceptions on any page", () => {
    assertNoProblems([ada, bob, cleo].filter(Boolean));
  }, { independent: true });
});
