// The test page: joins the room named in the query (?room=<id>&token=<jwt>&user=<id>), publishes
// the fake camera and microphone through SfuSession and shows every remote video. The test
// reads window.sfu: {ready, remote: {producerId: {kind, userId, element}}, mediaMode, errors}.
import { io } from "socket.io-client";
import { SfuSession, request } from "./sfu-client.js";

const params = new URLSearchParams(location.search);
const state = { ready: false, remote: {}, mediaMode: "video", modes: [], errors: [], producers: {} };
window.sfu = state;

function show({ track, kind, producerId, userId }) {
  const element = document.createElement(kind === "video" ? "video" : "audio");
  element.autoplay = true;
  element.muted = true; // autoplay without a gesture; the track is still received
  element.playsInline = true;
  element.srcObject = new MediaStream([track]);
  element.dataset.producerId = producerId;
  element.dataset.userId = userId;
  document.body.appendChild(element);
  element.play().catch(() => {});
  state.remote[producerId] = { kind, userId, element };
}

function hide({ producerId }) {
  state.remote[producerId]?.element.remove();
  delete state.remote[producerId];
}

async function main() {
  const socket = io(`/room/${params.get("room")}`, {
    auth: { token: params.get("token") },
    transports: ["websocket"],
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  await request(socket, "join-room", {});
  const session = new SfuSession(socket, {
    onTrack: show,
    onTrackEnded: hide,
    onMediaMode: (mode) => {
      state.mediaMode = mode;
      state.modes.push(mode);
    },
    onError: (error) => state.errors.push(`${error.code ?? ""} ${error.message}`),
  });
  window.session = session;
  await session.start({ userId: params.get("user") });
  const media = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: 320, height: 240, frameRate: 15 },
  });
  for (const track of media.getTracks()) {
    try {
      const producer = await session.publish(track);
      state.producers[track.kind] = producer.id;
    } catch (error) {
      state.errors.push(`${error.code ?? ""} ${error.message}`);
    }
  }
  window.localMedia = media;
  state.ready = true;
}

// Frames decoded so far per remote video producer, from the consumers' inbound-rtp stats.
window.framesDecoded = async () => {
  const out = {};
  for (const [producerId, consumer] of window.session?.consumers ?? []) {
    if (consumer.kind !== "video") continue;
    const stats = await consumer.getStats();
    for (const report of stats.values())
      if (report.type === "inbound-rtp") out[producerId] = report.framesDecoded ?? 0;
  }
  return out;
};

main().catch((error) => {
  state.errors.push(String(error?.stack ?? error));
});
