// The SFU signaling on /room/:roomId with the official socket.io-client and no browser: the
// answers' shapes mediasoup-client needs (capabilities, transport parameters), the refusals
// (unknown transport, bad input, another user's transport, media after leaving) and that the
// sfu-* events are known to the namespace.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { startServer, api, signup, createRoom } from "./server.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

async function connect(user, roomId) {
  await api(server, "POST", `/api/rooms/${roomId}/join`, {}, user.token);
  const socket = io(`${server.url}/room/${roomId}`, {
    auth: { token: user.token },
    transports: ["websocket"],
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

const ask = (socket, event, data = {}) => socket.timeout(5000).emitWithAck(event, data);

test("capabilities and transports have mediasoup's shapes", async () => {
  const user = await signup(server, "Sig");
  const roomId = await createRoom(server, user);
  const socket = await connect(user, roomId);
  try {
    const caps = await ask(socket, "sfu-get-rtp-capabilities");
    assert.equal(caps.ok, true);
    assert.equal(caps.media_mode, "video");
    assert.deepEqual(caps.producers, []);
    const mimes = caps.rtpCapabilities.codecs.map((c) => c.mimeType);
    assert.deepEqual(mimes, ["audio/opus", "video/VP8"]);
    for (const codec of caps.rtpCapabilities.codecs) {
      assert.equal(typeof codec.preferredPayloadType, "number");
      assert.ok(Array.isArray(codec.rtcpFeedback));
    }
    assert.ok(caps.rtpCapabilities.headerExtensions.some(
      (e) => e.uri === "urn:ietf:params:rtp-hdrext:sdes:mid" && e.preferredId > 0));

    const transport = await ask(socket, "sfu-create-transport", { direction: "send" });
    assert.equal(transport.ok, true);
    assert.match(transport.id, /^[0-9a-f-]{36}$/);
    assert.equal(transport.iceParameters.iceLite, true);
    assert.ok(transport.iceParameters.usernameFragment.length >= 4);
    assert.ok(transport.iceParameters.password.length >= 22);
    const [candidate] = transport.iceCandidates;
    assert.equal(candidate.protocol, "udp");
    assert.equal(candidate.type, "host");
    assert.equal(candidate.ip, "127.0.0.1");
    assert.ok(candidate.port > 0);
    assert.equal(transport.dtlsParameters.role, "auto");
    assert.equal(transport.dtlsParameters.fingerprints[0].algorithm, "sha-256");
    assert.match(transport.dtlsParameters.fingerprints[0].value, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  } finally {
    socket.close();
  }
});

test("bad and foreign requests are refused with a code", async () => {
  const [ann, ben] = [await signup(server, "Ann"), await signup(server, "Ben")];
  const roomId = await createRoom(server, ann);
  const a = await connect(ann, roomId);
  const b = await connect(ben, roomId);
  try {
    const direction = await ask(a, "sfu-create-transport", { direction: "sideways" });
    assert.equal(direction.ok, false);
    assert.equal(direction.error.code, "VALIDATION_ERROR");
    const unknown = await ask(a, "sfu-connect-transport", {
      transport_id: "00000000-0000-4000-8000-000000000000",
      dtlsParameters: { role: "client", fingerprints: [{ algorithm: "sha-256", value: "AA" }] },
    });
    assert.equal(unknown.error.code, "TRANSPORT_NOT_FOUND");
    const mine = await ask(a, "sfu-create-transport", { direction: "send" });
    // Ben cannot produce on Ann's transport.
    const foreign = await ask(b, "sfu-produce", {
      transport_id: mine.id,
      kind: "audio",
      rtpParameters: { codecs: [{ mimeType: "audio/opus", payloadType: 111, clockRate: 48000 }],
        encodings: [{ ssrc: 1 }] },
    });
    assert.equal(foreign.error.code, "TRANSPORT_NOT_FOUND");
    const codec = await ask(a, "sfu-produce", {
      transport_id: mine.id,
      kind: "video",
      rtpParameters: { codecs: [{ mimeType: "video/H265", payloadType: 96, clockRate: 90000 }],
        encodings: [{ ssrc: 2 }] },
    });
    assert.equal(codec.error.code, "UNSUPPORTED_CODEC");
    const newProducer = new Promise((resolve) => b.once("sfu-new-producer", resolve));
    const produced = await ask(a, "sfu-produce", {
      transport_id: mine.id,
      kind: "audio",
      rtpParameters: { mid: "0", codecs: [{ mimeType: "audio/opus", payloadType: 111,
        clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 3 }], rtcp: { cname: "x" } },
    });
    assert.equal(produced.ok, true);
    const heard = await newProducer;
    assert.equal(heard.producer_id, produced.id);
    assert.equal(heard.user_id, ann.id);
    assert.equal(heard.kind, "audio");
    const steal = await ask(b, "sfu-close-producer", { producer_id: produced.id });
    assert.equal(steal.error.code, "PRODUCER_NOT_FOUND");
    const closed = new Promise((resolve) => b.once("sfu-producer-closed", resolve));
    assert.equal((await ask(a, "sfu-close-producer", { producer_id: produced.id })).ok, true);
    assert.equal((await closed).producer_id, produced.id);
  } finally {
    a.close();
    b.close();
  }
});

test("media after leaving is refused until joining again", async () => {
  const user = await signup(server, "Cat");
  const roomId = await createRoom(server, user);
  const socket = await connect(user, roomId);
  try {
    assert.equal((await ask(socket, "leave-room")).ok, true);
    const refused = await ask(socket, "sfu-create-transport", { direction: "recv" });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, "NOT_PARTICIPANT");
    assert.equal((await ask(socket, "join-room")).ok, true);
    assert.equal((await ask(socket, "sfu-create-transport", { direction: "recv" })).ok, true);
  } finally {
    socket.close();
  }
});
