// A terminal chat client for a Carrel study room, on the official socket.io-client:
//
//   node chat-client.mjs --name Ada --email ada@example.org --password secret123 \
//                        [--room "Study Room 1"] [--server http://localhost:8080]
//
// It signs up (or logs in when the account exists), joins the room over REST, connects to the
// room's namespace and prints what happens there. Every line typed on stdin is sent as a chat
// message; end stdin (Ctrl-D) to leave the room and quit.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";

const { values: args } = parseArgs({
  options: {
    name: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    room: { type: "string", default: "Study Room 1" },
    server: { type: "string", default: "http://localhost:8080" },
  },
});
for (const required of ["name", "email", "password"]) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}

async function api(method, path, body, token) {
  const response = await fetch(args.server + path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw Object.assign(new Error(json.error?.message), { code: json.error?.code });
  return json;
}

async function logIn() {
  try {
    return await api("POST", "/api/auth/signup", {
      name: args.name,
      email: args.email,
      password: args.password,
    });
  } catch (error) {
    if (error.code !== "EMAIL_TAKEN") throw error;
    return api("POST", "/api/auth/login", { email: args.email, password: args.password });
  }
}

const { token, user } = await logIn();
const { rooms } = await api("GET", "/api/rooms");
const room = rooms.find((candidate) => candidate.name === args.room);
if (!room) {
  console.error(`no room named "${args.room}"`);
  process.exit(1);
}
try {
  await api("POST", `/api/rooms/${room.id}/join`, {}, token);
} catch (error) {
  if (error.code !== "ALREADY_IN_ROOM") throw error;
}

const socket = io(`${args.server}/room/${room.id}`, { auth: { token } });
const names = new Map();
socket.on("connect_error", (error) => console.error(`cannot connect: ${error.data?.code ?? error.message}`));
socket.on("user-joined", (event) => {
  names.set(event.user_id, event.user_name);
  console.log(`* ${event.user_name} joined (${event.current_occupancy} here)`);
});
socket.on("user-left", (event) =>
  console.log(`* ${names.get(event.user_id) ?? event.user_id} left (${event.current_occupancy} here)`),
);
socket.on("new-message", (message) => console.log(`<${message.user_name}> ${message.content}`));
socket.on("timer-synced", (timer) => console.log(`* timer ${timer.action} (${timer.remaining ?? 0}s left)`));
socket.on("user-kicked", (event) => event.user_id === user.id && console.log("* you were removed"));

socket.on("connect", async () => {
  const answer = await socket.emitWithAck("join-room", {});
  if (!answer.ok) return console.error(`join-room: ${answer.error.code}`);
  for (const participant of answer.state.participants) names.set(participant.user_id, participant.user_name);
  const others = answer.state.participants.filter((p) => p.user_id !== user.id).map((p) => p.user_name);
  console.log(`* in ${room.name} as ${user.name}; also here: ${others.join(", ") || "nobody yet"}`);
});

const input = createInterface({ input: process.stdin });
input.on("line", async (line) => {
  if (!line.trim()) return;
  const answer = await socket.emitWithAck("send-message", { content: line, type: "TEXT" });
  if (!answer.ok) console.error(`not sent: ${answer.error.message}`);
});
input.on("close", async () => {
  await socket.emitWithAck("leave-room").catch(() => {});
  socket.close();
  process.exit(0);
});
